package com.dimosaic.vps.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a propagation report says when records are still missing: the retry hint is the poll interval, rounded up. */
class PropagationReportTest {
  static String line(Duration interval) {
    PropagationCheck.Expectation e = new PropagationCheck.Expectation("example.com", "www.example.com", DnsRecord.of("www", "A", "192.0.2.1"));
    return new PropagationCheck.Report(List.of(new PropagationCheck.Status(e, false, List.of("r"), List.of())), false, interval, false,
        List.of()).lines().get(0);
  }

  @Test
  void theRetryHintIsTheIntervalRoundedUpInSecondsOrMinutes() {
    assertEquals("[✗] A www.example.com not yet visible at r (retry in 1 s)", line(Duration.ofMillis(300)));
    assertEquals("[✗] A www.example.com not yet visible at r (retry in 30 s)", line(Duration.ofSeconds(30)));
    assertEquals("[✗] A www.example.com not yet visible at r (retry in 1 minute)", line(Duration.ofSeconds(60)));
    assertEquals("[✗] A www.example.com not yet visible at r (retry in 2 minutes)", line(Duration.ofSeconds(61)));
  }
}
