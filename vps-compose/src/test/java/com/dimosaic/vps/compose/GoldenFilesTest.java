package com.dimosaic.vps.compose;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** The golden-file comparison catches a changed, a missing and a stale file, and an update really rewrites. */
class GoldenFilesTest {
  @TempDir Path dir;

  @Test
  void changedMissingAndStaleFilesFail() throws Exception {
    Map<String, String> expected = Map.of("a", "one\n", "sub/b", "two\n");
    GoldenFiles.update(dir, expected);
    assertDoesNotThrow(() -> GoldenFiles.assertMatches(dir, expected));

    assertThrows(AssertionFailedError.class, () -> GoldenFiles.assertMatches(dir, Map.of("a", "one\n", "sub/b", "TWO\n")));
    assertThrows(AssertionFailedError.class, () -> GoldenFiles.assertMatches(dir, Map.of("a", "one\n")));
    assertThrows(AssertionFailedError.class, () -> GoldenFiles.assertMatches(dir,
        Map.of("a", "one\n", "sub/b", "two\n", "c", "three\n")));
  }

  @Test
  void anUpdateRemovesStaleFilesAndWritesNewText() throws Exception {
    GoldenFiles.update(dir, Map.of("old", "x\n", "a", "1\n"));
    GoldenFiles.update(dir, Map.of("a", "2\n"));
    assertFalse(Files.exists(dir.resolve("old")));
    assertDoesNotThrow(() -> GoldenFiles.assertMatches(dir, Map.of("a", "2\n")));
  }
}
