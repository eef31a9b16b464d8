package com.dimosaic.vps.dns;

import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.Route;
import com.dimosaic.vps.profile.StaticSite;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The records a profile needs, per managed zone: A (and AAAA) for every served host, MX, SPF,
 * DMARC, MTA-STS, TLSRPT and DKIM, and the rest of what {@code mox config dnsrecords} lists for the
 * mail host: its own SPF and TLSRPT records, and the SRV records mail clients use to find IMAPS and
 * submission (with "no service" SRV records for plain IMAP, plain submission and POP3). Where the plan
 * deliberately differs from mox's list, {@link #notes} says why.
 */
public final class DesiredRecords {
  private DesiredRecords() {}

  /**
   * Desired records by zone (zones in profile order, records sorted by name, type and value), with a
   * host name in {@code host.address} resolved by the system resolver.
   */
  public static Map<String, List<DnsRecord>> forProfile(Profile p, DkimSource dkim) {
    return forProfile(p, dkim, HostAddresses.of(p.host(), HostAddresses.Resolver.SYSTEM));
  }

  /** Desired records by zone for the given host addresses. */
  public static Map<String, List<DnsRecord>> forProfile(Profile p, DkimSource dkim, HostAddresses addresses) {
    return forProfile(p, dkim, addresses, TlsaSource.NONE);
  }

  /**
   * Desired records by zone for the given host addresses, with DANE TLSA records at
   * {@code _25._tcp.<mail host>} for the keys {@code tlsa} gives when {@code mail.dane} is on.
   */
  public static Map<String, List<DnsRecord>> forProfile(Profile p, DkimSource dkim, HostAddresses addresses, TlsaSource tlsa) {
    return forProfile(p, dkim, ServedAddresses.single(addresses), tlsa);
  }

  /**
   * Desired records by zone with each served name's own addresses (a fleet's web and mail hosts, see
   * {@link ServedAddresses}), with DANE TLSA records as in {@link #forProfile(Profile, DkimSource, HostAddresses, TlsaSource)}.
   */
  public static Map<String, List<DnsRecord>> forProfile(Profile p, DkimSource dkim, ServedAddresses served, TlsaSource tlsa) {
    Map<String, List<DnsRecord>> out = new LinkedHashMap<>();
    for (String z : p.dns().zones()) {
      out.put(z, new ArrayList<>());
    }
    Set<String> hosts = hosts(p);
    String primary = p.domains().primary();
    for (String h : hosts) {
      HostAddresses addresses = served.forName(p, h);
      addresses.ipv4().forEach(v4 -> add(out, h, "A", v4, 0, p));
      addresses.ipv6().forEach(v6 -> add(out, h, "AAAA", v6, 0, p));
    }
    p.dns().caa().forEach(issuer -> add(out, primary, "CAA", "0 issue \"" + issuer + "\"", 0, p));
    if (p.mail().enabled()) {
      add(out, primary, "MX", p.domains().mailFqdn(), 10, p);
      add(out, primary, "TXT", p.mail().spf(), 0, p);
      StringBuilder dmarc = new StringBuilder("v=DMARC1; p=" + p.mail().dmarcPolicy());
      p.mail().dmarcReportAddress().ifPresent(a -> dmarc.append("; rua=mailto:").append(a));
      add(out, "_dmarc." + primary, "TXT", dmarc.toString(), 0, p);
      if (!p.mail().mtaStsMode().equals("none")) {
        add(out, "_mta-sts." + primary, "TXT", "v=STSv1; id=" + MtaStsPolicy.id(p), 0, p);
      }
      p.mail().tlsrptAddress().ifPresent(a -> add(out, "_smtp._tls." + primary, "TXT", "v=TLSRPTv1; rua=mailto:" + a, 0, p));
      String mailHost = p.domains().mailFqdn();
      // the mail host's own records: SPF for its DSNs, TLS reports about connections to it
      add(out, mailHost, "TXT", "v=spf1 a -all", 0, p);
      add(out, "_smtp._tls." + mailHost, "TXT", "v=TLSRPTv1; rua=mailto:" + HOST_TLSRPT_LOCALPART + "@" + mailHost, 0, p);
      // client autoconfiguration (RFC 6186, RFC 8314): IMAPS and submissions at the mail host, no plain-text services
      add(out, "_autodiscover._tcp." + primary, "SRV", "0 1 443 " + mailHost, 0, p);
      add(out, "_imaps._tcp." + primary, "SRV", "0 1 993 " + mailHost, 0, p);
      add(out, "_submissions._tcp." + primary, "SRV", "0 1 465 " + mailHost, 0, p);
      for (String none : List.of("_imap._tcp.", "_submission._tcp.", "_pop3._tcp.", "_pop3s._tcp.")) {
        add(out, none + primary, "SRV", "0 0 0 .", 0, p);
      }
      if (p.mail().dane()) {
        for (String spki : new LinkedHashSet<>(tlsa.spkiSha256())) {
          add(out, "_25._tcp." + mailHost, "TLSA", TlsaSource.value(spki), 0, p);
        }
      }
      for (DnsRecord d : dkim.dkimRecords(primary)) {
        String fqdn = d.name().equals("@") ? primary : d.name() + "." + primary;
        add(out, fqdn, d.type(), d.value(), d.priority(), p);
      }
    }
    out.values().forEach(l -> l.sort(Comparator.comparing(DnsRecord::name).thenComparing(DnsRecord::type)
        .thenComparing(DnsRecord::value)));
    return out;
  }

  /**
   * The slots the profile owns but leaves empty, by zone: at every served name, the address family
   * the host does not have ({@code www AAAA} when there is no IPv6 address). Records found there are
   * stale (an old host's address) and the plan deletes them, unless {@code dns.keep} keeps them.
   */
  public static Map<String, Set<String>> emptySlots(Profile p, HostAddresses addresses) {
    return emptySlots(p, ServedAddresses.single(addresses));
  }

  /** The empty slots with each served name's own addresses (see {@link ServedAddresses}). */
  public static Map<String, Set<String>> emptySlots(Profile p, ServedAddresses served) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (String z : p.dns().zones()) {
      out.put(z, new LinkedHashSet<>());
    }
    for (String h : hosts(p)) {
      HostAddresses addresses = served.forName(p, h);
      zoneOf(h, p.dns().zones()).ifPresent(z -> {
        String rel = relative(h, z).orElseThrow();
        if (addresses.ipv4().isEmpty()) {
          out.get(z).add(rel + " A");
        }
        if (addresses.ipv6().isEmpty()) {
          out.get(z).add(rel + " AAAA");
        }
      });
    }
    return out;
  }

  /** Every name the profile serves from the host (A/AAAA), absolute, in profile order. */
  public static Set<String> hosts(Profile p) {
    Set<String> hosts = new LinkedHashSet<>();
    if (p.domains().apex()) {
      hosts.add(p.domains().primary());
    }
    if (p.domains().www()) {
      hosts.add(p.domains().fqdn("www"));
    }
    for (Route r : p.catalogue().routes()) {
      hosts.add(p.domains().fqdn(r.host()));
    }
    for (StaticSite s : p.catalogue().sites()) {
      s.hosts().forEach(h -> hosts.add(p.domains().fqdn(h)));
    }
    if (p.mail().enabled()) {
      String primary = p.domains().primary();
      hosts.add(p.domains().mailFqdn());
      hosts.add("mta-sts." + primary);
      hosts.add("autoconfig." + primary);
    }
    return hosts;
  }

  /** The local part of the mail host's own TLS reports address, as mox receives it ({@code tlsreports@<mail host>}). */
  public static final String HOST_TLSRPT_LOCALPART = "tlsreports";

  /**
   * Why the plan differs from the records {@code mox config dnsrecords} lists for the primary
   * domain, one note per record mox lists that the plan does not publish as mox prints it, keyed by
   * {@code "<absolute name> <TYPE>"}. Empty when mail is off.
   */
  public static Map<String, String> notes(Profile p) {
    Map<String, String> notes = new LinkedHashMap<>();
    if (!p.mail().enabled()) {
      return notes;
    }
    String d = p.domains().primary();
    String mailHost = p.domains().mailFqdn();
    String address = "A" + (p.host().ipv6().isPresent() ? "/AAAA" : "") + " records to the host's address";
    notes.put("mta-sts." + d + " CNAME", address + " instead of mox's CNAME to " + mailHost
        + ": Caddy serves mta-sts." + d + " on that address and forwards the policy requests to mox");
    notes.put("autoconfig." + d + " CNAME", address + " instead of mox's CNAME to " + mailHost
        + ": Caddy serves autoconfig." + d + " on that address and forwards to mox");
    notes.put(d + " TXT", "SPF from the profile (mail.spf: \"" + p.mail().spf() + "\") instead of mox's suggestion");
    notes.put("_dmarc." + d + " TXT", "DMARC from the profile (p=" + p.mail().dmarcPolicy() + ", "
        + p.mail().dmarcReportAddress().map(a -> "reports to " + a).orElse("no report address: mail.dmarc.reportAddress is not set")
        + ") instead of mox's suggestion");
    if (p.mail().tlsrptAddress().isEmpty()) {
      notes.put("_smtp._tls." + d + " TXT", "not published: mail.tlsrptAddress is not set");
    }
    if (p.mail().mtaStsMode().equals("none")) {
      notes.put("_mta-sts." + d + " TXT", "mail.mtaSts.mode is none: published only as a none policy while the zone still holds "
          + "an earlier policy, until max_age has passed (RFC 8461 §8.3), then deleted; never published otherwise");
    }
    return notes;
  }

  /** The managed zone a name belongs to (the longest matching zone), if any. */
  public static Optional<String> zoneOf(String fqdn, List<String> zones) {
    return zones.stream().filter(z -> fqdn.equals(z) || fqdn.endsWith("." + z)).max(Comparator.comparingInt(String::length));
  }

  /** {@code fqdn} relative to {@code zone} ({@code @} for the apex), when it is inside the zone. */
  public static Optional<String> relative(String fqdn, String zone) {
    if (fqdn.equals(zone)) {
      return Optional.of("@");
    }
    return fqdn.endsWith("." + zone) ? Optional.of(fqdn.substring(0, fqdn.length() - zone.length() - 1)) : Optional.empty();
  }

  private static void add(Map<String, List<DnsRecord>> out, String fqdn, String type, String value, int prio, Profile p) {
    zoneOf(fqdn, p.dns().zones()).ifPresent(z -> {
      DnsRecord r = new DnsRecord(relative(fqdn, z).orElseThrow(), type, value, prio);
      if (!out.get(z).contains(r)) {
        out.get(z).add(r);
      }
    });
  }
}
