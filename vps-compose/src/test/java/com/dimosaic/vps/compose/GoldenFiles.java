package com.dimosaic.vps.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/** A folder of golden files compared with generated text: missing, extra and different files all fail. */
final class GoldenFiles {
  private GoldenFiles() {}

  /** Every file under {@code dir}, as relative paths with '/' separators. */
  static TreeSet<String> list(Path dir) {
    TreeSet<String> names = new TreeSet<>();
    if (!Files.isDirectory(dir)) {
      return names;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(Files::isRegularFile).forEach(p -> names.add(dir.relativize(p).toString().replace('\\', '/')));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  /** Fails unless the folder holds exactly the expected files with exactly the expected text. */
  static void assertMatches(Path dir, Map<String, String> expected) {
    assertEquals(new TreeSet<>(expected.keySet()), list(dir),
        "golden files in " + dir + " (regenerate with -Dvps.updateGolden=true and review the diff)");
    expected.forEach((name, text) -> {
      try {
        assertEquals(Files.readString(dir.resolve(name)), text, "golden " + dir.resolve(name));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** Rewrites the folder to the expected files, removing stale ones; returns the names written. */
  static List<String> update(Path dir, Map<String, String> expected) {
    try {
      for (String stale : list(dir)) {
        if (!expected.containsKey(stale)) {
          Files.delete(dir.resolve(stale));
        }
      }
      List<String> written = new ArrayList<>();
      for (Map.Entry<String, String> e : expected.entrySet()) {
        Path f = dir.resolve(e.getKey());
        Files.createDirectories(f.getParent());
        Files.writeString(f, e.getValue());
        written.add(e.getKey());
      }
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
