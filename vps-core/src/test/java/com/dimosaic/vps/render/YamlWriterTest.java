package com.dimosaic.vps.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** Whatever strings go in, a YAML 1.1 reader (the strictest common one) reads the same tree back. */
class YamlWriterTest {
  static final String ALPHABET = "abcXYZ019 -_.:/#?'\"\\\n\t{}[],&*!|>%@`$=~<+()éß€\u2028";
  static final List<String> TRICKY = List.of("yes", "No", "on", "OFF", "null", "~", "true", "1:20", "0x1F", "1e3", ".inf",
      "-", "- a", "a: b", "a #b", "#c", "", " lead", "trail ", "key:", "<<", "=", "2001-12-14", "@x", "`x", "%x", "!x",
      "&x", "*x", "a\nb", "a\nb\n", "a\n\n", " x\ny", "x\n y", "x \ny", "\n", "tab\tin", "[a]", "{a: 1}", "'q'", "\"d\"");

  @Test
  void roundTripsTrickyAndRandomStrings() {
    Random r = new Random(42);
    for (int round = 0; round < 300; round++) {
      Map<String, Object> root = new LinkedHashMap<>();
      for (int i = 0; i < 8; i++) {
        root.put("k" + i + word(r), value(r, 0));
      }
      String text = YamlWriter.write(root);
      Object back = new Yaml(new LoaderOptions()).load(text);
      assertEquals(root, back, text);
    }
    Map<String, Object> tricky = new LinkedHashMap<>();
    for (int i = 0; i < TRICKY.size(); i++) {
      tricky.put("t" + i, TRICKY.get(i));
      tricky.put(TRICKY.get(i).isEmpty() ? "empty" : TRICKY.get(i), List.of(TRICKY.get(i)));
    }
    String text = YamlWriter.write(tricky);
    assertEquals(tricky, new Yaml().load(text), text);
  }

  @Test
  void refusesUnorderedMaps() {
    assertThrows(IllegalArgumentException.class, () -> YamlWriter.write(Map.of("a", 1, "b", 2)));
  }

  static Object value(Random r, int depth) {
    int kind = depth > 2 ? 0 : r.nextInt(4);
    if (kind == 1) {
      List<Object> l = new ArrayList<>();
      for (int i = r.nextInt(3); i >= 0; i--) {
        l.add(value(r, depth + 1));
      }
      return l;
    }
    if (kind == 2) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = r.nextInt(3); i >= 0; i--) {
        m.put("m" + i + word(r), value(r, depth + 1));
      }
      return m;
    }
    return r.nextInt(5) == 0 ? TRICKY.get(r.nextInt(TRICKY.size())) : word(r);
  }

  static String word(Random r) {
    StringBuilder sb = new StringBuilder();
    for (int i = r.nextInt(12); i > 0; i--) {
      sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
