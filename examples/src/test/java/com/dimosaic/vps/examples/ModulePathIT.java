package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.testing.Processes;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK as a user's module sees it: a consumer module that {@code requires com.dimosaic.vps}
 * compiles and runs on the module path with the SDK's modules and their libraries, loads the demo
 * profile (SOPS secrets decrypted) and plans it. It also fails to compile against an unexported
 * package ({@code profile.internal}). The other tests run the same modules on the classpath.
 */
class ModulePathIT {
  static final List<String> MODULES = List.of("vps-core", "vps-ssh", "vps-compose", "vps-mox", "vps-netcup", "vps-validation", "vps");
  /** The libraries the SDK's modules read (and theirs), by jar name. */
  static final Pattern LIBRARIES = Pattern.compile("(jackson-(core|databind|annotations|dataformat-yaml)|snakeyaml|slf4j-api|bc(prov|pkix|util)"
      + "-jdk18on|dnsjava|sshj|asn-one|eddsa|jzlib|okhttp-jvm|okio-jvm|kotlin-stdlib)-[0-9].*\\.jar");

  @TempDir Path tmp;

  static String modulePath() {
    List<String> path = new ArrayList<>();
    for (String m : MODULES) {
      path.add(Path.of("..", m, "target", "classes").toAbsolutePath().toString());
    }
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (LIBRARIES.matcher(Path.of(e).getFileName().toString()).matches()) {
        path.add(e);
      }
    }
    return String.join(File.pathSeparator, path);
  }

  static Path copy(Path from, Path to) throws Exception {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return to;
  }

  static List<String> sources(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
    }
  }

  @Test
  void aConsumerModuleCompilesAndRunsOnTheModulePath() throws Exception {
    Path src = copy(Path.of("src/test/resources/modulepath/consumer"), tmp.resolve("src"));
    Path out = tmp.resolve("out");
    String java = Path.of(System.getProperty("java.home"), "bin").toString();
    List<String> javac = new ArrayList<>(List.of(java + "/javac", "--module-path", modulePath(), "-d", out.toString()));
    javac.addAll(sources(src));
    Processes.Result compiled = Processes.run(javac, Map.of(), null, Duration.ofMinutes(2));
    assertEquals(0, compiled.exitCode(), compiled.output());

    Processes.Result ran = Processes.run(List.of(java + "/java", "--module-path", modulePath() + File.pathSeparator + out,
        "-m", "com.example.consumer/com.example.consumer.Main", Path.of("profiles/demo").toAbsolutePath().toString()),
        Map.of(), null, Duration.ofMinutes(2));
    assertEquals(0, ran.exitCode(), ran.output());
    assertTrue(ran.output().contains("module com.example.consumer read com.dimosaic.vps: ") && ran.output().contains("secret POSTGRES_PASSWORD"),
        ran.output());
  }

  @Test
  void anInternalPackageIsNotExported() throws Exception {
    Path src = copy(Path.of("src/test/resources/modulepath/consumer"), tmp.resolve("src"));
    Files.writeString(src.resolve("com/example/consumer/Internal.java"), "package com.example.consumer;\n"
        + "class Internal { Object o = com.dimosaic.vps.profile.internal.Checks.class; }\n");
    String java = Path.of(System.getProperty("java.home"), "bin").toString();
    List<String> javac = new ArrayList<>(List.of(java + "/javac", "--module-path", modulePath(), "-d", tmp.resolve("out").toString()));
    javac.addAll(sources(src));
    Processes.Result compiled = Processes.run(javac, Map.of(), null, Duration.ofMinutes(2));
    assertTrue(compiled.exitCode() != 0 && compiled.output().contains("is not visible"), compiled.output());
  }
}
