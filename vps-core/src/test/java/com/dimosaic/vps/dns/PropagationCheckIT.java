package com.dimosaic.vps.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.testing.LocalKnot;
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
      PropagationCheck check = PropagationCheck.builder().resolvers(List.of(resolver)).interval(Duration.ofMillis(300))
          .queryTimeout(Duration.ofSeconds(1)).progress(polls::add).build();

      PropagationCheck.Report before = check.checkOnce(expected);
      assertFalse(before.complete());
      assertTrue(before.lines().get(0).startsWith("[✗] A www.example.com not yet visible at " + resolver + " (retry in 1 minute)"),
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
}
