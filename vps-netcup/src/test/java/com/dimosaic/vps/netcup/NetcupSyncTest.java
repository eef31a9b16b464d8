package com.dimosaic.vps.netcup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.dns.DkimSource;
import com.dimosaic.vps.dns.DnsException;
import com.dimosaic.vps.dns.DnsRecord;
import com.dimosaic.vps.dns.DnsSync;
import com.dimosaic.vps.dns.ZonePlan;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.ProfileLoader;
import com.dimosaic.vps.secrets.sops.AgeKeys;
import com.dimosaic.vps.testing.FakeNetcupServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The DNS workflow against the stateful fake Netcup server. */
class NetcupSyncTest {
  static final Path DEMO = Path.of("../examples/profiles/demo");
  static final String LONG_DKIM = "v=DKIM1; k=rsa; p=" + "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA".repeat(9);

  FakeNetcupServer fake;
  Profile demo;

  @BeforeEach
  void setUp() {
    fake = FakeNetcupServer.start();
    // the demo profile's (demo) credentials
    fake.addCustomer("12345", "demo-api-key", "demo-api-password").addZone("example.com");
    fake.addRecord("example.com", "@", "TXT", "google-site-verification=abc123", "0");
    fake.addRecord("example.com", "legacy", "A", "198.51.100.7", "0");
    fake.addRecord("example.com", "_acme-challenge", "TXT", "token-xyz", "0");
    demo = ProfileLoader.builder().ageKeys(AgeKeys.builder().identityFile(DEMO.resolve("demo-age-key.txt"))
        .environment(Map.of()).build()).build().loadFrom(DEMO);
  }

  @AfterEach
  void tearDown() {
    fake.close();
  }

  NetcupDnsProvider provider() {
    NetcupDns client = NetcupDns.builder().endpoint(fake.endpoint()).pacing(Duration.ZERO)
        .rateLimitBackoff(Duration.ofMillis(50), 3).build();
    return new NetcupDnsProvider(client.newSession(NetcupCredentials.fromProfile(demo)));
  }

  DkimSource dkim = domain -> List.of(DnsRecord.of("2026a._domainkey", "TXT", LONG_DKIM));

  @Test
  void aFirstSyncCreatesExactlyWhatIsNeededInOneCallAndASecondSendsNothing() {
    try (NetcupDnsProvider p = provider()) {
      List<ZonePlan> plans = DnsSync.plan(demo, p, dkim, DnsSync.Options.DEFAULT);
      assertEquals(22, plans.get(0).changes().size(), plans.toString());
      assertEquals(22, DnsSync.apply(p, plans, DnsSync.Options.DEFAULT));
    }
    assertEquals(1, fake.count("updateDnsRecords"), "one update call for the zone");
    Set<String> zone = fake.zone("example.com").records().stream()
        .map(r -> r.hostname() + " " + r.type() + " " + r.destination()).collect(Collectors.toSet());
    assertTrue(zone.contains("@ TXT google-site-verification=abc123"), "unmanaged TXT kept");
    assertTrue(zone.contains("legacy A 198.51.100.7"), "unmanaged A kept");
    assertTrue(zone.contains("_acme-challenge TXT token-xyz"), "ignored name kept");
    assertTrue(zone.contains("@ TXT v=spf1 mx ~all"));
    assertTrue(zone.contains("2026a._domainkey TXT " + LONG_DKIM), "long DKIM value whole and unquoted");
    assertTrue(zone.contains("@ MX mail.example.com"));
    assertEquals(25, zone.size());
    long serial = fake.zone("example.com").serial();

    try (NetcupDnsProvider p = provider()) {
      List<ZonePlan> again = DnsSync.plan(demo, p, dkim, DnsSync.Options.DEFAULT);
      assertTrue(again.get(0).isEmpty(), "converged: " + again);
      assertEquals(0, DnsSync.apply(p, again, DnsSync.Options.DEFAULT));
    }
    assertEquals(1, fake.count("updateDnsRecords"), "the second sync sent no update");
    assertEquals(serial, fake.zone("example.com").serial());
    assertEquals(fake.count("login"), fake.count("logout"), "every session logged out");
  }

  @Test
  void anExpiredSessionMidSyncIsRecoveredByLoggingInAgainOnce() {
    try (NetcupDnsProvider p = provider()) {
      List<ZonePlan> plans = DnsSync.plan(demo, p, dkim, DnsSync.Options.DEFAULT);
      fake.expireSessionsNow();
      DnsSync.apply(p, plans, DnsSync.Options.DEFAULT);
    }
    assertEquals(2, fake.count("login"));
    assertEquals(25, fake.zone("example.com").records().size());
  }

  @Test
  void aRateLimitAnswerIsWaitedOutAndRetried() {
    NetcupDns client = NetcupDns.builder().endpoint(fake.endpoint()).pacing(Duration.ZERO).rateLimitBackoff(Duration.ofMillis(400), 3)
        .build();
    try (NetcupDnsProvider p = new NetcupDnsProvider(client.newSession(NetcupCredentials.fromProfile(demo)))) {
      List<ZonePlan> plans = DnsSync.plan(demo, p, dkim, DnsSync.Options.DEFAULT);
      fake.rateLimitNext(2);
      DnsSync.apply(p, plans, DnsSync.Options.DEFAULT);
    }
    assertEquals(25, fake.zone("example.com").records().size());
    List<FakeNetcupServer.Request> sent = fake.requests();
    List<Integer> limited = new java.util.ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      if (sent.get(i).rateLimited()) {
        limited.add(i);
      }
    }
    assertEquals(2, limited.size(), "the fake served two rate-limit answers");
    for (int i : limited) {
      FakeNetcupServer.Request next = sent.get(i + 1);
      assertEquals("updateDnsRecords", next.action(), "the refused call is sent again");
      assertTrue(!next.at().isBefore(sent.get(i).at().plusMillis(350)), "after the 400 ms back-off: " + sent.get(i).at() + " -> "
          + next.at());
    }
    assertEquals(1, fake.count("updateDnsRecords") - 2, "applied once, after two refusals");
  }

  @Test
  void requestsArePacedAndALimitAnswerSurfacesTypedWithoutRetries() {
    NetcupDns paced = NetcupDns.builder().endpoint(fake.endpoint()).pacing(Duration.ofMillis(200))
        .rateLimitBackoff(Duration.ofSeconds(13), 0).build();
    try (NetcupSession s = paced.newSession(NetcupCredentials.fromProfile(demo))) {
      for (int i = 0; i < 4; i++) {
        s.records("example.com");
      }
    }
    List<FakeNetcupServer.Request> sent = fake.requests();
    assertEquals(6, sent.size(), "login, 4 reads, logout");
    for (int i = 1; i < sent.size(); i++) {
      Duration gap = Duration.between(sent.get(i - 1).at(), sent.get(i).at());
      assertTrue(gap.toMillis() >= 150, "request " + i + " came " + gap.toMillis() + " ms after the one before (pacing 200 ms, less the network)");
    }
    // unpaced, against a limit of 9 per minute (6 used above): after a login and two reads the next read is refused, and with
    // no retries the error is typed
    fake.rateLimit(9);
    NetcupDns unpaced = NetcupDns.builder().endpoint(fake.endpoint()).pacing(Duration.ZERO).rateLimitBackoff(Duration.ofSeconds(13), 0)
        .build();
    try (NetcupSession s = unpaced.newSession(NetcupCredentials.fromProfile(demo))) {
      NetcupException e = assertThrows(NetcupException.class, () -> {
        for (int i = 0; i < 10; i++) {
          s.records("example.com");
        }
      });
      assertTrue(e.isRateLimit(), e.getMessage());
    }
    List<FakeNetcupServer.Request> all = fake.requests();
    FakeNetcupServer.Request refused = all.stream().filter(FakeNetcupServer.Request::rateLimited).findFirst().orElseThrow();
    assertEquals("infoDnsRecords", refused.action(), "a read was refused, not the login");
    assertEquals(2, all.stream().filter(r -> r.action().equals("infoDnsRecords") && r.answered() == 2000).count() - 4,
        "two reads of the unpaced session were answered");
  }

  @Test
  void theThresholdStopsAMassChangeUnlessForced() {
    try (NetcupDnsProvider p = provider()) {
      DnsSync.apply(p, DnsSync.plan(demo, p, dkim, DnsSync.Options.DEFAULT), DnsSync.Options.DEFAULT);
    }
    // the same profile on a new address with another SPF and DMARC policy: 7 A records, SPF and DMARC would change (9 of the 24
    // considered records; _acme-challenge is ignored)
    com.dimosaic.vps.profile.MailSettings m = demo.mail();
    com.dimosaic.vps.profile.MailSettings mail = new com.dimosaic.vps.profile.MailSettings(m.enabled(), "v=spf1 a mx -all", "reject",
        m.dmarcReportAddress(), m.tlsrptAddress(), m.mtaStsMode(), m.mtaStsMaxAgeSeconds(), m.webInterfaces(), m.accounts());
    Profile moved = demo.toBuilder().host(new com.dimosaic.vps.profile.HostSpec("198.51.100.99", demo.host().ipv6(), demo.host().ssh()))
        .mail(mail).build();
    assertThrows(NullPointerException.class, () -> Profile.builder().name("incomplete").build(), "required parts are checked");
    try (NetcupDnsProvider p = provider()) {
      List<ZonePlan> plans = DnsSync.plan(moved, p, dkim, DnsSync.Options.DEFAULT);
      long updates = fake.count("updateDnsRecords");
      DnsException e = assertThrows(DnsException.class, () -> DnsSync.apply(p, plans, DnsSync.Options.DEFAULT));
      assertTrue(e.getMessage().contains("refusing to update or delete 9 of 24 records"), e.getMessage());
      assertEquals(updates, fake.count("updateDnsRecords"), "nothing was sent");
      DnsSync.apply(p, plans, new DnsSync.Options(java.util.Optional.empty(), false, true));
    }
    assertTrue(fake.zone("example.com").records().stream().anyMatch(r -> r.destination().equals("198.51.100.99")));
  }

  @Test
  void errorsAreTypedAndCarryNoSecrets() {
    NetcupDns client = NetcupDns.builder().endpoint(fake.endpoint()).pacing(Duration.ZERO)
        .rateLimitBackoff(Duration.ofMillis(10), 0).build();
    try (NetcupSession s = client.newSession(NetcupCredentials.of("12345", "demo-api-key", "wrong-password"))) {
      NetcupException e = assertThrows(NetcupException.class, () -> s.records("example.com"));
      assertEquals(4013, e.code());
      assertFalse(e.getMessage().contains("wrong-password") || e.getMessage().contains("demo-api-key"), e.getMessage());
    }
    try (NetcupSession s = client.newSession(NetcupCredentials.fromProfile(demo))) {
      assertEquals(5031, assertThrows(NetcupException.class, () -> s.zone("example.org")).code());
      assertEquals(5028, assertThrows(NetcupException.class,
          () -> s.updateRecords("example.org", List.of(NetcupRecord.create("x", "A", "0", "192.0.2.1")))).code());
      NetcupZone zone = s.zone("example.com");
      assertEquals(86400, zone.ttl(), "the zone-wide TTL comes from infoDnsZone");
      NetcupZone lowered = s.updateZone(new NetcupZone(zone.name(), 300, zone.serial(), zone.refresh(), zone.retry(), zone.expire(), false));
      assertEquals(300, lowered.ttl());
      assertEquals(300, s.zone("example.com").ttl());
      fake.htmlNext();
      assertEquals(3, s.records("example.com").size(), "an HTML error page is retried once");
    }
    fake.addZone("empty.example");
    try (NetcupSession s = client.newSession(NetcupCredentials.fromProfile(demo))) {
      assertEquals(List.of(), s.records("empty.example"), "5029 is an empty zone, not an error");
    }
  }
}
