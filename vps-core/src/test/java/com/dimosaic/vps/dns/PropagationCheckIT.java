package com.dimosaic.vps.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.testing.LocalKnot;
import com.dimosaic.vps.testing.Processes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The propagation check against a real authoritative server (knot) on a loopback port; never a public resolver. */
class PropagationCheckIT {
  static final String BASE = "@ SOA ns hostmaster %d 3600 600 86400 60\n@ NS ns\nns A 127.0.0.1\n";

  @Test
  void seesAChangeAppearWhileWaiting() throws Exception {
    try (LocalKnot knot = LocalKnot.start("example.com", String.format(BASE, 1) + "@ MX 10 mail\n")) {
      String resolver = "127.0.0.1:" + knot.port();
      List<PropagationCheck.Expectation> expected = PropagationCheck.Expectation.forZone("example.com", List.of(
          DnsRecord.of("www", "A", "203.0.113.50"),
          DnsRecord.of("_dmarc", "TXT", "v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com"),
          new DnsRecord("@", "MX", "mail.example.com", 10)));
      List<PropagationCheck.Report> polls = new CopyOnWriteArrayList<>();
      PropagationCheck check = PropagationCheck.builder().resolvers(List.of(resolver)).authoritativeFirst(false).interval(Duration.ofMillis(300))
          .queryTimeout(Duration.ofSeconds(1)).progress(polls::add).build();

      PropagationCheck.Report before = check.checkOnce(expected);
      assertFalse(before.complete());
      assertTrue(before.lines().get(0).startsWith("[✗] A www.example.com not yet visible at " + resolver + " (retry in 1 s)"),
          before.lines().toString());
      assertTrue(before.lines().get(2).startsWith("[✓] MX example.com propagated"), before.lines().toString());

      Thread changer = new Thread(() -> {
        try {
          Thread.sleep(1200);
        } catch (InterruptedException e) {
          return;
        }
        knot.update(String.format(BASE, 2) + "@ MX 10 mail\nwww A 203.0.113.50\n"
            + "_dmarc TXT \"v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com\"\n");
      });
      changer.start();
      PropagationCheck.Report after = check.await(expected, Duration.ofSeconds(20));
      changer.join();
      assertTrue(after.complete(), after.lines() + "\n" + knot.log());
      assertEquals(List.of("[✓] A www.example.com propagated", "[✓] TXT _dmarc.example.com propagated",
          "[✓] MX example.com propagated"), after.lines());
      assertTrue(polls.size() >= 2, "it polled until the change appeared: " + polls.size());
    }
  }

  @Test
  void aWaitThatEndsReportsWhatIsMissing() {
    try (LocalKnot knot = LocalKnot.start("example.com", String.format(BASE, 1))) {
      PropagationCheck.Report r = PropagationCheck.builder().resolvers(List.of("127.0.0.1:" + knot.port()))
          .interval(Duration.ofMillis(200)).build()
          .await(PropagationCheck.Expectation.forZone("example.com", List.of(DnsRecord.of("nope", "A", "192.0.2.1"))),
              Duration.ofMillis(700));
      assertFalse(r.complete());
    }
  }

  @Test
  void anIpv6AddressWrittenShortIsConfirmedAgainstTheServersLongForm() {
    try (LocalKnot knot = LocalKnot.start("example.com", String.format(BASE, 1) + "www AAAA 2001:0db8:0000:0000:0000:0000:0000:0001\n")) {
      PropagationCheck.Report r = PropagationCheck.builder().resolvers(List.of("127.0.0.1:" + knot.port())).authoritativeFirst(false)
          .build().checkOnce(PropagationCheck.Expectation.forZone("example.com", List.of(DnsRecord.of("www", "AAAA", "2001:db8::1"))));
      assertTrue(r.complete(), r.lines().toString());
      PropagationCheck.Report other = PropagationCheck.builder().resolvers(List.of("127.0.0.1:" + knot.port())).authoritativeFirst(false)
          .build().checkOnce(PropagationCheck.Expectation.forZone("example.com", List.of(DnsRecord.of("www", "AAAA", "2001:db8::2"))));
      assertFalse(other.complete(), "another address is not the same: " + other.lines());
    }
  }

  /**
   * A parent zone ({@code com}, at 127.0.0.1) delegates {@code example.com} to two name servers at
   * 127.0.0.2 and 127.0.0.3 (one knot each, same port). The check finds them through the parent,
   * asks each one directly, reports per server, and waits for the lagging one.
   */
  @Test
  void theZonesOwnServersAreFoundThroughTheParentAndAskedOneByOne() throws Exception {
    int port = LocalKnot.freeUdpAndTcpPort();
    String parent = "@ SOA ns hostmaster 1 3600 600 86400 300\n@ NS ns\nns A 127.0.0.1\n"
        + "example NS ns1.example\nexample NS ns2.example\nns1.example A 127.0.0.2\nns2.example A 127.0.0.3\n";
    String child = "@ SOA ns1 hostmaster %d 3600 600 86400 120\n@ NS ns1\n@ NS ns2\nns1 A 127.0.0.2\nns2 A 127.0.0.3\n";
    String www = "www AAAA 2001:db8::1\n";
    try (LocalKnot com = LocalKnot.start(List.of("127.0.0.1"), port, java.util.Map.of("com", parent));
        LocalKnot ns1 = LocalKnot.start(List.of("127.0.0.2"), port, java.util.Map.of("example.com", String.format(child, 2) + www));
        LocalKnot ns2 = LocalKnot.start(List.of("127.0.0.3"), port, java.util.Map.of("example.com", String.format(child, 1)))) {
      List<PropagationCheck.Expectation> expected = PropagationCheck.Expectation.forZone("example.com",
          List.of(DnsRecord.of("www", "AAAA", "2001:db8:0:0:0:0:0:1")));
      PropagationCheck check = PropagationCheck.builder().resolvers(List.of("127.0.0.1:" + port)).nameserverPort(port)
          .interval(Duration.ofMillis(300)).queryTimeout(Duration.ofSeconds(1)).build();

      PropagationCheck.Report before = check.checkOnce(expected);
      assertTrue(before.authoritative(), before.lines().toString());
      assertEquals(List.of("ns1.example.com (127.0.0.2)"), before.statuses().get(0).servedBy(), before.lines().toString());
      assertEquals(List.of("ns2.example.com (127.0.0.3)"), before.statuses().get(0).missingAt(), before.lines().toString());
      assertEquals("[✗] AAAA www.example.com not yet served by ns2.example.com (127.0.0.3) (retry in 1 s)",
          before.lines().get(0));

      Thread changer = new Thread(() -> {
        Processes.sleep(1000);
        ns2.update("example.com", String.format(child, 2) + www);
      });
      changer.start();
      PropagationCheck.Report after = check.await(expected, Duration.ofSeconds(20));
      changer.join();
      assertTrue(after.complete(), after.lines() + "\n" + ns2.log());
      assertEquals("[✓] AAAA www.example.com served by ns1.example.com (127.0.0.2), ns2.example.com (127.0.0.3)", after.lines().get(0));
      assertTrue(after.lines().contains("note: zone example.com: resolvers that looked these names up before may keep the old answer "
          + "for up to 60 s (the zone TTL); a name that did not exist may be cached as absent for up to 60 s (the SOA negative TTL, "
          + "RFC 2308)"), after.lines().toString());
    }
  }
}
