package com.dimosaic.vps.secrets.age;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** age's strict PEM-like ASCII armor. */
final class Armor {
  static final String BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
  static final String END = "-----END AGE ENCRYPTED FILE-----";

  private Armor() {}

  /** Whether the bytes look armored (after leading whitespace). */
  static boolean isArmored(byte[] in) {
    int i = 0;
    while (i < in.length && i < 1024 && isSpace(in[i])) {
      i++;
    }
    byte[] begin = BEGIN.getBytes(StandardCharsets.US_ASCII);
    if (in.length - i < begin.length) {
      return false;
    }
    for (int j = 0; j < begin.length; j++) {
      if (in[i + j] != begin[j]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  static byte[] decode(byte[] in) {
    String text = new String(in, StandardCharsets.US_ASCII);
    int start = 0;
    while (start < text.length() && isSpace((byte) text.charAt(start))) {
      start++;
    }
    if (start > 1024) {
      throw fail("too much whitespace before the armor");
    }
    String[] lines = text.substring(start).split("\n", -1);
    if (!strip(lines[0]).equals(BEGIN)) {
      throw fail("missing BEGIN line");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 1;
    boolean sawShort = false;
    for (; i < lines.length; i++) {
      String l = strip(lines[i]);
      if (l.equals(END)) {
        break;
      }
      if (sawShort) {
        throw fail("data after the last (short) line");
      }
      if (l.isEmpty() || l.length() > 64) {
        throw fail(l.isEmpty() ? "empty line in armor" : "armor line longer than 64 columns");
      }
      byte[] b;
      try {
        b = Base64.getDecoder().decode(l);
      } catch (IllegalArgumentException e) {
        throw fail("invalid base64 in armor");
      }
      if (!Base64.getEncoder().encodeToString(b).equals(l)) {
        throw fail("non-canonical base64 in armor");
      }
      if (b.length < 48) {
        sawShort = true;
      } else if (b.length > 48) {
        throw fail("armor line too long");
      }
      out.writeBytes(b);
    }
    if (i >= lines.length) {
      throw fail("missing END line");
    }
    StringBuilder rest = new StringBuilder();
    for (int j = i + 1; j < lines.length; j++) {
      rest.append(lines[j]).append('\n');
    }
    if (!rest.toString().isBlank() || rest.length() > 1024) {
      throw fail("trailing data after the armor");
    }
    return out.toByteArray();
  }

  private static String strip(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  static byte[] encode(byte[] data) {
    String b64 = Base64.getEncoder().encodeToString(data);
    StringBuilder sb = new StringBuilder(BEGIN).append('\n');
    for (int i = 0; i < b64.length(); i += 64) {
      sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
    }
    sb.append(END).append('\n');
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static AgeException fail(String why) {
    return new AgeException(AgeException.Kind.ARMOR, why);
  }
}
