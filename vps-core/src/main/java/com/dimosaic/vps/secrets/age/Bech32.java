package com.dimosaic.vps.secrets.age;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/** BIP 173 Bech32 (checksum constant 1, no length limit), as age uses it for keys. */
final class Bech32 {
  private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final int[] GEN = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

  /** A decoded string. */
  record Decoded(String hrp, byte[] data) {}

  private Bech32() {}

  static Decoded decode(String s) {
    if (!s.equals(s.toLowerCase(Locale.ROOT)) && !s.equals(s.toUpperCase(Locale.ROOT))) {
      throw new AgeException(AgeException.Kind.KEY, "mixed-case key");
    }
    String lower = s.toLowerCase(Locale.ROOT);
    int pos = lower.lastIndexOf('1');
    if (pos < 1 || pos + 7 > lower.length()) {
      throw new AgeException(AgeException.Kind.KEY, "malformed key (no separator or checksum)");
    }
    String hrp = lower.substring(0, pos);
    for (char c : hrp.toCharArray()) {
      if (c < 33 || c > 126) {
        throw new AgeException(AgeException.Kind.KEY, "malformed key prefix");
      }
    }
    byte[] values = new byte[lower.length() - pos - 1];
    for (int i = 0; i < values.length; i++) {
      int v = CHARSET.indexOf(lower.charAt(pos + 1 + i));
      if (v < 0) {
        throw new AgeException(AgeException.Kind.KEY, "invalid character in key");
      }
      values[i] = (byte) v;
    }
    if (polymod(hrp, values, values.length) != 1) {
      throw new AgeException(AgeException.Kind.KEY, "key checksum does not match");
    }
    byte[] data = new byte[values.length - 6];
    System.arraycopy(values, 0, data, 0, data.length);
    return new Decoded(hrp, convert(data, 5, 8, false));
  }

  static String encode(String hrp, byte[] data) {
    byte[] values = convert(data, 8, 5, true);
    byte[] withChecksum = new byte[values.length + 6];
    System.arraycopy(values, 0, withChecksum, 0, values.length);
    int mod = polymod(hrp, withChecksum, withChecksum.length) ^ 1;
    for (int i = 0; i < 6; i++) {
      withChecksum[values.length + i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
    }
    StringBuilder sb = new StringBuilder(hrp).append('1');
    for (byte b : withChecksum) {
      sb.append(CHARSET.charAt(b));
    }
    return sb.toString();
  }

  private static int polymod(String hrp, byte[] values, int len) {
    int chk = 1;
    byte[] expanded = new byte[hrp.length() * 2 + 1 + len];
    int i = 0;
    for (char c : hrp.toCharArray()) {
      expanded[i++] = (byte) (c >> 5);
    }
    expanded[i++] = 0;
    for (char c : hrp.toCharArray()) {
      expanded[i++] = (byte) (c & 31);
    }
    System.arraycopy(values, 0, expanded, i, len);
    for (byte v : expanded) {
      int top = chk >>> 25;
      chk = ((chk & 0x1ffffff) << 5) ^ v;
      for (int j = 0; j < 5; j++) {
        if (((top >>> j) & 1) != 0) {
          chk ^= GEN[j];
        }
      }
    }
    return chk;
  }

  private static byte[] convert(byte[] data, int from, int to, boolean pad) {
    int acc = 0;
    int bits = 0;
    int maxv = (1 << to) - 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte b : data) {
      int value = b & 0xff;
      if ((value >>> from) != 0) {
        throw new AgeException(AgeException.Kind.KEY, "invalid key data");
      }
      acc = (acc << from) | value;
      bits += from;
      while (bits >= to) {
        bits -= to;
        out.write((acc >>> bits) & maxv);
      }
    }
    if (pad) {
      if (bits > 0) {
        out.write((acc << (to - bits)) & maxv);
      }
    } else if (bits >= from || ((acc << (to - bits)) & maxv) != 0) {
      throw new AgeException(AgeException.Kind.KEY, "invalid key padding");
    }
    return out.toByteArray();
  }
}
