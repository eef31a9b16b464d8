package com.dimosaic.vps.dns;

import java.util.Locale;
import java.util.Objects;

/**
 * A DNS record as the SDK manages it, relative to its zone.
 *
 * @param name name relative to the zone, {@code @} for the apex (lower case)
 * @param type {@code A}, {@code AAAA}, {@code MX}, {@code TXT}, {@code CNAME}, … (upper case)
 * @param value the value: an address, a host name without trailing dot, or TXT text unquoted and whole
 * @param priority MX priority, 0 for other types
 */
public record DnsRecord(String name, String type, String value, int priority) {
  /** Normalises case and validates. */
  public DnsRecord {
    Objects.requireNonNull(value, "value == null");
    name = name.toLowerCase(Locale.ROOT);
    type = type.toUpperCase(Locale.ROOT);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("empty record name (use @ for the apex)");
    }
  }

  /** A record without priority. */
  public static DnsRecord of(String name, String type, String value) {
    return new DnsRecord(name, type, value, 0);
  }

  /**
   * Which managed "slot" this record fills. Records of the same name and type fill one slot, except
   * TXT records, whose slot also includes their kind ({@code v=spf1}, {@code v=DMARC1}, …) so that
   * an SPF record never replaces someone's site-verification TXT at the same name.
   */
  public String slot() {
    if (type.equals("TXT")) {
      int sp = value.indexOf(';');
      int ws = value.indexOf(' ');
      int end = sp < 0 ? ws : (ws < 0 ? sp : Math.min(sp, ws));
      String kind = value.startsWith("v=") ? (end < 0 ? value : value.substring(0, end)) : "txt";
      return name + " TXT " + kind;
    }
    return name + " " + type;
  }

  /** The record as the plan prints it: {@code A www 203.0.113.50}, {@code MX @ 10 mail.example.com}. */
  public String display() {
    String v = type.equals("TXT") ? "\"" + value + "\"" : value;
    return type + " " + name + " " + (type.equals("MX") ? priority + " " : "") + v;
  }
}
