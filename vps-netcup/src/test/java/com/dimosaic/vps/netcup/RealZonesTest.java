package com.dimosaic.vps.netcup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.dns.DkimSource;
import com.dimosaic.vps.dns.DnsException;
import com.dimosaic.vps.dns.DnsSync;
import com.dimosaic.vps.dns.RecordChange;
import com.dimosaic.vps.dns.ZonePlan;
import com.dimosaic.vps.profile.DnsSettings;
import com.dimosaic.vps.profile.Domains;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.ProfileLoader;
import com.dimosaic.vps.secrets.sops.AgeKeys;
import com.dimosaic.vps.testing.FakeNetcupServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The planner on real zone contents, seeded into the fake exactly as Netcup returned them: a
 * webhosting zone ({@code yamacore.de}, acme.sh #3503: {@code *} A records, {@code @ AAAA} of the old
 * host) and a fresh zone ({@code coldfix.de}, lexicon's live recording: {@code www CNAME @}).
 */
class RealZonesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  FakeNetcupServer fake;
  Profile demo;

  @BeforeEach
  void setUp() {
    fake = FakeNetcupServer.start();
    fake.addCustomer("12345", "demo-api-key", "demo-api-password");
    demo = ProfileLoader.builder().ageKeys(AgeKeys.builder().identityFile(NetcupSyncTest.DEMO.resolve("demo-age-key.txt"))
        .environment(Map.of()).build()).build().loadFrom(NetcupSyncTest.DEMO);
  }

  @AfterEach
  void tearDown() {
    fake.close();
  }

  @Test
  void aWebhostingZoneLosesTheOldHostsAaaaAndKeepsItsWildcard() throws IOException {
    String md = Files.readString(Path.of("src/test/resources/netcup-fixtures.md"));
    String section = md.substring(md.indexOf("acme.sh issue #3503"), md.indexOf("qdm12/ddns-updater PR #361"));
    seed("yamacore.de", section);
    Profile p = retarget(demo, "yamacore.de", List.of());
    try (NetcupDnsProvider provider = provider()) {
      ZonePlan plan = DnsSync.plan(p, provider, DkimSource.NONE, DnsSync.Options.DEFAULT).get(0);
      RecordChange aaaa = plan.changes().get(0);
      assertEquals("- AAAA @", aaaa.display(), plan.changes().toString());
      assertTrue(aaaa.reason().contains("no IPv6 address"), aaaa.reason());
      assertTrue(plan.changes().stream().anyMatch(c -> c.display().equals("~ A @ (188.68.47.15 -> 203.0.113.50)")), display(plan));
      assertEquals(4, plan.unmanaged().stream().filter(e -> e.record().name().equals("*")).count(), "the wildcard is not ours");
      DnsSync.apply(provider, List.of(plan), DnsSync.Options.DEFAULT);
      assertEquals(List.of(), DnsSync.plan(p, provider, DkimSource.NONE, DnsSync.Options.DEFAULT).get(0).changes(), "second plan");
    }
    List<FakeNetcupServer.Rec> zone = fake.zone("yamacore.de").records();
    assertTrue(zone.stream().noneMatch(r -> r.type().equals("AAAA")), zone.toString());
    assertEquals(4, zone.stream().filter(r -> r.hostname().equals("*")).count(), zone.toString());
  }

  @Test
  void aKeptAaaaStaysAndIsNamedInThePlan() throws IOException {
    String md = Files.readString(Path.of("src/test/resources/netcup-fixtures.md"));
    seed("yamacore.de", md.substring(md.indexOf("acme.sh issue #3503"), md.indexOf("qdm12/ddns-updater PR #361")));
    Profile p = retarget(demo, "yamacore.de", List.of("@ AAAA"));
    try (NetcupDnsProvider provider = provider()) {
      ZonePlan plan = DnsSync.plan(p, provider, DkimSource.NONE, DnsSync.Options.DEFAULT).get(0);
      assertTrue(plan.changes().stream().noneMatch(c -> c.display().startsWith("- AAAA")), display(plan));
      assertTrue(plan.notes().stream().anyMatch(n -> n.startsWith("AAAA @ 2a03:4000:30:1f20::10:8047: kept by dns.keep")), plan.notes()
          .toString());
    }
  }

  @Test
  void aFreshZonesWwwCnameIsReplacedByTheAddressRecords() throws IOException {
    JsonNode cassette = new YAMLMapper().readTree(Path.of("src/test/resources/netcup-recorded/"
        + "test_provider_when_calling_list_records_with_no_arguments_should_list_all.yaml").toFile());
    String records = null;
    for (JsonNode i : cassette.path("interactions")) {
      String body = i.path("response").path("body").path("string").asText();
      if (body.contains("\"dnsrecords\"")) {
        records = body;
        break;
      }
    }
    seed("coldfix.de", records);
    assertTrue(fake.zone("coldfix.de").records().stream().anyMatch(r -> r.hostname().equals("www") && r.type().equals("CNAME")
        && r.destination().equals("@")), "the recording has www CNAME @");
    Profile p = retarget(demo, "coldfix.de", List.of());
    try (NetcupDnsProvider provider = provider()) {
      ZonePlan plan = DnsSync.plan(p, provider, DkimSource.NONE, DnsSync.Options.DEFAULT).get(0);
      assertEquals("- CNAME www", plan.changes().get(0).display(), display(plan));
      assertTrue(plan.changes().get(0).reason().contains("RFC 1034"), plan.changes().get(0).reason());
      assertTrue(plan.changes().stream().anyMatch(c -> c.display().equals("+ A www 203.0.113.50")), display(plan));
      assertTrue(plan.unmanaged().stream().anyMatch(e -> e.record().name().equals("docs") && e.record().type().equals("CNAME")),
          "a CNAME at a name the profile does not serve stays");
      DnsSync.apply(provider, List.of(plan), DnsSync.Options.DEFAULT);
      assertEquals(List.of(), DnsSync.plan(p, provider, DkimSource.NONE, DnsSync.Options.DEFAULT).get(0).changes(), "second plan");
    }
    List<FakeNetcupServer.Rec> www = fake.zone("coldfix.de").records().stream().filter(r -> r.hostname().equals("www")).toList();
    assertEquals(1, www.size(), www.toString());
    assertEquals("A", www.get(0).type());

    // a CNAME kept on purpose where the profile needs an address: refused with the reason, nothing sent
    fake.seedRecord("coldfix.de", new FakeNetcupServer.Rec("99", "auth", "CNAME", "0", "elsewhere.example.net", "yes"));
    Profile keeping = retarget(demo, "coldfix.de", List.of("auth CNAME"));
    long updates = fake.count("updateDnsRecords");
    try (NetcupDnsProvider provider = provider()) {
      DnsException e = assertThrows(DnsException.class, () -> DnsSync.plan(keeping, provider, DkimSource.NONE, DnsSync.Options.DEFAULT));
      assertTrue(e.getMessage().contains("CNAME auth elsewhere.example.net is kept by dns.keep, but a CNAME cannot coexist"),
          e.getMessage());
    }
    assertEquals(updates, fake.count("updateDnsRecords"));
  }

  @Test
  void aWrongApiKeyIsReportedAsPossiblyWrongCredentialsAtOnce() {
    fake.addZone("example.com");
    NetcupDns client = NetcupDns.builder().endpoint(fake.endpoint()).pacing(Duration.ZERO)
        .rateLimitBackoff(Duration.ofSeconds(20), 3).build();
    try (NetcupSession s = client.newSession(NetcupCredentials.of("12345", "wrong-api-key", "demo-api-password"))) {
      NetcupException e = assertThrows(NetcupException.class, () -> s.records("example.com"));
      assertTrue(e.credentialsSuspect(), e.getMessage());
      assertTrue(e.getMessage().contains("wrong API key or API password") && e.getMessage().contains("apiKey and apiPassword"),
          e.getMessage());
      assertTrue(!e.getMessage().contains("wrong-api-key"), e.getMessage());
    }
    assertEquals(1, fake.count("login"), "no back-off and retry of a login refused this way");
  }

  private NetcupDnsProvider provider() {
    NetcupDns client = NetcupDns.builder().endpoint(fake.endpoint()).pacing(Duration.ZERO).rateLimitBackoff(Duration.ofMillis(50), 3).build();
    return new NetcupDnsProvider(client.newSession(NetcupCredentials.fromProfile(demo)));
  }

  private void seed(String zone, String text) {
    fake.addZone(zone);
    Matcher m = Pattern.compile("\\{\"id\":\"[^{}]*\\}").matcher(text);
    int n = 0;
    while (m.find()) {
      try {
        JsonNode x = JSON.readTree(m.group());
        fake.seedRecord(zone, new FakeNetcupServer.Rec(x.path("id").asText(), x.path("hostname").asText(), x.path("type").asText(),
            x.path("priority").asText(), x.path("destination").asText(), x.path("state").asText()));
        n++;
      } catch (IOException e) {
        throw new IllegalStateException(m.group(), e);
      }
    }
    assertTrue(n >= 7, "records seeded: " + n);
  }

  private static String display(ZonePlan plan) {
    return plan.changes().stream().map(c -> c.display() + " (" + c.reason() + ")").toList().toString();
  }

  /** The demo profile for another zone (its names, its mail), with {@code dns.keep}. */
  static Profile retarget(Profile p, String zone, List<String> keep) {
    DnsSettings d = p.dns();
    DnsSettings dns = new DnsSettings(d.provider(), List.of(zone), d.resolvers(), d.propagationWait(), d.ignore(), d.zoneFile(),
        d.credentials(), d.endpoint(), keep, d.caa(), d.nameservers());
    Domains domains = new Domains(zone, p.domains().apex(), p.domains().www(), p.domains().mailHost());
    return p.toBuilder().domains(domains).dns(dns).build();
  }
}
