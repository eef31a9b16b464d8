package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.testing.FakeNetcupServer;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code dns plan|sync} end to end against the fake Netcup server (the demo profile uses Netcup with demo credentials). */
class DnsCommandTest {
  FakeNetcupServer fake;
  StringWriter out = new StringWriter();
  StringWriter err = new StringWriter();

  @BeforeEach
  void start() {
    fake = FakeNetcupServer.start().addCustomer("12345", "demo-api-key", "demo-api-password").addZone("example.com");
    fake.addRecord("example.com", "@", "TXT", "google-site-verification=abc123", "0");
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  int run(String stdin, String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Main.run(new BufferedReader(new StringReader(stdin)), new PrintWriter(out), new PrintWriter(err), args);
  }

  String[] args(String sub, String... more) {
    String[] base = {"dns", sub, "profiles/demo", "--endpoint", fake.endpoint(), "--age-key-file", PlanCommandTest.KEY};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void planShowsTheDiffSyncAsksAndAppliesThenNothingIsLeft() {
    assertEquals(0, run("", args("plan")), err.toString());
    assertTrue(out.toString().contains("zone example.com (netcup): 21 change(s)"), out.toString());
    assertTrue(out.toString().contains("  + SRV _submissions._tcp 0 1 465 mail.example.com"), out.toString());
    assertTrue(out.toString().contains("  note: DKIM: not managed in this run"), out.toString());
    assertTrue(out.toString().contains("  + TXT _dmarc \"v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@example.com\""), out.toString());

    assertEquals(Main.CHANGES_PENDING, run("", args("plan", "--expect-no-changes")), "changes pending: exit 3");
    assertEquals(Main.REFUSED, run("n\n", args("sync", "--no-wait")), "declined: refused, exit 4");
    assertTrue(err.toString().contains("not confirmed"), err.toString());
    assertEquals(0, fake.count("updateDnsRecords"), "nothing applied when declined");

    assertEquals(0, run("y\n", args("sync", "--no-wait")), err.toString());
    assertTrue(out.toString().contains("applied 21 change(s)"), out.toString());
    assertEquals(1, fake.count("updateDnsRecords"));

    assertEquals(0, run("", args("sync", "--yes", "--no-wait")), err.toString());
    assertTrue(out.toString().contains("converged, no changes"), out.toString());
    assertEquals(1, fake.count("updateDnsRecords"), "a converged zone sends no update");
    assertEquals(Main.OK, run("", args("plan", "--expect-no-changes")), "converged: exit 0");
    assertTrue(fake.zone("example.com").records().stream().anyMatch(r -> r.destination().startsWith("google-site-verification")),
        "the unmanaged record is still there");
  }

  /** A plan that would rewrite most of a zone is refused at apply: exit 4, nothing sent. */
  @Test
  void theSafetyThresholdRefusesWithExit4() {
    assertEquals(0, run("", args("plan")), err.toString());
    java.util.List<String> names = out.toString().lines().map(String::strip).filter(l -> l.startsWith("+ A "))
        .map(l -> l.split(" ")[2]).toList();
    assertTrue(names.size() >= 5, out.toString());
    for (String n : names) {
      fake.addRecord("example.com", n, "A", "198.51.100.9", "0");
      fake.addRecord("example.com", n, "AAAA", "2001:db8::9", "0");
    }
    assertEquals(Main.REFUSED, run("", args("sync", "--yes", "--no-wait")), out + "\n" + err);
    assertTrue(err.toString().contains("refusing to update or delete"), err.toString());
    assertEquals(0, fake.count("updateDnsRecords"), "nothing sent");
  }

  @Test
  void usageErrors() {
    assertEquals(2, run("", "dns"));
    assertEquals(2, run("", "dns", "plan"));
    assertEquals(2, run("", args("plan", "--provider", "route53")));
    assertEquals(1, run("", args("plan", "--zone", "example.org")), "an unmanaged zone is refused");
  }
}
