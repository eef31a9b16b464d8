package com.dimosaic.vps.netcup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.testing.FakeNetcupServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the fake rejects and alters the way real Netcup does, through the client. */
class FakeNetcupServerTest {
  FakeNetcupServer fake;
  NetcupSession session;

  @BeforeEach
  void setUp() {
    fake = FakeNetcupServer.start();
    fake.addCustomer("12345", "key", "password").addZone("example.com");
    fake.addRecord("example.com", "@", "A", "192.0.2.1", "0");
    session = NetcupDns.builder().endpoint(fake.endpoint()).pacing(Duration.ZERO).rateLimitBackoff(Duration.ofMillis(10), 0).build()
        .newSession(NetcupCredentials.of("12345", "key", "password"));
  }

  @AfterEach
  void tearDown() {
    session.close();
    fake.close();
  }

  @Test
  void seededAndCreatedRecordsAreInStateUnknownAsInTheRecordings() {
    assertEquals("unknown", session.records("example.com").get(0).state());
    List<NetcupRecord> after = session.updateRecords("example.com", List.of(NetcupRecord.create("www", "A", "0", "192.0.2.2")));
    assertTrue(after.stream().allMatch(r -> r.state().equals("unknown")), after.toString());
  }

  @Test
  void aSemicolonInCaaAndAnMxWithoutPriorityAreRejectedAndNothingChanges() {
    long serial = fake.zone("example.com").serial();
    NetcupException caa = assertThrows(NetcupException.class, () -> session.updateRecords("example.com",
        List.of(NetcupRecord.create("@", "CAA", "0", "0 issue \"letsencrypt.org; validationmethods=dns-01\""))));
    assertEquals(4013, caa.code());
    NetcupException mx = assertThrows(NetcupException.class, () -> session.updateRecords("example.com",
        List.of(NetcupRecord.create("@", "MX", "", "mail.example.com"), NetcupRecord.create("www", "A", "0", "192.0.2.2"))));
    assertEquals(4013, mx.code());
    assertEquals(1, fake.zone("example.com").records().size(), "a rejected batch changes nothing");
    assertEquals(serial, fake.zone("example.com").serial());
  }

  @Test
  void backslashesInTxtAreStrippedAndDoubleQuotesRejected() {
    List<NetcupRecord> after = session.updateRecords("example.com", List.of(NetcupRecord.create("t", "TXT", "0", "a\\b\\\\c")));
    assertEquals("abc", after.stream().filter(r -> r.hostname().equals("t")).findFirst().orElseThrow().destination());
    assertEquals(4013, assertThrows(NetcupException.class, () -> session.updateRecords("example.com",
        List.of(NetcupRecord.create("q", "TXT", "0", "say \"hi\"")))).code());
  }

  @Test
  void theProviderRefusesWhatNetcupWouldRejectOrAlterBeforeSendingAnything() {
    NetcupDnsProvider provider = new NetcupDnsProvider(session);
    long updates = fake.count("updateDnsRecords");
    for (com.dimosaic.vps.dns.DnsRecord bad : List.of(com.dimosaic.vps.dns.DnsRecord.of("t", "TXT", "a\\b"),
        com.dimosaic.vps.dns.DnsRecord.of("t", "TXT", "say \"hi\""),
        com.dimosaic.vps.dns.DnsRecord.of("@", "CAA", "0 issue \"letsencrypt.org; validationmethods=dns-01\""))) {
      com.dimosaic.vps.dns.DnsException e = assertThrows(com.dimosaic.vps.dns.DnsException.class, () -> provider.apply("example.com",
          List.of(com.dimosaic.vps.dns.RecordChange.create(com.dimosaic.vps.dns.DnsRecord.of("ok", "A", "192.0.2.9"), "x"),
              com.dimosaic.vps.dns.RecordChange.create(bad, "x"))));
      assertTrue(e.getMessage().contains(bad.type() + " " + bad.name() + " cannot be stored at Netcup") && e.getMessage()
          .contains("nothing was sent"), e.getMessage());
    }
    assertEquals(updates, fake.count("updateDnsRecords"));
  }
}
