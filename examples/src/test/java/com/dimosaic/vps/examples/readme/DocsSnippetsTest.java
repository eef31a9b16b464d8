package com.dimosaic.vps.examples.readme;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of {@code docs/*.md} is compiled code (issue 19.9): each of its paragraphs (lines between
 * blank lines) is, line for line, a region of {@link DocsSnippets} marked with that doc's name.
 */
class DocsSnippetsTest {
  static final Path SOURCE = Path.of("src/test/java/com/dimosaic/vps/examples/readme/DocsSnippets.java");
  static final Path DOCS = Path.of("../docs");

  /** The regions marked {@code // docs:<file>}, dedented. */
  static List<String> regions(String file) throws IOException {
    List<String> lines = Files.readAllLines(SOURCE);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("// docs:" + file)) {
        List<String> region = new ArrayList<>();
        for (i++; !lines.get(i).strip().equals("// docs:end"); i++) {
          region.add(lines.get(i));
        }
        out.add(dedent(region));
      }
    }
    return out;
  }

  private static String dedent(List<String> lines) {
    int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return String.join("\n", lines.stream().map(l -> l.length() >= indent ? l.substring(indent) : l).toList()).strip();
  }

  /** The {@code ```java} blocks of a doc, each split into its paragraphs. */
  static List<String> paragraphs(Path doc) throws IOException {
    List<String> out = new ArrayList<>();
    List<String> current = null;
    for (String l : Files.readAllLines(doc)) {
      if (current == null && l.strip().equals("```java")) {
        current = new ArrayList<>();
      } else if (current != null && (l.strip().equals("```") || l.isBlank())) {
        if (!current.isEmpty()) {
          out.add(dedent(current));
        }
        current = l.isBlank() ? new ArrayList<>() : null;
      } else if (current != null) {
        current.add(l);
      }
    }
    return out;
  }

  @Test
  void everyJavaBlockOfTheDocsIsCompiled() throws IOException {
    List<String> missing = new ArrayList<>();
    int blocks = 0;
    try (Stream<Path> docs = Files.list(DOCS)) {
      for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        List<String> regions = regions(doc.getFileName().toString());
        for (String paragraph : paragraphs(doc)) {
          blocks++;
          if (!regions.contains(paragraph)) {
            missing.add(doc.getFileName() + ":\n" + paragraph);
          }
        }
      }
    }
    assertTrue(blocks >= 10, "only " + blocks + " Java paragraphs found in docs/");
    assertTrue(missing.isEmpty(), "docs/ shows Java that DocsSnippets.java does not compile as it is:\n\n" + String.join("\n\n", missing));
  }
}
