package com.dimosaic.vps.render;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a tree of ordered {@link Map}s ({@code LinkedHashMap}, {@code SortedMap}, or one entry), {@link List}, {@link String}, {@link Number}
 * and {@link Boolean} as block-style YAML, deterministically. Strings are quoted whenever a YAML 1.1
 * or 1.2 reader could take them for anything but that string ({@code yes}, {@code 3}, {@code 1e3},
 * {@code null}, leading indicators, {@code : } …). Empty maps and lists are written in flow style.
 */
public final class YamlWriter {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/.][A-Za-z0-9_./@%+=:,${}() -]*[A-Za-z0-9_./@%+=:,${})-]|[A-Za-z_/.]");
  private static final Pattern BLOCK_SAFE = Pattern.compile("[^\\t\\r\\x00-\\x08\\x0b-\\x1f\\x7f\\x{85}\\x{2028}\\x{2029}\\x{feff}]*");
  private static final Pattern SPECIAL = Pattern.compile(
      "(?i)y|n|yes|no|true|false|on|off|null|~|[-+]?\\.?[0-9].*|\\.inf|\\.nan");

  private YamlWriter() {}

  /** The YAML text of {@code root} (a map), ending with a newline. */
  public static String write(Map<String, ?> root) {
    StringBuilder sb = new StringBuilder();
    writeMap(sb, root, 0);
    return sb.toString();
  }

  /** A scalar as it would be written. */
  public static String scalar(Object value) {
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    String s = (String) value;
    if (PLAIN.matcher(s).matches() && !SPECIAL.matcher(s).matches() && !s.contains(": ") && !s.endsWith(":")
        && !s.contains(" #")) {
      return s;
    }
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        case '\u0085' -> sb.append("\\N");
        case '\u2028' -> sb.append("\\L");
        case '\u2029' -> sb.append("\\P");
        case '\ufeff' -> sb.append("\\uFEFF");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  private static void indent(StringBuilder sb, int n) {
    sb.append(" ".repeat(n));
  }

  private static void writeMap(StringBuilder sb, Map<String, ?> map, int indent) {
    if (map.size() > 1 && !(map instanceof java.util.LinkedHashMap || map instanceof java.util.SortedMap)) {
      // Map.of and HashMap iterate in an order that changes between JVM runs: output would not be deterministic.
      throw new IllegalArgumentException("YamlWriter needs ordered maps (LinkedHashMap or SortedMap), got "
          + map.getClass().getName() + " with keys " + map.keySet());
    }
    for (Map.Entry<String, ?> e : map.entrySet()) {
      indent(sb, indent);
      sb.append(scalar(e.getKey())).append(':');
      writeValue(sb, e.getValue(), indent);
    }
  }

  @SuppressWarnings("unchecked")
  private static void writeValue(StringBuilder sb, Object v, int indent) {
    if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        sb.append(" {}\n");
      } else {
        sb.append('\n');
        writeMap(sb, (Map<String, ?>) m, indent + 2);
      }
    } else if (v instanceof List<?> l) {
      if (l.isEmpty()) {
        sb.append(" []\n");
      } else {
        sb.append('\n');
        for (Object item : l) {
          indent(sb, indent + 2);
          sb.append("-");
          if (item instanceof Map<?, ?> im && !im.isEmpty()) {
            // first key on the dash line, the rest aligned under it
            StringBuilder inner = new StringBuilder();
            writeMap(inner, (Map<String, ?>) im, indent + 4);
            sb.append(' ').append(inner.substring(indent + 4));
          } else {
            writeValue(sb, item, indent + 2);
          }
        }
      }
    } else if (v == null) {
      sb.append(" null\n");
    } else if (v instanceof String s && isBlock(s)) {
      // literal block: "|" keeps one final newline, "|-" none, "|+" several
      String chomp = !s.endsWith("\n") ? "-" : s.endsWith("\n\n") ? "+" : "";
      sb.append(" |").append(chomp).append('\n');
      String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
      for (String line : body.split("\n", -1)) {
        if (!line.isEmpty()) {
          indent(sb, indent + 2);
          sb.append(line);
        }
        sb.append('\n');
      }
    } else {
      sb.append(' ').append(scalar(v)).append('\n');
    }
  }

  /** Multi-line text that a literal block carries exactly. */
  private static boolean isBlock(String s) {
    if (!s.contains("\n") || s.startsWith(" ") || s.startsWith("\n") || !BLOCK_SAFE.matcher(s).matches()) {
      return false;
    }
    for (String line : s.split("\n", -1)) {
      if (line.endsWith(" ")) {
        return false;
      }
    }
    return true;
  }
}
