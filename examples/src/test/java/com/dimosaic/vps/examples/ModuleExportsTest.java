package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every package of the SDK's modules is exported, but its {@code internal} ones: a new package is not forgotten in module-info.java. */
class ModuleExportsTest {
  static final List<String> MODULES = List.of("vps-core", "vps-ssh", "vps-netcup", "vps-compose", "vps-mox", "vps-validation", "vps");

  @Test
  void everyPackageButInternalOnesIsExported() throws IOException {
    List<String> missing = new ArrayList<>();
    for (String m : MODULES) {
      Path src = Path.of("..", m, "src/main/java");
      Set<String> exported = Files.readAllLines(src.resolve("module-info.java")).stream().map(String::strip)
          .filter(l -> l.startsWith("exports ")).map(l -> l.substring("exports ".length()).replaceAll("[ ;].*", ""))
          .collect(Collectors.toCollection(TreeSet::new));
      try (Stream<Path> walk = Files.walk(src)) {
        Set<String> packages = walk.filter(p -> p.toString().endsWith(".java") && !p.getFileName().toString().equals("module-info.java"))
            .map(p -> src.relativize(p.getParent()).toString().replace('/', '.')).filter(p -> !p.contains("internal"))
            .collect(Collectors.toCollection(TreeSet::new));
        packages.stream().filter(p -> !exported.contains(p)).forEach(p -> missing.add(m + ": " + p));
      }
    }
    assertEquals(List.of(), missing, "packages not exported by their module-info.java");
  }
}
