package com.dimosaic.vps.core;

/** XML text for the JUnit reports: the five special characters escaped, control characters XML 1.0 cannot carry dropped. */
public final class Xml {
  private Xml() {}

  /** {@code s} as XML attribute or element text. */
  public static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        default -> {
          if (c >= 0x20 || c == '\n' || c == '\t') {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }
}
