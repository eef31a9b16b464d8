package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.testing.Processes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vps completion bash} completes the runner's own commands, subcommands and options, in a real bash (issue 19.4). */
class CompletionTest {
  @TempDir Path tmp;

  String complete(Path script, String... words) {
    StringBuilder array = new StringBuilder();
    for (String w : words) {
      array.append(" '").append(w).append("'");
    }
    String test = "source " + script + "; COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1) + "; _vps; printf '%s\\n' \"${COMPREPLY[@]}\"";
    return Processes.run(List.of("bash", "-c", test), Map.of(), tmp).requireSuccess().output();
  }

  @Test
  void bashCompletesCommandsSubcommandsAndOptions() throws Exception {
    StringWriter out = new StringWriter();
    assertEquals(Main.OK, Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "completion", "bash"));
    Path script = tmp.resolve("vps.bash");
    Files.writeString(script, out.toString());
    assertEquals(0, Processes.run(List.of("bash", "-n", script.toString()), Map.of(), null).exitCode(), "valid bash");
    Processes.Result lint = Processes.run(List.of("shellcheck", "-s", "bash", script.toString()), Map.of(), null);
    assertEquals(0, lint.exitCode(), lint.output());

    assertEquals("deploy\n", complete(script, "vps", "dep"));
    assertEquals("sync\n", complete(script, "vps", "dns", "s"));
    assertEquals("--dry-run\n", complete(script, "vps", "deploy", "--dry"));
    assertEquals("--image\n", complete(script, "vps", "app", "redeploy", "--ima"));
    assertTrue(complete(script, "vps", "rollback", "--").contains("--to\n"), "rollback's options");
    assertEquals("bash\n", complete(script, "vps", "completion", ""));
  }
}
