package com.dimosaic.vps.profile;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each case breaks the minimal profile in one way and expects one problem that names the file, the
 * line and column, the key path and what is wrong.
 */
class MalformedProfileTest {
  @TempDir Path tmp;

  /** The corpus: {@code src/test/resources/malformed/cases.tsv} (the runner's test runs the same cases through {@code vps plan}). */
  static final Path CASES = Path.of("src/test/resources/malformed/cases.tsv");

  static Stream<Arguments> cases() throws IOException {
    List<Arguments> out = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(CASES)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] c = line.split("\t", -1);
      String[] more = new String[c.length - 4];
      for (int k = 4; k < c.length; k++) {
        more[k - 4] = unescape(c[k]);
      }
      out.add(Arguments.of(c[0], unescape(c[1]), unescape(c[2]), unescape(c[3]), more));
    }
    return out.stream();
  }

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
  void theCorpusHasAtLeastEightyProfiles() throws IOException {
    assertTrue(cases().count() >= 80, "cases: " + cases().count());
  }

  @ParameterizedTest(name = "[{index}] {3}")
  @MethodSource("cases")
  void malformedProfileNamesFileLineColumnAndKey(String file, String from, String to, String expected, String[] more)
      throws IOException {
    Path dir = Files.createTempDirectory(tmp, "p");
    try (Stream<Path> s = Files.list(ProfileLoaderTest.MINIMAL)) {
      for (Path f : s.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    ProfileLoaderTest.replace(dir.resolve(file), from, to);
    for (int i = 0; i < more.length; i += 2) {
      ProfileLoaderTest.replace(dir.resolve(file), more[i], more[i + 1]);
    }
    ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(dir));
    String all = e.problems().stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    assertTrue(all.contains(expected), () -> "expected a problem containing\n  " + expected + "\nbut got\n" + all);
    assertTrue(!all.contains("s3cr3t"), () -> "a credential in a problem:\n" + all);
    assertTrue(e.problems().stream().allMatch(p -> p.line() > 0 || p.message().startsWith("cannot read")),
        () -> "every problem has a position:\n" + all);
  }
}
