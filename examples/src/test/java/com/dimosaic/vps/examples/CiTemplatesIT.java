package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.dimosaic.vps.testing.Processes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every {@code run:} script of the GitHub Actions templates passes shellcheck (as bash, which GitHub's runners use). */
class CiTemplatesIT {
  @TempDir Path tmp;

  static java.util.stream.Stream<String> templates() throws java.io.IOException {
    return CiTemplatesTest.templates();
  }

  @ParameterizedTest
  @MethodSource("templates")
  void everyScriptPassesShellcheck(String name) throws Exception {
    JsonNode wf = new YAMLMapper().readTree(CiTemplatesTest.CI.resolve(name).toFile());
    List<Path> scripts = new ArrayList<>();
    for (JsonNode job : wf.get("jobs")) {
      for (JsonNode step : job.get("steps")) {
        if (step.has("run")) {
          Path f = tmp.resolve(name + "-" + scripts.size() + ".sh");
          Files.writeString(f, "#!/usr/bin/env bash\nset -e\n" + step.get("run").asText());
          scripts.add(f);
        }
      }
    }
    assertFalse(scripts.isEmpty(), name);
    List<String> argv = new ArrayList<>(List.of("shellcheck", "-s", "bash", "-S", "style"));
    scripts.forEach(s -> argv.add(s.toString()));
    Processes.Result r = Processes.run(argv, Map.of(), null);
    assertEquals(0, r.exitCode(), name + ":\n" + r.output());
  }
}
