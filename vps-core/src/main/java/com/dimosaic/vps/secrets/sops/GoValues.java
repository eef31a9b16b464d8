package com.dimosaic.vps.secrets.sops;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * How sops (Go, go-yaml v3) sees scalar values, so the MAC holds for plain values too: booleans only
 * {@code true/True/TRUE/false/False/FALSE}, ints via {@code ParseInt(s, 0, 64)} with {@code _} removed,
 * floats in the YAML style, timestamps and {@code yes}/{@code on} stay strings, and canonical bytes as
 * Go's {@code ToBytes} writes them.
 */
final class GoValues {
  private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  private static final Pattern INT = Pattern.compile("[-+]?(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9_]+)");

  /** Marker for YAML null (skipped by sops). */
  static final Object NULL = new Object();

  private GoValues() {}

  /** The value go-yaml v3 decodes into {@code interface{}}. */
  static Object resolve(ScalarNode node) {
    String s = node.getValue();
    if (node.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN) {
      return s; // quoted, literal or folded: always a string
    }
    if (s.isEmpty() || s.equals("~") || s.equals("null") || s.equals("Null") || s.equals("NULL")) {
      return NULL;
    }
    switch (s) {
      case "true", "True", "TRUE" -> {
        return Boolean.TRUE;
      }
      case "false", "False", "FALSE" -> {
        return Boolean.FALSE;
      }
      case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-.inf", "-.Inf", "-.INF" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case ".nan", ".NaN", ".NAN" -> {
        return Double.NaN;
      }
      default -> { }
    }
    if (INT.matcher(s).matches()) {
      Long l = parseGoInt(s.replace("_", ""));
      if (l != null) {
        return l;
      }
    }
    if (FLOAT.matcher(s).matches()) {
      try {
        return Double.parseDouble(s.replace("_", ""));
      } catch (NumberFormatException e) {
        return s;
      }
    }
    return s;
  }

  /** {@code strconv.ParseInt(s, 0, 64)}: prefixes 0x, 0o, 0b, and a leading 0 for octal. */
  static Long parseGoInt(String s) {
    boolean neg = s.startsWith("-");
    String t = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
    int radix = 10;
    if (t.startsWith("0x") || t.startsWith("0X")) {
      radix = 16;
      t = t.substring(2);
    } else if (t.startsWith("0o") || t.startsWith("0O")) {
      radix = 8;
      t = t.substring(2);
    } else if (t.startsWith("0b") || t.startsWith("0B")) {
      radix = 2;
      t = t.substring(2);
    } else if (t.length() > 1 && t.startsWith("0")) {
      radix = 8;
      t = t.substring(1);
    }
    if (t.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong((neg ? "-" : "") + t, radix);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Go's {@code ToBytes} of a typed value. */
  static byte[] bytes(Object v) {
    if (v instanceof byte[] b) {
      return b;
    }
    return text(v).getBytes(StandardCharsets.UTF_8);
  }

  /** The canonical text of a typed value. */
  static String text(Object v) {
    if (v instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (v instanceof Double d) {
      return formatFloat(d);
    }
    if (v instanceof byte[] b) {
      return new String(b, StandardCharsets.UTF_8);
    }
    return String.valueOf(v);
  }

  /** {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest round-trip digits, never an exponent. */
  static String formatFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    BigDecimal exact = new BigDecimal(d);
    for (int p = 1; p <= 17; p++) {
      BigDecimal r = exact.round(new MathContext(p));
      if (r.doubleValue() == d) {
        return r.stripTrailingZeros().toPlainString();
      }
    }
    return exact.stripTrailingZeros().toPlainString();
  }

  /** A value decrypted from {@code type}. */
  static Object parseTyped(String type, byte[] plaintext, String path) {
    String s = new String(plaintext, StandardCharsets.UTF_8);
    try {
      return switch (type) {
        case "str", "time" -> s;
        case "int" -> Long.parseLong(s);
        case "float" -> Double.parseDouble(s);
        case "bool" -> switch (s) {
          case "1", "t", "T", "true", "TRUE", "True" -> Boolean.TRUE;
          case "0", "f", "F", "false", "FALSE", "False" -> Boolean.FALSE;
          default -> throw new NumberFormatException();
        };
        case "bytes" -> plaintext;
        default -> throw new SopsException(SopsException.Kind.FORMAT, "unknown value type '" + type + "' at " + path);
      };
    } catch (NumberFormatException e) {
      throw new SopsException(SopsException.Kind.FORMAT, "the " + type + " value at " + path + " does not parse");
    }
  }

  /** Go's {@code time.Format(time.RFC3339)} of a parsed RFC 3339 timestamp. */
  static String rfc3339(String text) {
    try {
      OffsetDateTime t = OffsetDateTime.parse(text).truncatedTo(ChronoUnit.SECONDS);
      if (t.getOffset().equals(ZoneOffset.UTC)) {
        return t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")) + "Z";
      }
      return t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx"));
    } catch (RuntimeException e) {
      throw new SopsException(SopsException.Kind.FORMAT, "sops.lastmodified is not an RFC 3339 time");
    }
  }
}
