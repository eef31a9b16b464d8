package com.dimosaic.vps.profile.internal;

import com.dimosaic.vps.core.Suggest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Strict, error-collecting access to one YAML mapping: unknown keys are problems with a "did you
 * mean" hint, wrong types are problems, and reading goes on after a problem so that every problem
 * in a file is found in one pass. Every value read is registered in {@link Locations}.
 */
public final class Fields {
  private static final Pattern INT = Pattern.compile("[+-]?[0-9]+");

  private final Source src;
  private final YamlNode.Mapping map;
  private final String path;

  /** Where problems go and where positions are recorded, for one file. */
  public record Source(String file, Problems problems, Locations locations) {}

  private Fields(Source src, YamlNode.Mapping map, String path) {
    this.src = src;
    this.map = map;
    this.path = path;
  }

  /**
   * Opens {@code node} as a mapping with the allowed keys. A node of another kind is a problem, and
   * the result is then an empty mapping so reading can go on.
   */
  public static Fields of(Source src, YamlNode node, String path, String... allowed) {
    YamlNode.Mapping m;
    if (node instanceof YamlNode.Mapping mm) {
      m = mm;
    } else {
      if (!(node instanceof YamlNode.Scalar s && s.isNull())) {
        src.problems().add(src.file(), node, path, "expected a mapping (key: value lines) but found " + node.kindName());
      }
      m = new YamlNode.Mapping(Map.of(), Map.of(), node.line(), node.column());
    }
    src.locations().put(path, src.file(), m.line(), m.column());
    Fields f = new Fields(src, m, path);
    if (allowed.length > 0) {
      Set<String> ok = new LinkedHashSet<>(Arrays.asList(allowed));
      for (Map.Entry<String, YamlNode.Scalar> k : m.keys().entrySet()) {
        if (!ok.contains(k.getKey())) {
          String hint = Suggest.hint(k.getKey(), ok);
          src.problems().add(src.file(), k.getValue(), f.path(k.getKey()),
              "unknown key" + (hint.isEmpty() ? "; allowed here: " + String.join(", ", ok) : hint));
        }
      }
    }
    for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
      src.locations().put(f.path(e.getKey()), src.file(), e.getValue().line(), e.getValue().column());
    }
    return f;
  }

  /** The source (file, problems, locations). */
  public Source source() {
    return src;
  }

  /** The key path of this mapping. */
  public String path() {
    return path;
  }

  /** The key path of a key in this mapping. */
  public String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The mapping node itself. */
  public YamlNode.Mapping node() {
    return map;
  }

  /** The keys present, in file order. */
  public List<String> keys() {
    return new ArrayList<>(map.entries().keySet());
  }

  /** Whether the key is present with a non-null value. */
  public boolean has(String key) {
    return node(key).isPresent();
  }

  /** The value node, absent when missing or null. */
  public Optional<YamlNode> node(String key) {
    YamlNode n = map.entries().get(key);
    if (n == null || (n instanceof YamlNode.Scalar s && s.isNull())) {
      return Optional.empty();
    }
    return Optional.of(n);
  }

  /** Records a problem at the value of {@code key} (or at this mapping when the key is missing). */
  public void problem(String key, String message) {
    YamlNode at = map.entries().get(key);
    if (at == null) {
      src.problems().add(src.file(), map, path(key), message);
    } else {
      src.problems().add(src.file(), at, path(key), message);
    }
  }

  /** Records a problem at the key itself (for a bad name), or at this mapping when the key is missing. */
  public void problemAtKey(String key, String message) {
    YamlNode at = map.keys().get(key);
    src.problems().add(src.file(), at == null ? map : at, path(key), message);
  }

  /** Records a problem at a node with a path. */
  public void problem(YamlNode at, String keyPath, String message) {
    src.problems().add(src.file(), at, keyPath, message);
  }

  private Optional<YamlNode.Scalar> scalar(String key) {
    Optional<YamlNode> n = node(key);
    if (n.isEmpty()) {
      return Optional.empty();
    }
    if (n.get() instanceof YamlNode.Scalar s) {
      return Optional.of(s);
    }
    problem(key, "expected a single value but found " + n.get().kindName());
    return Optional.empty();
  }

  /** A required string; a problem when missing. Returns "" after a problem. */
  public String string(String key) {
    Optional<YamlNode.Scalar> s = scalar(key);
    if (s.isEmpty()) {
      if (!map.entries().containsKey(key) || node(key).isEmpty()) {
        problem(key, "required key is missing");
      }
      return "";
    }
    return s.get().text();
  }

  /** An optional string. */
  public Optional<String> optString(String key) {
    return scalar(key).map(YamlNode.Scalar::text);
  }

  /** A string with a default. */
  public String string(String key, String def) {
    return optString(key).orElse(def);
  }

  /** A string that must match a predicate; {@code what} describes the expected form. */
  public String string(String key, String def, Predicate<String> valid, String what) {
    String v = string(key, def);
    if (has(key) && !valid.test(v)) {
      problem(key, "invalid value '" + v + "': expected " + what);
    }
    return v;
  }

  /** One of a fixed set of words. */
  public String oneOf(String key, String def, String... allowed) {
    String v = string(key, def);
    List<String> ok = Arrays.asList(allowed);
    if (has(key) && !ok.contains(v)) {
      problem(key, "invalid value '" + v + "': expected one of " + String.join(", ", ok) + Suggest.hint(v, ok));
      return def;
    }
    return v;
  }

  /** An integer within bounds. */
  public int integer(String key, int def, int min, int max) {
    Optional<YamlNode.Scalar> s = scalar(key);
    if (s.isEmpty()) {
      return def;
    }
    String t = s.get().text();
    if (!s.get().plain() || !INT.matcher(t).matches()) {
      problem(key, "expected a whole number but found '" + t + "'");
      return def;
    }
    try {
      long v = Long.parseLong(t);
      if (v < min || v > max) {
        problem(key, "out of range: " + t + " (allowed " + min + " to " + max + ")");
        return def;
      }
      return (int) v;
    } catch (NumberFormatException e) {
      problem(key, "out of range: " + t + " (allowed " + min + " to " + max + ")");
      return def;
    }
  }

  /** A boolean: {@code true} or {@code false} only (YAML 1.2), so {@code yes} is refused. */
  public boolean bool(String key, boolean def) {
    Optional<YamlNode.Scalar> s = scalar(key);
    if (s.isEmpty()) {
      return def;
    }
    String t = s.get().text();
    if (s.get().plain() && (t.equals("true") || t.equals("false"))) {
      return t.equals("true");
    }
    problem(key, "expected true or false but found '" + t + "'");
    return def;
  }

  /** A list of nodes (absent → empty). A single value where a list is expected is a problem. */
  public List<YamlNode> list(String key) {
    Optional<YamlNode> n = node(key);
    if (n.isEmpty()) {
      return List.of();
    }
    if (n.get() instanceof YamlNode.Seq seq) {
      for (int i = 0; i < seq.items().size(); i++) {
        YamlNode item = seq.items().get(i);
        src.locations().put(path(key) + "[" + i + "]", src.file(), item.line(), item.column());
      }
      return seq.items();
    }
    problem(key, "expected a list but found " + n.get().kindName());
    return List.of();
  }

  /** A list of strings. Non-scalar items are problems. */
  public List<String> strings(String key) {
    List<String> out = new ArrayList<>();
    List<YamlNode> items = list(key);
    for (int i = 0; i < items.size(); i++) {
      YamlNode item = items.get(i);
      if (item instanceof YamlNode.Scalar s && !s.isNull()) {
        out.add(s.text());
      } else {
        problem(item, path(key) + "[" + i + "]", "expected a single value but found " + item.kindName());
      }
    }
    return out;
  }

  /** A nested mapping (absent → empty mapping). */
  public Fields child(String key, String... allowed) {
    YamlNode n = node(key).orElse(null);
    if (n == null) {
      return new Fields(src, new YamlNode.Mapping(Map.of(), Map.of(), map.line(), map.column()), path(key));
    }
    return of(src, n, path(key), allowed);
  }

  /** Fields over a list item. */
  public Fields item(YamlNode item, String itemPath, String... allowed) {
    return of(src, item, itemPath, allowed);
  }
}
