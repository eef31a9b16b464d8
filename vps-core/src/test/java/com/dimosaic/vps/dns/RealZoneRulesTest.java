package com.dimosaic.vps.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.ProfileLoader;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planner's rules for real zones, against the embedded file provider: both address families
 * owned, IPv6 and host-name addresses, CNAME exclusivity, CAA, and leaving MTA-STS.
 */
class RealZoneRulesTest {
  @TempDir Path tmp;

  /** The minimal profile with {@code profile.yaml} edited. */
  Profile profile(String from, String to) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "p");
    try (Stream<Path> s = Files.list(Path.of("src/test/resources/profiles/minimal"))) {
      for (Path f : s.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    Path yaml = dir.resolve("profile.yaml");
    String text = Files.readString(yaml);
    assertTrue(text.contains(from), from);
    Files.writeString(yaml, text.replace(from, to));
    return ProfileLoader.load(dir);
  }

  FileDnsProvider zone(String... records) {
    FileDnsProvider f = new FileDnsProvider(tmp.resolve("zones-" + System.nanoTime() + ".json"));
    for (String r : records) {
      String[] p = r.split(" ", 3);
      f.apply("example.org", List.of(RecordChange.create(DnsRecord.of(p[0], p[1], p[2]), "seed")));
    }
    return f;
  }

  static List<String> display(ZonePlan p) {
    return p.changes().stream().map(RecordChange::display).toList();
  }

  @Test
  void anIpv6HostAddressGivesAaaaRecordsAndRetiresTheOldA() throws IOException {
    Profile p = profile("address: 203.0.113.10", "address: 2001:db8:0:0::10");
    assertTrue(p.host().addressIsIpv6());
    FileDnsProvider dns = zone("mail A 203.0.113.10");
    ZonePlan plan = DnsSync.plan(p, dns, DkimSource.NONE, DnsSync.Options.DEFAULT).get(0);
    assertEquals("- A mail", display(plan).get(0), display(plan).toString());
    assertTrue(plan.changes().get(0).reason().contains("no IPv4 address"), plan.changes().get(0).reason());
    assertTrue(display(plan).contains("+ AAAA mail 2001:db8::10"), display(plan).toString());
    assertTrue(display(plan).stream().noneMatch(l -> l.startsWith("+ A ")), display(plan).toString());
    DnsSync.apply(dns, List.of(plan), DnsSync.Options.DEFAULT);
    assertTrue(DnsSync.plan(p, dns, DkimSource.NONE, DnsSync.Options.DEFAULT).get(0).isEmpty());
  }

  @Test
  void aHostNameIsResolvedWhenPlanningAndThePlanSaysSo() throws IOException {
    Profile p = profile("address: 203.0.113.10", "address: vps.example.net");
    DnsSync.Options options = DnsSync.Options.DEFAULT.resolver(name -> {
      assertEquals("vps.example.net", name);
      return List.of(InetAddress.getByName("198.51.100.7"), InetAddress.getByName("2001:db8::7"));
    });
    ZonePlan plan = DnsSync.plan(p, zone(), DkimSource.NONE, options).get(0);
    assertTrue(display(plan).contains("+ A mail 198.51.100.7"), display(plan).toString());
    assertTrue(display(plan).contains("+ AAAA mail 2001:db8::7"), display(plan).toString());
    assertTrue(display(plan).stream().noneMatch(l -> l.contains("vps.example.net")), "no host name in an A record: " + display(plan));
    assertTrue(plan.notes().stream().anyMatch(n -> n.startsWith("host.address vps.example.net is a host name: resolved when this plan "
        + "was made to 198.51.100.7, 2001:db8::7")), plan.notes().toString());

    DnsException e = assertThrows(DnsException.class, () -> DnsSync.plan(p, zone(), DkimSource.NONE,
        DnsSync.Options.DEFAULT.resolver(name -> { throw new java.net.UnknownHostException(name); })));
    assertTrue(e.getMessage().contains("host.address vps.example.net is a host name that does not resolve"), e.getMessage());
  }

  @Test
  void aCnameWhereTheProfileNeedsAddressesGoesFirstAndACnameElsewhereStays() throws IOException {
    Profile p = profile("address: 203.0.113.10", "address: 203.0.113.10");
    FileDnsProvider dns = zone("mail CNAME example.org", "docs CNAME docs.example.net");
    ZonePlan plan = DnsSync.plan(p, dns, DkimSource.NONE, DnsSync.Options.DEFAULT).get(0);
    assertEquals("- CNAME mail", display(plan).get(0));
    assertTrue(display(plan).contains("+ A mail 203.0.113.10"));
    assertTrue(display(plan).stream().noneMatch(l -> l.contains("docs")), display(plan).toString());
    DnsSync.apply(dns, List.of(plan), DnsSync.Options.DEFAULT);
    assertTrue(DnsSync.plan(p, dns, DkimSource.NONE, DnsSync.Options.DEFAULT).get(0).isEmpty());

    // the rule both ways: a CNAME the plan wants removes other data at its name
    ZonePlan cname = DnsPlanner.plan("example.org", List.of(DnsRecord.of("shop", "CNAME", "shops.example.net")),
        List.of(new ExistingRecord("1", DnsRecord.of("shop", "A", "192.0.2.1")), new ExistingRecord("2", DnsRecord.of("shop", "TXT", "x"))),
        DnsPlanner.Options.DEFAULT);
    assertEquals(List.of("- A shop", "- TXT shop", "+ CNAME shop shops.example.net"), display(cname));
  }

  @Test
  void caaIssuersArePublishedAtThePrimaryDomain() throws IOException {
    Profile p = profile("provider: file", "provider: file\n  caa: [letsencrypt.org]");
    ZonePlan plan = DnsSync.plan(p, zone(), DkimSource.NONE, DnsSync.Options.DEFAULT).get(0);
    assertTrue(display(plan).contains("+ CAA @ 0 issue \"letsencrypt.org\""), display(plan).toString());
  }

  @Test
  void leavingMtaStsPublishesANonePolicyForMaxAgeBeforeTheRecordsGo() throws IOException {
    Profile enforce = profile("address: 203.0.113.10", "address: 203.0.113.10");
    FileDnsProvider dns = zone();
    DnsSync.apply(dns, DnsSync.plan(enforce, dns, DkimSource.NONE, DnsSync.Options.DEFAULT), DnsSync.Options.DEFAULT);
    Profile none = profile("timezone: UTC", "timezone: UTC\nmail: { mtaSts: { mode: none, maxAge: 86400 } }");
    Instant t0 = Instant.parse("2026-12-03T14:00:00Z");

    ZonePlan first = DnsSync.plan(none, dns, DkimSource.NONE, DnsSync.Options.DEFAULT.clock(Clock.fixed(t0, ZoneOffset.UTC))).get(0);
    assertEquals(List.of("~ TXT _mta-sts (MTA-STS policy changed)"), display(first), "the TXT stays, as a none policy");
    String value = first.changes().get(0).desired().orElseThrow().value();
    assertEquals("v=STSv1; id=" + MtaStsPolicy.id(none) + "; vps-none-since=20261203T140000Z", value);
    assertTrue(MtaStsPolicy.text(none).contains("mode: none"), "mox serves the none policy under that id");
    assertTrue(first.notes().stream().anyMatch(n -> n.contains("mode none is published (not removed) until 20261204T140000Z")),
        first.notes().toString());
    DnsSync.apply(dns, List.of(first), DnsSync.Options.DEFAULT);

    Clock later = Clock.fixed(t0.plus(Duration.ofHours(23)), ZoneOffset.UTC);
    assertTrue(DnsSync.plan(none, dns, DkimSource.NONE, DnsSync.Options.DEFAULT.clock(later)).get(0).isEmpty(),
        "within max_age nothing changes");

    Clock after = Clock.fixed(t0.plus(Duration.ofHours(24)), ZoneOffset.UTC);
    ZonePlan last = DnsSync.plan(none, dns, DkimSource.NONE, DnsSync.Options.DEFAULT.clock(after)).get(0);
    assertEquals(List.of("- TXT _mta-sts"), display(last));
    assertTrue(last.changes().get(0).reason().contains("RFC 8461 §8.3"), last.changes().get(0).reason());
    DnsSync.apply(dns, List.of(last), DnsSync.Options.DEFAULT);
    assertTrue(DnsSync.plan(none, dns, DkimSource.NONE, DnsSync.Options.DEFAULT.clock(after)).get(0).isEmpty());

    // a zone that never published a policy gets none
    assertFalse(display(DnsSync.plan(none, zone(), DkimSource.NONE, DnsSync.Options.DEFAULT).get(0)).stream()
        .anyMatch(l -> l.contains("_mta-sts")));
  }

  @Test
  void addressesAreWrittenInTheirShortestForm() {
    assertEquals("2001:db8::1", HostAddresses.canonical("2001:0DB8:0:0:0:0:0:1"));
    assertEquals("2001:db8:0:1::", HostAddresses.canonical("2001:db8:0:1:0:0:0:0"));
    assertEquals("2001:0:0:1::1", HostAddresses.canonical("2001:0:0:1:0:0:0:1"));
    assertEquals("::1", HostAddresses.canonical("0:0:0:0:0:0:0:1"));
    assertEquals("2001:db8:1:1:1:1:1:1", HostAddresses.canonical("2001:db8:1:1:1:1:1:1"));
  }

  @Test
  void daneTlsaRecordsCoverTheCurrentAndTheNextKeyAndThePlanSaysWhenSendersIgnoreThem() throws IOException {
    Profile p = profile("timezone: UTC", "timezone: UTC\nmail: { dane: true }");
    String current = "a".repeat(64);
    String next = "b".repeat(64);
    FileDnsProvider dns = zone();
    ZonePlan plan = DnsSync.plan(p, dns, DkimSource.NONE, () -> List.of(current, next), DnsSync.Options.DEFAULT).get(0);
    assertTrue(display(plan).contains("+ TLSA _25._tcp.mail 3 1 1 " + current), display(plan).toString());
    assertTrue(display(plan).contains("+ TLSA _25._tcp.mail 3 1 1 " + next), display(plan).toString());
    assertTrue(plan.notes().stream().anyMatch(n -> n.startsWith("DANE: file does not say whether zone example.org is signed")),
        plan.notes().toString());
    DnsSync.apply(dns, List.of(plan), DnsSync.Options.DEFAULT);
    // the switch happened: only the new key is served; its record stays, the old one goes
    ZonePlan after = DnsSync.plan(p, dns, DkimSource.NONE, () -> List.of(next), DnsSync.Options.DEFAULT).get(0);
    assertEquals(List.of("- TLSA _25._tcp.mail"), display(after));
    // without a host, TLSA records are left as they are, and the plan says so
    ZonePlan without = DnsSync.plan(p, dns, DkimSource.NONE, DnsSync.Options.DEFAULT).get(0);
    assertTrue(without.isEmpty(), display(without).toString());
    assertTrue(without.notes().stream().anyMatch(n -> n.startsWith("DANE: TLSA not managed in this run")), without.notes().toString());
    // DANE off: no TLSA planned whatever the host serves
    Profile off = profile("address: 203.0.113.10", "address: 203.0.113.10");
    assertTrue(display(DnsSync.plan(off, zone(), DkimSource.NONE, () -> List.of(current), DnsSync.Options.DEFAULT).get(0)).stream()
        .noneMatch(l -> l.contains("TLSA")));
  }
}
