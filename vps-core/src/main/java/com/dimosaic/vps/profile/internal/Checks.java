package com.dimosaic.vps.profile.internal;

import java.net.IDN;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Value checks shared by the binders. */
public final class Checks {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern IPV4 = Pattern.compile(
      "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
  private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h|d)");
  private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}=?");
  private static final Pattern CIDR4 = Pattern.compile("(.+)/([0-9]{1,2})");

  private Checks() {}

  /** An RFC 1123 host name with at least two labels, lower case, ASCII (IDNs in punycode). */
  public static boolean domain(String s) {
    if (s.isEmpty() || s.length() > 253 || s.endsWith(".") || !s.equals(s.toLowerCase(Locale.ROOT))) {
      return false;
    }
    try {
      if (!s.equals(IDN.toASCII(s, IDN.ALLOW_UNASSIGNED))) {
        return false;
      }
    } catch (IllegalArgumentException e) {
      return false; // an empty label, a label over 63 characters: IDN refuses what is no host name
    }
    String[] labels = s.split("\\.", -1);
    if (labels.length < 2) {
      return false;
    }
    for (String l : labels) {
      if (!LABEL.matcher(l).matches()) {
        return false;
      }
    }
    return !labels[labels.length - 1].matches("[0-9]+");
  }

  /** One DNS label (RFC 1123). */
  public static boolean label(String s) {
    return LABEL.matcher(s).matches();
  }

  /** A route host: a label or dotted labels, {@code @}, or a full name ending with a dot. */
  public static boolean routeHost(String s) {
    if (s.equals("@")) {
      return true;
    }
    if (s.endsWith(".")) {
      return domain(s.substring(0, s.length() - 1));
    }
    for (String l : s.split("\\.", -1)) {
      if (!label(l)) {
        return false;
      }
    }
    return true;
  }

  /** A dotted IPv4 address. */
  public static boolean ipv4(String s) {
    return IPV4.matcher(s).matches();
  }

  /** An IPv6 address literal. */
  public static boolean ipv6(String s) {
    if (!s.contains(":") || !s.matches("[0-9a-fA-F:.]+")) {
      return false;
    }
    try {
      return java.net.InetAddress.getByName(s) instanceof java.net.Inet6Address;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** An IPv4 address or a host name. */
  public static boolean address(String s) {
    return ipv4(s) || domain(s) || (!s.contains(".") && label(s));
  }

  /** An IPv4 CIDR range. */
  public static boolean cidr4(String s) {
    Matcher m = CIDR4.matcher(s);
    return m.matches() && ipv4(m.group(1)) && Integer.parseInt(m.group(2)) <= 32;
  }

  /** A simple e-mail address whose domain is a valid host name. */
  public static boolean email(String s) {
    int at = s.lastIndexOf('@');
    return at > 0 && s.indexOf('@') == at && s.substring(0, at).matches("[A-Za-z0-9._%+-]+") && domain(s.substring(at + 1));
  }

  /** An IANA time zone. */
  public static boolean timezone(String s) {
    try {
      ZoneId.of(s);
      return s.contains("/") || s.equals("UTC");
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A pinned OpenSSH host-key fingerprint. */
  public static boolean fingerprint(String s) {
    return FINGERPRINT.matcher(s).matches();
  }

  /** A duration such as {@code 90s}, {@code 15m}, {@code 2h}. */
  public static Optional<Duration> duration(String s) {
    Matcher m = DURATION.matcher(s);
    if (!m.matches()) {
      return Optional.empty();
    }
    long n = Long.parseLong(m.group(1));
    return Optional.of(switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    });
  }

  /** A resolver as {@code host} or {@code host:port} (IPv6 in brackets). */
  public static boolean resolver(String s) {
    String host = s;
    String port = null;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        return false;
      }
      host = s.substring(1, close);
      if (close + 1 < s.length()) {
        if (s.charAt(close + 1) != ':') {
          return false;
        }
        port = s.substring(close + 2);
      }
      if (!ipv6(host)) {
        return false;
      }
    } else if (s.indexOf(':') >= 0) {
      host = s.substring(0, s.indexOf(':'));
      port = s.substring(s.indexOf(':') + 1);
      if (!address(host)) {
        return false;
      }
    } else if (!address(host)) {
      return false;
    }
    if (port != null) {
      if (!port.matches("[0-9]{1,5}")) {
        return false;
      }
      int p = Integer.parseInt(port);
      return p >= 1 && p <= 65535;
    }
    return true;
  }

  private static final Pattern SPF_DOMAIN = Pattern.compile("[A-Za-z0-9_%{}.+=/-]*[A-Za-z0-9_}.-]");
  private static final Pattern SPF_TERM = Pattern.compile(
      "([+?~-]?)(all|include|exists|a|mx|ptr|ip4|ip6)(?::([^/\\s]+))?((?:/\\d{1,3})?(?://\\d{1,3})?)|([A-Za-z][A-Za-z0-9_.-]*)=(\\S*)",
      Pattern.CASE_INSENSITIVE);

  /**
   * What is wrong with an SPF record (RFC 7208 §4.6.1, §12), or empty: it must start with exactly
   * {@code v=spf1}, every term must be a known mechanism or a modifier, {@code ip4:}/{@code ip6:}
   * must carry addresses, at most 10 terms may cause DNS lookups (§4.6.4), and it may not contain
   * double quotes or backslashes (Netcup rejects or strips them in TXT values).
   */
  public static Optional<String> spfProblem(String spf) {
    if (spf.contains("\"") || spf.contains("\\")) {
      return Optional.of("it contains a double quote or backslash, which Netcup rejects or strips in TXT values");
    }
    String[] terms = spf.strip().split(" +");
    if (!terms[0].equals("v=spf1")) {
      return Optional.of("it must start with exactly 'v=spf1' followed by a space (found '" + terms[0] + "')");
    }
    int lookups = 0;
    boolean seenAll = false;
    java.util.Set<String> modifiers = new java.util.HashSet<>();
    for (int i = 1; i < terms.length; i++) {
      String t = terms[i];
      Matcher m = SPF_TERM.matcher(t);
      if (!m.matches()) {
        return Optional.of("term '" + t + "' is not an SPF mechanism (all, include:, a, mx, ptr, ip4:, ip6:, exists:) or modifier");
      }
      if (seenAll) {
        return Optional.of("term '" + t + "' comes after 'all' and is never evaluated");
      }
      if (m.group(2) != null) {
        String mech = m.group(2).toLowerCase(java.util.Locale.ROOT);
        String arg = m.group(3);
        String cidr = m.group(4);
        switch (mech) {
          case "all" -> {
            if (arg != null || !cidr.isEmpty()) {
              return Optional.of("term '" + t + "': 'all' takes no argument");
            }
            seenAll = true;
          }
          case "include", "exists" -> {
            if (arg == null || !SPF_DOMAIN.matcher(arg).matches() || !cidr.isEmpty()) {
              return Optional.of("term '" + t + "': " + mech + ": needs a domain");
            }
            lookups++;
          }
          case "ip4" -> {
            if (arg == null || !ipv4(arg) || cidr.contains("//") || (!cidr.isEmpty() && Integer.parseInt(cidr.substring(1)) > 32)) {
              return Optional.of("term '" + t + "': ip4: needs an IPv4 address, optionally with /0-32");
            }
          }
          case "ip6" -> {
            if (arg == null || !ipv6(arg) || cidr.contains("//") || (!cidr.isEmpty() && Integer.parseInt(cidr.substring(1)) > 128)) {
              return Optional.of("term '" + t + "': ip6: needs an IPv6 address, optionally with /0-128");
            }
          }
          default -> {
            if (arg != null && !SPF_DOMAIN.matcher(arg).matches()) {
              return Optional.of("term '" + t + "': '" + arg + "' is not a domain");
            }
            lookups++;
          }
        }
      } else {
        String name = m.group(5).toLowerCase(java.util.Locale.ROOT);
        if ((name.equals("redirect") || name.equals("exp")) && (m.group(6).isEmpty() || !SPF_DOMAIN.matcher(m.group(6)).matches())) {
          return Optional.of("term '" + t + "': " + name + "= needs a domain");
        }
        if (!modifiers.add(name) && (name.equals("redirect") || name.equals("exp"))) {
          return Optional.of("modifier " + name + "= appears twice");
        }
        if (name.equals("redirect")) {
          lookups++;
        }
      }
    }
    if (lookups > 10) {
      return Optional.of("it needs " + lookups + " DNS lookups; receivers fail SPF above 10 (RFC 7208 §4.6.4)");
    }
    return Optional.empty();
  }
}
