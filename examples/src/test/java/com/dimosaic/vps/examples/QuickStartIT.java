package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.testing.Processes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first minutes of a new user, as the README tells them (issue 19.10): a clean clone of this repository's
 * {@code HEAD}, a local Maven repository that starts empty (every third-party artifact comes from Maven Central,
 * none of the project's own is there), the README's set-up command 1 run exactly as written; then the real jbang
 * ({@code dev.jbang:jbang-cli} from Maven Central, not a stand-in) runs the script of every alias of the clone's own catalog,
 * resolving {@code //DEPS com.dimosaic:examples} from that same local repository, as the README says it does after command 1.
 * (Command 2 is what CI runs.) Only committed work is cloned: run it after a commit.
 */
class QuickStartIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path tmp;

  @Test
  void readmeCommandOneThenEveryJbangScriptFromACleanCloneAndAnEmptyLocalRepository() throws Exception {
    Path clone = tmp.resolve("clone");
    Processes.run(List.of("git", "clone", "--quiet", "--no-hardlinks", ROOT.toString(), clone.toString()), Map.of(), null,
        Duration.ofMinutes(2)).requireSuccess();
    Path repo = Files.createDirectories(tmp.resolve("m2-repository"));

    String command = readmeCommand(clone.resolve("README.md"), "# 1.");
    Processes.Result setUp = Processes.run(List.of("bash", "-c", command), Map.of("MAVEN_OPTS", "-Dmaven.repo.local=" + repo), clone,
        Duration.ofMinutes(20));
    assertEquals(0, setUp.exitCode(), "README command 1 failed on a clean clone:\n" + command + "\n" + tail(setUp.output()));
    assertTrue(Files.isRegularFile(clone.resolve("target/demo-plan/docker-compose.yml")), tail(setUp.output()));
    assertTrue(Files.isRegularFile(clone.resolve("target/demo-plan/vps-plan.json")), tail(setUp.output()));
    assertTrue(Files.isDirectory(repo.resolve("com/dimosaic/examples")), "command 1 did not install the runner into the local repository");

    List<String> jbang = jbangLauncher();
    Map<String, String> env = Map.of("JBANG_REPO", repo.toString(), "JBANG_DIR", tmp.resolve("jbang-home").toString(),
        "JBANG_NO_VERSION_CHECK", "true");
    JsonNode aliases = new ObjectMapper().readTree(clone.resolve("jbang-catalog.json").toFile()).get("aliases");
    List<String> names = new ArrayList<>();
    aliases.fieldNames().forEachRemaining(names::add);
    assertEquals(List.of("vps", "provision", "deploy", "validate", "dns", "app"), names);
    for (String alias : names) {
      List<String> argv = new ArrayList<>(jbang);
      // the alias's script by its path: this jbang build (run from its Maven Central jar) finds no alias in a local catalog, even
      // a one-line one; that each alias names its script is JbangScriptsIT's
      argv.add(aliases.get(alias).get("script-ref").asText());
      if (alias.equals("vps")) {
        argv.add("--help");
      } else if (alias.equals("dns") || alias.equals("app")) {
        argv.add(alias.equals("dns") ? "plan" : "redeploy");
      }
      Processes.Result r = jbang(argv, env, clone);
      if (alias.equals("vps")) {
        assertEquals(0, r.exitCode(), alias + ":\n" + r.output());
        assertTrue(r.output().contains("app redeploy") && r.output().contains("app build-on-host"), r.output());
      } else {
        assertEquals(Main.USAGE, r.exitCode(), alias + ":\n" + r.output());
        assertTrue(r.output().contains("usage error: " + alias) && r.output().contains("profile folder"), alias + ":\n" + r.output());
      }
    }
  }

  /** The command line that follows a comment starting with {@code marker} in the README's first bash block. */
  static String readmeCommand(Path readme, String marker) throws IOException {
    List<String> lines = Files.readAllLines(readme);
    for (int i = 0; i < lines.size() - 1; i++) {
      if (lines.get(i).startsWith(marker)) {
        int j = i + 1;
        while (lines.get(j).startsWith("#")) {
          j++; // the comment goes on
        }
        return lines.get(j).strip();
      }
    }
    throw new AssertionError("no '" + marker + "' in " + readme);
  }

  /** {@code java -cp <jbang-cli and its dependencies> dev.jbang.Main}, resolved by Maven from Central into the usual local repository. */
  private List<String> jbangLauncher() throws IOException {
    Path classpath = tmp.resolve("jbang.classpath");
    Processes.Result r = Processes.run(List.of("mvn", "-B", "-q", "-f", Path.of("src/test/jbang-cli/pom.xml").toAbsolutePath().toString(),
        "dependency:build-classpath", "-Dmdep.outputFile=" + classpath, "-Dmdep.includeScope=runtime"), Map.of(), null, Duration.ofMinutes(5));
    assertEquals(0, r.exitCode(), "could not resolve jbang-cli from Maven Central:\n" + tail(r.output()));
    // jbang-cli is the resolver pom's one dependency: the class path holds its jar and everything it needs
    String cp = Files.readString(classpath).strip();
    assertTrue(cp.contains("jbang-cli-0.132.1.jar"), cp);
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp, "dev.jbang.Main");
  }

  /**
   * Runs jbang as its launcher script does: jbang prints the command to run and exits 255, the script then runs it;
   * any other exit is jbang's own answer.
   */
  private static Processes.Result jbang(List<String> argv, Map<String, String> env, Path dir) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
    pb.environment().putAll(env);
    Path err = Files.createTempFile(dir, "jbang", ".err");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "jbang did not finish: " + argv);
    String jbangErr = Files.readString(err);
    Files.delete(err);
    if (p.exitValue() != 255) {
      return new Processes.Result(p.exitValue(), out + jbangErr);
    }
    Processes.Result run = Processes.run(List.of("bash", "-c", "exec " + out.strip()), env, dir, Duration.ofMinutes(2));
    return new Processes.Result(run.exitCode(), jbangErr + run.output());
  }

  private static String tail(String text) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
