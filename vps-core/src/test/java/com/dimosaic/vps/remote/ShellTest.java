package com.dimosaic.vps.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one quoting helper, checked by the local POSIX shell (the SSH property test repeats it remotely). */
class ShellTest {
  @Test
  void quotesOnlyWhatNeedsIt() {
    assertEquals("plain-word_1.2/x:y@z", Shell.quote("plain-word_1.2/x:y@z"));
    assertEquals("''", Shell.quote(""));
    assertEquals("'it'\\''s'", Shell.quote("it's"));
    assertEquals("'$(id)'", Shell.quote("$(id)"));
    assertThrows(IllegalArgumentException.class, () -> Shell.quote("a\0b"));
  }

  @Test
  void theLocalShellGetsEveryStringBack() throws Exception {
    Random r = new Random(1);
    String alphabet = "ab '\"`$(){}[]\\\n\t;&|<>*?~#!%-é€日";
    for (int i = 0; i < 200; i++) {
      StringBuilder sb = new StringBuilder();
      for (int j = r.nextInt(20); j > 0; j--) {
        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      String s = sb.toString();
      Process p = new ProcessBuilder("sh", "-c", Shell.join(List.of("printf", "%s", s))).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      assertEquals(s, out);
    }
  }

  @Test
  void commandLinesCarryUserEnvironmentAndDirectoryButNeverStdin() {
    Command c = Command.of("psql", "-c", "select 1").asUser("app").withEnv("PGDATABASE", "app").inDirectory("/home/app/my dir")
        .withStdin("secret".getBytes(StandardCharsets.UTF_8)).withTimeout(Duration.ofSeconds(5));
    assertEquals("cd '/home/app/my dir' && sudo -n -H -u app -- env PGDATABASE=app psql -c 'select 1'", c.toShellLine());
    assertTrue(c.toString().endsWith("<stdin 6 bytes>"), c.toString());
    assertTrue(!c.toString().contains("secret"));
  }
}
