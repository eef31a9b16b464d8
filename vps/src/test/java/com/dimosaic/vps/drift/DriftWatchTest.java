package com.dimosaic.vps.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The watch's metrics, health answers and status changes, with a scripted probe and its real HTTP server. */
class DriftWatchTest {
  private static DriftReport report(int files) {
    List<DriftItem> items = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      items.add(new DriftItem(DriftItem.Kind.FILE, "docker environment", "/f" + i, "content differs", Optional.empty(), true));
    }
    return new DriftReport("demo", "h", Instant.now(), Duration.ofMillis(200), items, Map.of());
  }

  @Test
  void metricsAndHealthFollowTheLastRunAndChangesAreNotified() throws Exception {
    AtomicInteger drift = new AtomicInteger();
    List<DriftWatch.Change> changes = new ArrayList<>();
    DriftWatch w = DriftWatch.builder().every(Duration.ofHours(1)).serve(new InetSocketAddress("127.0.0.1", 0))
        .host("prod", () -> new DriftWatch.Result("prod", Instant.now(), Optional.empty(), Optional.of(report(drift.get())),
            Map.of("drift", Duration.ofMillis(1200)), Optional.empty()))
        .notifier(changes::add).build();
    assertEquals(503, w.health().getKey(), "no result yet");
    try (w) {
      w.start();
      String base = "http://127.0.0.1:" + w.address().orElseThrow().getPort();
      HttpClient http = HttpClient.newHttpClient();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (w.results().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      HttpResponse<String> m = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertTrue(m.body().contains("vps_drift_items{host=\"prod\",kind=\"file\"} 0\n"), m.body());
      assertTrue(m.body().contains("vps_watch_duration_seconds{host=\"prod\",what=\"drift\"} 1.200\n"), m.body());
      assertTrue(m.body().contains("vps_watch_up{host=\"prod\"} 1\n"), m.body());
      assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode());
      drift.set(2);
      w.runOnce();
      HttpResponse<String> h = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(503, h.statusCode());
      assertTrue(h.body().contains("\"drift\":2"), h.body());
      assertTrue(w.metrics().contains("vps_drift_items{host=\"prod\",kind=\"file\"} 2\n"));
      w.runOnce(); // no change, no notification
    }
    assertEquals(List.of("unknown→healthy", "healthy→unhealthy"), changes.stream().map(c -> c.from() + "→" + c.to()).toList());
  }

  @Test
  void aHostThatCannotBeReachedIsDownNotHealthy() {
    DriftWatch w = DriftWatch.builder().host("gone", () -> {
      throw new IllegalStateException("connection refused");
    }).build();
    w.runOnce();
    assertEquals("down", w.results().get("gone").status());
    assertTrue(w.metrics().contains("vps_watch_up{host=\"gone\"} 0"), w.metrics());
    assertEquals(503, w.health().getKey());
  }
}
