package com.dimosaic.vps.drift;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Built-in notifiers for a {@link DriftWatch}'s status changes: a local command, or a webhook. */
public final class Notifiers {
  private static final Logger log = LoggerFactory.getLogger(Notifiers.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private Notifiers() {}

  /**
   * Runs {@code argv} on this machine for each change, with {@code VPS_WATCH_HOST}, {@code VPS_WATCH_FROM},
   * {@code VPS_WATCH_TO} and {@code VPS_WATCH_SUMMARY} in its environment (never as arguments); at most 60 s.
   */
  public static Consumer<DriftWatch.Change> command(List<String> argv) {
    List<String> cmd = List.copyOf(argv);
    if (cmd.isEmpty()) {
      throw new IllegalArgumentException("an empty command");
    }
    return c -> {
      ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().putAll(Map.of("VPS_WATCH_HOST", c.host(), "VPS_WATCH_FROM", c.from(), "VPS_WATCH_TO", c.to(), "VPS_WATCH_SUMMARY",
          c.summary()));
      try {
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          log.warn("the notify command did not end within 60 s");
        } else if (p.exitValue() != 0) {
          log.warn("the notify command exited {}", p.exitValue());
        }
      } catch (IOException e) {
        log.warn("the notify command could not start: {}", e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /** POSTs each change as JSON ({@code host}, {@code from}, {@code to}, {@code summary}) to {@code url}; 10 s timeout. */
  public static Consumer<DriftWatch.Change> webhook(URI url) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    return c -> {
      String body = JSON.createObjectNode().put("host", c.host()).put("from", c.from()).put("to", c.to()).put("summary", c.summary())
          .toString();
      try {
        HttpResponse<Void> r = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).header("Content-Type",
            "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 != 2) {
          log.warn("the webhook answered {}", r.statusCode());
        }
      } catch (IOException e) {
        log.warn("the webhook could not be reached: {}", e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }
}
