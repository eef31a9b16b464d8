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
 * DMARC, MTA-STS, TLSRPT and DKIM.
 */
public final class DesiredRecords {
  private DesiredRecords() {}

  /** Desired records by zone (zones in profile order, records sorted by name, type and value). */
  public static Map<String, List<DnsRecord>> forProfile(Profile p, DkimSource dkim) {
    Map<String, List<DnsRecord>> out = new LinkedHashMap<>();
    for (String z : p.dns().zones()) {
      out.put(z, new ArrayList<>());
    }
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
    String primary = p.domains().primary();
    if (p.mail().enabled()) {
      hosts.add(p.domains().mailFqdn());
      hosts.add("mta-sts." + primary);
      hosts.add("autoconfig." + primary);
    }
    for (String h : hosts) {
      add(out, h, "A", p.host().address(), 0, p);
      p.host().ipv6().ifPresent(v6 -> add(out, h, "AAAA", v6, 0, p));
    }
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
      for (DnsRecord d : dkim.dkimRecords(primary)) {
        String fqdn = d.name().equals("@") ? primary : d.name() + "." + primary;
        add(out, fqdn, d.type(), d.value(), d.priority(), p);
      }
    }
    out.values().forEach(l -> l.sort(Comparator.comparing(DnsRecord::name).thenComparing(DnsRecord::type)
        .thenComparing(DnsRecord::value)));
    return out;
  }

  /** The managed zone a name belongs to (the longest matching zone), if any. */
  public static Optional<String> zoneOf(String fqdn, List<String> zones) {
    return zones.stream().filter(z -> fqdn.equals(z) || fqdn.endsWith("." + z)).max(Comparator.comparingInt(String::length));
  }

  private static void add(Map<String, List<DnsRecord>> out, String fqdn, String type, String value, int prio, Profile p) {
    zoneOf(fqdn, p.dns().zones()).ifPresent(z -> {
      String rel = fqdn.equals(z) ? "@" : fqdn.substring(0, fqdn.length() - z.length() - 1);
      DnsRecord r = new DnsRecord(rel, type, value, prio);
      if (!out.get(z).contains(r)) {
        out.get(z).add(r);
      }
    });
  }
}
