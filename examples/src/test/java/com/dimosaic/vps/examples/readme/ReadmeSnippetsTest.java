package com.dimosaic.vps.examples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.OfflinePlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's Java is this module's compiled {@link ReadmeSnippets}, line for line, and the offline one runs (issue 19.9). */
class ReadmeSnippetsTest {
  static final Path SOURCE = Path.of("src/test/java/com/dimosaic/vps/examples/readme/ReadmeSnippets.java");
  static final Path README = Path.of("../README.md");

  /** The lines between {@code // readme:<name>} and {@code // readme:end}, dedented. */
  static String region(String name) throws IOException {
    List<String> lines = Files.readAllLines(SOURCE);
    int from = lines.indexOf(lines.stream().filter(l -> l.strip().equals("// readme:" + name)).findFirst().orElseThrow()) + 1;
    List<String> out = new ArrayList<>();
    for (int i = from; !lines.get(i).strip().equals("// readme:end"); i++) {
      out.add(lines.get(i));
    }
    int indent = out.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return String.join("\n", out.stream().map(l -> l.length() >= indent ? l.substring(indent) : l).toList());
  }

  @Test
  void theReadmeShowsTheCompiledSnippets() throws IOException {
    String readme = Files.readString(README);
    for (String name : List.of("imports", "offline", "host")) {
      String code = region(name);
      assertTrue(readme.contains(code), "README.md does not show the '" + name + "' snippet of ReadmeSnippets.java as it is:\n" + code);
    }
  }

  @Test
  void theOfflineSnippetRunsWithoutAKey() {
    OfflinePlan plan = ReadmeSnippets.offline(Path.of("profiles/demo"));
    assertTrue(plan.files().stream().anyMatch(f -> f.path().equals("docker-compose.yml")));
    assertTrue(plan.warnings().stream().anyMatch(w -> w.contains("values are masked")), plan.warnings().toString());
    String env = plan.files().stream().filter(f -> f.path().equals(".env")).findFirst().orElseThrow().text();
    assertTrue(env.contains("'********'") && !env.contains("demo-postgres-password"), env);
    assertEquals("demo", plan.profile());
  }
}
