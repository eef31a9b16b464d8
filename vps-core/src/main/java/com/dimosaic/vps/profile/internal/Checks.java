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
    if (!s.equals(IDN.toASCII(s, IDN.ALLOW_UNASSIGNED))) {
      return false;
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
}
