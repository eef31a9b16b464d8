package com.dimosaic.vps.dns;

import com.dimosaic.vps.profile.HostSpec;
import com.dimosaic.vps.profile.internal.Checks;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The addresses the A and AAAA records of a profile point at. {@code host.address} may be an IPv4
 * address, an IPv6 address or a host name; a host name is resolved when the plan is made (and the plan
 * says so), because a zone can only hold addresses at an A or AAAA record. {@code host.ipv6}, when
 * given, is the AAAA address.
 *
 * @param ipv4 the A addresses (may be empty for an IPv6-only host)
 * @param ipv6 the AAAA addresses (empty: the plan deletes stale AAAA records at managed names)
 * @param note what was resolved, for the plan
 */
public record HostAddresses(List<String> ipv4, List<String> ipv6, Optional<String> note) {
  /** Resolves a host name to its addresses (the default is the system resolver). */
  @FunctionalInterface
  public interface Resolver {
    /** The system resolver. */
    Resolver SYSTEM = name -> List.of(InetAddress.getAllByName(name));

    /**
     * Every address of {@code name}.
     *
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetAddress> resolve(String name) throws UnknownHostException;
  }

  /** Copies the lists. */
  public HostAddresses {
    ipv4 = List.copyOf(ipv4);
    ipv6 = List.copyOf(ipv6);
  }

  /**
   * The addresses of a host.
   *
   * @throws DnsException when {@code host.address} is a name that does not resolve to any address
   */
  public static HostAddresses of(HostSpec host, Resolver resolver) {
    String a = host.address();
    List<String> v4 = new ArrayList<>();
    List<String> v6 = new ArrayList<>();
    Optional<String> note = Optional.empty();
    if (Checks.ipv4(a)) {
      v4.add(a);
    } else if (Checks.ipv6(a)) {
      v6.add(canonical(a));
    } else {
      List<InetAddress> found;
      try {
        found = resolver.resolve(a);
      } catch (UnknownHostException e) {
        found = List.of();
      }
      for (InetAddress i : found) {
        String s = canonical(i.getHostAddress());
        if (i instanceof Inet4Address && !v4.contains(s)) {
          v4.add(s);
        } else if (i instanceof Inet6Address && !v6.contains(s)) {
          v6.add(s);
        }
      }
      if (v4.isEmpty() && v6.isEmpty()) {
        throw new DnsException(DnsException.Reason.CONFLICT, "host.address " + a + " is a host name that does not resolve here; A and AAAA records need "
            + "addresses: give host.address as an IP address (and host.ipv6 for IPv6)");
      }
      note = Optional.of("host.address " + a + " is a host name: resolved when this plan was made to "
          + String.join(", ", concat(v4, host.ipv6().isPresent() ? List.of() : v6))
          + "; the records follow the name only when DNS is planned again");
    }
    if (host.ipv6().isPresent()) {
      v6.clear();
      v6.add(canonical(host.ipv6().get()));
    }
    return new HostAddresses(v4, v6, note);
  }

  /** The addresses without resolving anything: a host name gives none (used where no plan is made). */
  public static HostAddresses literal(HostSpec host) {
    return of(host, name -> List.of());
  }

  /** An address in its shortest text form ({@code 2001:db8::1}, lower case); IPv4 unchanged. */
  public static String canonical(String address) {
    if (!address.contains(":")) {
      return address;
    }
    try {
      byte[] b = InetAddress.getByName(address).getAddress();
      int[] g = new int[8];
      for (int i = 0; i < 8; i++) {
        g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
      }
      // RFC 5952: the longest run (first if tied) of two or more zero groups becomes "::"
      int bestStart = -1;
      int bestLen = 1;
      for (int i = 0; i < 8; ) {
        if (g[i] != 0) {
          i++;
          continue;
        }
        int j = i;
        while (j < 8 && g[j] == 0) {
          j++;
        }
        if (j - i > bestLen) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j;
      }
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        if (i == bestStart) {
          sb.append("::");
          i += bestLen - 1;
          continue;
        }
        if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
          sb.append(':');
        }
        sb.append(Integer.toHexString(g[i]));
      }
      return sb.toString();
    } catch (UnknownHostException e) {
      return address;
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
