package com.dimosaic.vps.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch's built-in notifiers: a local command with the change in its environment, and a JSON webhook. */
class NotifiersTest {
  private static final DriftWatch.Change CHANGE = new DriftWatch.Change("prod", "healthy", "unhealthy", "2 drift item(s), 0 failed check(s)");

  @TempDir Path tmp;

  @Test
  void theCommandGetsTheChangeInItsEnvironmentNotItsArguments() throws Exception {
    Path out = tmp.resolve("out");
    Notifiers.command(List.of("sh", "-c", "printf '%s|%s|%s|%s' \"$VPS_WATCH_HOST\" \"$VPS_WATCH_FROM\" \"$VPS_WATCH_TO\" \"$VPS_WATCH_SUMMARY\" > "
        + out)).accept(CHANGE);
    assertEquals("prod|healthy|unhealthy|2 drift item(s), 0 failed check(s)", Files.readString(out));
  }

  @Test
  void theWebhookGetsTheChangeAsJson() throws Exception {
    BlockingQueue<String> bodies = new ArrayBlockingQueue<>(1);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", x -> {
      bodies.add(x.getRequestMethod() + " " + x.getRequestHeaders().getFirst("Content-Type") + " "
          + new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      x.sendResponseHeaders(204, -1);
      x.close();
    });
    server.start();
    try {
      Notifiers.webhook(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook")).accept(CHANGE);
      String got = bodies.poll(10, TimeUnit.SECONDS);
      assertEquals("POST application/json {\"host\":\"prod\",\"from\":\"healthy\",\"to\":\"unhealthy\",\"summary\":\"2 drift item(s), 0 failed"
          + " check(s)\"}", got);
    } finally {
      server.stop(0);
    }
  }
}
