package com.dimosaic.vps.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.ProfileLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fleet's zone: the web names point at every web host, the mail names at the mail hosts, planned once per zone. */
class FleetDnsTest {
  @TempDir Path tmp;

  private Profile fleet(String hosts) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "fleet");
    try (Stream<Path> s = Files.list(Path.of("src/test/resources/profiles/minimal"))) {
      for (Path f : s.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    Files.writeString(dir.resolve("hosts.yaml"), hosts);
    return ProfileLoader.load(dir);
  }

  @Test
  void webNamesGetEveryWebHostsAddressAndMailNamesTheMailHosts() throws IOException {
    Profile p = fleet("hosts:\n  - {name: web-1, address: 203.0.113.51, roles: [web]}\n  - {name: web-2, address: 203.0.113.52, roles: [web]}\n"
        + "  - {name: mail-1, address: 203.0.113.60, ipv6: '2001:db8::60', roles: [mail]}\n  - {name: db-1, address: 203.0.113.70, roles: [db]}\n");
    DesiredRecordsTest.ListProvider zone = new DesiredRecordsTest.ListProvider();
    List<ZonePlan> plans = DnsSync.plan(p, zone, DkimSource.NONE, DnsSync.Options.DEFAULT);
    assertEquals(1, plans.size(), "one plan per zone, not per host");
    List<DnsRecord> created = plans.get(0).changes().stream().map(c -> c.desired().orElseThrow()).toList();
    List<String> apex = created.stream().filter(r -> r.name().equals("app") && r.type().equals("A")).map(DnsRecord::value).sorted().toList();
    assertEquals(List.of("203.0.113.51", "203.0.113.52"), apex, "several A records for a name served by several web hosts");
    List<String> mail = created.stream().filter(r -> r.name().equals("mail") && (r.type().equals("A") || r.type().equals("AAAA")))
        .map(DnsRecord::value).sorted().toList();
    assertEquals(List.of("2001:db8::60", "203.0.113.60"), mail);
    assertTrue(created.stream().noneMatch(r -> r.value().equals("203.0.113.70")), "a db host serves no name: " + created);
    assertTrue(created.stream().noneMatch(r -> r.value().equals(p.host().address())), "the profile's own host is not in a fleet with web hosts");
    // no AAAA at the web names: their hosts have none, so a stale one there would be deleted
    assertTrue(DesiredRecords.emptySlots(p, ServedAddresses.of(p, HostAddresses.Resolver.SYSTEM)).get("example.org").contains("app AAAA"));
  }

  @Test
  void withoutWebHostsTheProfilesHostServesTheWebNamesAndWithoutMailHostsTheWebHostsServeMail() throws IOException {
    Profile p = fleet("hosts:\n  - {name: a, address: 203.0.113.51, roles: [worker]}\n");
    ServedAddresses s = ServedAddresses.of(p, HostAddresses.Resolver.SYSTEM);
    assertEquals(List.of(p.host().address()), s.web().ipv4());
    assertEquals(s.web(), s.mail());
    Profile q = fleet("hosts:\n  - {name: a, address: 203.0.113.51, roles: [web]}\n");
    assertEquals(List.of("203.0.113.51"), ServedAddresses.of(q, HostAddresses.Resolver.SYSTEM).forName(q, "mail.example.org").ipv4());
  }

  @Test
  void theProfilesOwnHostIsNotResolvedWhenTheFleetHasWebHosts() throws IOException {
    Profile fleet = fleet("hosts:\n  - {name: a, address: 203.0.113.51, roles: [web]}\n");
    Profile p = fleet.toBuilder().host(new com.dimosaic.vps.profile.HostSpec("old-host.example.net", java.util.Optional.empty(),
        fleet.host().ssh())).build();
    HostAddresses.Resolver refuses = name -> {
      throw new java.net.UnknownHostException(name);
    };
    assertEquals(List.of("203.0.113.51"), ServedAddresses.of(p, refuses).web().ipv4());
  }
}
