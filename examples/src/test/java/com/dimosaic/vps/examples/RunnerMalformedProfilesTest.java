package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The malformed-profile corpus ({@code vps-core/src/test/resources/malformed/cases.tsv}) through the
 * runner as a user meets it: every case is exit 1 with its problem on a line of its own
 * ({@code error: file:line:col: key: message}), no stack trace, no output folder, no secret value (issue 19).
 */
class RunnerMalformedProfilesTest {
  static final Path CASES = Path.of("../vps-core/src/test/resources/malformed/cases.tsv");
  static final Path MINIMAL = Path.of("../vps-core/src/test/resources/profiles/minimal");

  @TempDir Path tmp;

  static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        b.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
      } else {
        b.append(ch);
      }
    }
    return b.toString();
  }

  @Test
  void everyMalformedProfileIsOneLinePerProblemAndNothingElse() throws IOException {
    List<String> failures = new ArrayList<>();
    int n = 0;
    for (String line : Files.readAllLines(CASES)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      n++;
      String[] c = line.split("\t", -1);
      Path dir = Files.createTempDirectory(tmp, "p");
      try (Stream<Path> s = Files.list(MINIMAL)) {
        for (Path f : s.toList()) {
          Files.copy(f, dir.resolve(f.getFileName()));
        }
      }
      Path file = dir.resolve(c[0]);
      String text = Files.readString(file);
      text = text.replace(unescape(c[1]), unescape(c[2])); // columns: file, find, replace, expected, then more find/replace pairs
      for (int k = 4; k + 1 < c.length; k += 2) {
        text = text.replace(unescape(c[k]), unescape(c[k + 1]));
      }
      Files.writeString(file, text);
      Path outDir = tmp.resolve("out-" + n);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.run(new PrintWriter(out), new PrintWriter(err), "plan", dir.toString(), "--out", outDir.toString());
      String all = out + err.toString();
      String expected = unescape(c[3]);
      List<String> lines = err.toString().lines().toList();
      // the expected problem (or its key and message where the corpus leaves the position out) on a line of its own,
      // and every line naming its file, with line and column where the problem is in the file
      boolean found = lines.stream().anyMatch(l -> l.contains(expected) && l.matches("error: [a-z.]+\\.yaml(:\\d+:\\d+)?: .*"));
      if (code != 1 || !found || !lines.stream().allMatch(l -> l.matches("error: [a-z.]+\\.yaml(:\\d+:\\d+)?: .*"))
          || all.contains("\tat ") || Files.exists(outDir)
          || all.contains("pg-secret") || all.contains("app-secret")) {
        failures.add("case " + n + " (exit " + code + "): expected\n  " + expected + "\ngot\n" + err);
      }
    }
    assertTrue(n >= 80, "the corpus has " + n + " profiles");
    assertEquals(List.of(), failures);
  }
}
