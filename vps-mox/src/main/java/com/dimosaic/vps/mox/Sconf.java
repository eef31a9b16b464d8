package com.dimosaic.vps.mox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * mox's configuration format (sconf): tab indentation only, {@code key: value} lines, {@code #}
 * comment lines, lists as {@code -} lines ({@code - value} for scalars, a bare {@code -} followed
 * by deeper fields for structs), {@code key: nil} for an empty struct, values unquoted on one line.
 * Maps, lists and strings in, text out; and back.
 */
public final class Sconf {
  private Sconf() {}

  /** Writes an ordered tree ({@code Map}s, {@code List}s, scalars via {@code toString}; {@code null} = {@code nil}). */
  public static String write(Map<String, ?> tree) {
    StringBuilder sb = new StringBuilder();
    writeMap(sb, tree, 0);
    return sb.toString();
  }

  private static void writeMap(StringBuilder sb, Map<String, ?> m, int depth) {
    for (Map.Entry<String, ?> e : m.entrySet()) {
      Object v = e.getValue();
      if (v instanceof Map<?, ?> child && !child.isEmpty()) {
        sb.append("\t".repeat(depth)).append(e.getKey()).append(":\n");
        @SuppressWarnings("unchecked")
        Map<String, ?> c = (Map<String, ?>) child;
        writeMap(sb, c, depth + 1);
      } else if (v instanceof List<?> list) {
        sb.append("\t".repeat(depth)).append(e.getKey()).append(":\n");
        for (Object item : list) {
          if (item instanceof Map<?, ?> im) {
            sb.append("\t".repeat(depth + 1)).append("-\n");
            @SuppressWarnings("unchecked")
            Map<String, ?> c = (Map<String, ?>) im;
            writeMap(sb, c, depth + 2);
          } else {
            sb.append("\t".repeat(depth + 1)).append("- ").append(scalar(item)).append('\n');
          }
        }
      } else if (v == null || v instanceof Map) {
        sb.append("\t".repeat(depth)).append(e.getKey()).append(": nil\n");
      } else {
        sb.append("\t".repeat(depth)).append(e.getKey()).append(": ").append(scalar(v)).append('\n');
      }
    }
  }

  private static String scalar(Object v) {
    String s = String.valueOf(v);
    if (s.contains("\n") || s.startsWith(" ") || s.endsWith(" ") && !s.isBlank()) {
      throw new MoxException(MoxException.Reason.CONFIG, "sconf values cannot span lines or start/end with spaces: " + s.strip());
    }
    return s;
  }

  /** A parse failure with its 1-based line. */
  public static final class ParseException extends MoxException {
    private static final long serialVersionUID = 1L;
    private final int line;

    ParseException(int line, String message) {
      super(Reason.CONFIG, "line " + line + ": " + message);
      this.line = line;
    }

    /** The line. */
    public int line() {
      return line;
    }
  }

  /** Reads sconf text into ordered maps, lists and strings ({@code nil} becomes an empty map). */
  public static Map<String, Object> read(String text) {
    List<String[]> lines = new ArrayList<>(); // {depth, content, lineNo}
    String[] raw = text.split("\n", -1);
    for (int i = 0; i < raw.length; i++) {
      String l = raw[i];
      if (l.isBlank()) {
        continue;
      }
      int depth = 0;
      while (depth < l.length() && l.charAt(depth) == '\t') {
        depth++;
      }
      String content = l.substring(depth);
      if (content.startsWith(" ")) {
        throw new ParseException(i + 1, "indentation must be tabs only");
      }
      if (content.startsWith("#")) {
        continue;
      }
      lines.add(new String[] {String.valueOf(depth), content, String.valueOf(i + 1)});
    }
    int[] pos = {0};
    Map<String, Object> root = readMap(lines, pos, 0);
    if (pos[0] < lines.size()) {
      throw new ParseException(Integer.parseInt(lines.get(pos[0])[2]), "unexpected indentation");
    }
    return root;
  }

  private static Map<String, Object> readMap(List<String[]> lines, int[] pos, int depth) {
    Map<String, Object> m = new LinkedHashMap<>();
    while (pos[0] < lines.size()) {
      String[] l = lines.get(pos[0]);
      int d = Integer.parseInt(l[0]);
      int no = Integer.parseInt(l[2]);
      if (d < depth) {
        return m;
      }
      if (d > depth) {
        throw new ParseException(no, "unexpected indentation");
      }
      String c = l[1];
      int colon = c.indexOf(':');
      if (colon <= 0 || c.startsWith("-")) {
        throw new ParseException(no, "expected 'key:' or 'key: value'");
      }
      String key = c.substring(0, colon);
      if (m.containsKey(key)) {
        throw new ParseException(no, "duplicate key " + key);
      }
      String rest = c.substring(colon + 1);
      pos[0]++;
      if (rest.isEmpty()) {
        // a nested map or a list follows on deeper lines
        if (pos[0] < lines.size() && Integer.parseInt(lines.get(pos[0])[0]) == depth + 1 && lines.get(pos[0])[1].startsWith("-")) {
          m.put(key, readList(lines, pos, depth + 1));
        } else {
          m.put(key, readMap(lines, pos, depth + 1));
        }
      } else if (!rest.startsWith(" ")) {
        throw new ParseException(no, "expected a space after ':'");
      } else {
        String v = rest.substring(1);
        m.put(key, v.equals("nil") ? new LinkedHashMap<>() : v);
      }
    }
    return m;
  }

  private static List<Object> readList(List<String[]> lines, int[] pos, int depth) {
    List<Object> out = new ArrayList<>();
    while (pos[0] < lines.size()) {
      String[] l = lines.get(pos[0]);
      int d = Integer.parseInt(l[0]);
      if (d < depth) {
        return out;
      }
      String c = l[1];
      if (d != depth || !c.startsWith("-")) {
        throw new ParseException(Integer.parseInt(l[2]), "expected a list item '-'");
      }
      pos[0]++;
      if (c.equals("-")) {
        out.add(readMap(lines, pos, depth + 1));
      } else if (c.startsWith("- ")) {
        out.add(c.substring(2));
      } else {
        throw new ParseException(Integer.parseInt(l[2]), "expected '- value' or '-'");
      }
    }
    return out;
  }
}
