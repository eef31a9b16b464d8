package com.dimosaic.vps.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.profile.FleetHost;
import com.dimosaic.vps.profile.HostSpec;
import com.dimosaic.vps.profile.Inventory;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.Resources;
import com.dimosaic.vps.profile.SshSettings;
import com.dimosaic.vps.remote.RemoteException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The fleet engine: parallel with a cap, failures isolated, rolling stops at the first failure, one report. */
class FleetTest {
  static Profile profile(int n) {
    java.nio.file.Path demo = java.nio.file.Path.of("../examples/profiles/demo");
    Profile p = com.dimosaic.vps.profile.ProfileLoader.builder().ageKeys(com.dimosaic.vps.secrets.sops.AgeKeys.builder()
        .identityFile(demo.resolve("demo-age-key.txt")).environment(java.util.Map.of()).build()).build().loadFrom(demo);
    List<FleetHost> hosts = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      hosts.add(new FleetHost("h" + i, new HostSpec("203.0.113." + i, Optional.empty(), new SshSettings(22, "root", Optional.empty(),
          Optional.empty())), Optional.empty(), List.of(i == 1 ? "manager" : "web"), List.of(), new Resources(1, 1, 8)));
    }
    return p.toBuilder().inventory(new Inventory(hosts)).build();
  }

  @Test
  void parallelRunsEveryHostAtOnceUpToTheCapAndOneFailureDoesNotStopTheOthers() {
    Profile p = profile(5);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch threeTogether = new CountDownLatch(3);
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    FleetListener l = new FleetListener() {
      @Override
      public void hostProgress(FleetHost host, String phase) {
        events.add(host.name() + " " + phase);
      }
    };
    FleetReport<String> r = Fleet.run("test", p, p.inventory().hosts(), FleetOptions.builder().parallel(3).listener(l).build(),
        (host, hp, listener) -> {
          int now = running.incrementAndGet();
          peak.accumulateAndGet(now, Math::max);
          listener.phaseStarted("working");
          threeTogether.countDown();
          try {
            // the first three wait for each other: they only get here together when they run at once
            assertTrue(threeTogether.await(10, TimeUnit.SECONDS) || threeTogether.getCount() == 0);
            Thread.sleep(50);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          } finally {
            running.decrementAndGet();
          }
          if (host.name().equals("h2")) {
            throw new RemoteException(RemoteException.Reason.CONNECT, "connection refused: 203.0.113.2:22");
          }
          if (host.name().equals("h3")) {
            throw new IllegalStateException("boom on " + hp.host().address());
          }
          return "done on " + hp.host().address();
        }, v -> new Verdict(HostStatus.OK, v, List.of()));
    assertEquals(3, peak.get(), "the cap");
    assertEquals(List.of("h1", "h2", "h3", "h4", "h5"), r.hosts().stream().map(h -> h.host().name()).toList(), "inventory order");
    assertEquals(HostStatus.UNREACHABLE, r.host("h2").orElseThrow().status());
    assertEquals(HostStatus.FAILED, r.host("h3").orElseThrow().status());
    assertTrue(r.host("h3").orElseThrow().verdict().summary().contains("boom on 203.0.113.3"), "each host gets its own profile");
    assertEquals(3, r.count(HostStatus.OK), "the others went on");
    assertEquals(Optional.of("done on 203.0.113.5"), r.host("h5").orElseThrow().value());
    assertFalse(r.succeeded());
    assertEquals("2 of 5 host(s) failed (1 unreachable)", r.summary());
    assertTrue(events.contains("h4 working"), events.toString());
  }

  @Test
  void rollingGoesBatchByBatchAndStopsAtTheFirstFailureLeavingTheRestUntouched() {
    Profile p = profile(5);
    List<String> touched = Collections.synchronizedList(new ArrayList<>());
    FleetReport<String> r = Fleet.run("deploy", p, p.inventory().hosts(), FleetOptions.builder().rolling(2).build(),
        (host, hp, listener) -> {
          touched.add(host.name());
          return host.name().equals("h3") ? "unhealthy" : "healthy";
        }, v -> new Verdict(v.equals("healthy") ? HostStatus.OK : HostStatus.FAILED, v, List.of()));
    assertEquals(List.of("h1", "h2", "h3", "h4"), touched.stream().sorted().toList(), "h3 and h4 are one batch; h5 never starts");
    assertEquals(HostStatus.FAILED, r.host("h3").orElseThrow().status());
    assertEquals(HostStatus.OK, r.host("h4").orElseThrow().status(), "its batch mate finishes");
    HostResult<String> h5 = r.host("h5").orElseThrow();
    assertEquals(HostStatus.SKIPPED, h5.status());
    assertEquals("not started: the rolling deploy stopped at h3", h5.verdict().summary());
    assertEquals(Optional.empty(), h5.value());
    assertEquals("1 of 5 host(s) failed, 1 not started (left untouched)", r.summary());
    assertEquals("rolling 2", r.mode());
  }

  @Test
  void rollingOneAtATimeStopsRightAtTheFailingHost() {
    Profile p = profile(3);
    List<String> touched = Collections.synchronizedList(new ArrayList<>());
    FleetReport<String> r = Fleet.run("deploy", p, p.inventory().hosts(), FleetOptions.builder().rolling(1).build(),
        (host, hp, listener) -> {
          touched.add(host.name());
          return host.name();
        }, v -> new Verdict(v.equals("h2") ? HostStatus.FAILED : HostStatus.WARN, v, List.of()));
    assertEquals(List.of("h1", "h2"), touched);
    assertEquals(List.of(HostStatus.WARN, HostStatus.FAILED, HostStatus.SKIPPED), r.hosts().stream().map(HostResult::status).toList());
  }

  @Test
  void theReportIsTextJsonAndJUnitWithOneSuitePerHost() throws Exception {
    Profile p = profile(3);
    FleetReport<String> r = Fleet.run("validate", p, p.inventory().hosts(), FleetOptions.builder().rolling(1).build(),
        (host, hp, listener) -> host.name(), v -> switch (v) {
          case "h1" -> new Verdict(HostStatus.WARN, "1 WARN", List.of(new Verdict.Case("disk", HostStatus.OK, "", Duration.ofMillis(5)),
              new Verdict.Case("swap", HostStatus.WARN, "no swap", Duration.ZERO)));
          case "h2" -> new Verdict(HostStatus.FAILED, "1 FAIL", List.of(new Verdict.Case("https <&>", HostStatus.FAILED, "refused\nat 443",
              Duration.ZERO)));
          default -> new Verdict(HostStatus.OK, "ok", List.of());
        });
    String text = r.toText();
    assertTrue(text.startsWith("Fleet validate of demo: 3 host(s), rolling 1"), text);
    assertTrue(text.contains("! h1  WARN") && text.contains("✗ h2  FAILED") && text.contains("- h3  SKIPPED"), text);
    assertTrue(text.contains("Result: 1 of 3 host(s) failed, 1 not started (left untouched)"), text);

    JsonNode json = new ObjectMapper().readTree(r.toJson());
    assertEquals(3, json.get("hosts").size());
    assertEquals("FAILED", json.get("hosts").get(1).get("status").asText());
    assertEquals("203.0.113.2", json.get("hosts").get(1).get("address").asText());
    assertFalse(json.get("succeeded").asBoolean());

    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(r.toJUnitXml().getBytes(StandardCharsets.UTF_8)));
    NodeList suites = doc.getElementsByTagName("testsuite");
    assertEquals(3, suites.getLength(), "one suite per host");
    Element h2 = (Element) suites.item(1);
    assertEquals("h2", h2.getAttribute("name"));
    assertEquals("1", h2.getAttribute("failures"));
    assertEquals("https <&>", ((Element) h2.getElementsByTagName("testcase").item(0)).getAttribute("name"));
    Element h3 = (Element) suites.item(2);
    assertEquals("1", h3.getAttribute("skipped"));
    assertEquals("4", doc.getDocumentElement().getAttribute("tests"), "2 + 1 cases, and the skipped host's one");
  }
}
