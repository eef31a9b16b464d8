package com.dimosaic.vps.profile.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML node that remembers where it stood in its file (1-based line and column). Scalars keep
 * their text exactly as written, so nothing is coerced behind the user's back ({@code yes} stays
 * {@code "yes"}).
 */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Seq, YamlNode.Mapping {
  /** 1-based line. */
  int line();

  /** 1-based column. */
  int column();

  /** A human name of the node's kind for error messages. */
  String kindName();

  /**
   * A scalar.
   *
   * @param text the text as written (quotes removed)
   * @param plain whether it was written without quotes (only plain scalars can be null, numbers or booleans)
   */
  record Scalar(String text, boolean plain, int line, int column) implements YamlNode {
    /** Whether this is a plain {@code null}, {@code ~} or empty value. */
    public boolean isNull() {
      return plain && (text.isEmpty() || text.equals("~") || text.equalsIgnoreCase("null"));
    }

    @Override
    public String kindName() {
      return "a single value";
    }
  }

  /** A sequence. */
  record Seq(List<YamlNode> items, int line, int column) implements YamlNode {
    /** Copies the items. */
    public Seq {
      items = List.copyOf(items);
    }

    @Override
    public String kindName() {
      return "a list";
    }
  }

  /**
   * A mapping with string keys, in file order.
   *
   * @param entries values by key, in file order
   * @param keys the key nodes by key, for the position of a key
   */
  record Mapping(Map<String, YamlNode> entries, Map<String, Scalar> keys, int line, int column) implements YamlNode {
    /** Copies the maps, keeping order. */
    public Mapping {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
      keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    @Override
    public String kindName() {
      return "a mapping";
    }
  }
}
