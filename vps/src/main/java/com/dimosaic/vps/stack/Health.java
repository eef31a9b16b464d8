package com.dimosaic.vps.stack;

import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.secrets.Redactor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Waits for a compose service to be ready: every container running and, where it has a health
 * check, {@code healthy} — polled, never a fixed sleep. It gives up at the timeout, or as soon as
 * Docker marks a container {@code unhealthy} (which it does only after the start period and the
 * check's retries). The failure carries the health check's own last output and the service's last log lines.
 */
public final class Health {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Health() {}

  /**
   * Waits until {@code service} has at least {@code replicas} ready containers.
   *
   * @throws DeployException when it does not within {@code timeout}
   */
  public static void await(StackDir stack, String service, int replicas, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no container";
    boolean hasCheck = false;
    boolean unhealthy = false;
    long t0 = System.nanoTime();
    while (System.nanoTime() < deadline && !unhealthy) {
      CommandResult r = stack.run(stack.compose("ps", "--all", "--format", "json", service));
      int ready = 0;
      for (String line : r.stdout().strip().split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode n = JSON.readTree(line);
          // older Compose versions print one JSON array instead of one object per line
          for (JsonNode c : n.isArray() ? n : List.of(n)) {
            String state = c.path("State").asText();
            String health = c.path("Health").asText("");
            hasCheck |= !health.isEmpty();
            last = state + (health.isEmpty() ? "" : "/" + health);
            if (state.equals("running") && (health.isEmpty() || health.equals("healthy"))) {
              ready++;
            }
            // Docker says unhealthy only after the start period and `retries` failed checks in a row: a verdict, not a phase
            unhealthy |= health.equals("unhealthy");
          }
        } catch (IOException e) {
          last = "unreadable docker compose output";
        }
      }
      if (ready >= Math.max(1, replicas)) {
        return;
      }
      if (unhealthy) {
        break;
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DeployException("interrupted while waiting for " + service, e);
      }
    }
    String logs = stack.run(stack.compose("logs", "--tail", "20", "--no-color", service)).stdout();
    String probe = "";
    for (String id : stack.run(stack.compose("ps", "-q", service)).stdout().strip().split("\n")) {
      if (!id.isBlank()) {
        String attempts = stack.run(stack.command(List.of("docker", "inspect", "--format",
            "{{if .State.Health}}{{range .State.Health.Log}}exit {{.ExitCode}}: {{.Output}}\n{{end}}{{end}}", id.strip()))).stdout();
        // the last attempts, each once
        probe = String.join("\n", new java.util.LinkedHashSet<>(attempts.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()));
      }
    }
    // a container's output may hold anything it was given (a health check that echoes its environment, a
    // connection string in a log line): it is redacted here, where it enters the SDK's messages
    Redactor redactor = stack.host().redactor();
    throw new DeployException(DeployException.Reason.HEALTH, service + " did not become " + (hasCheck ? "healthy" : "ready")
        + (unhealthy ? " (Docker marked it unhealthy after " + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s)"
            : " within " + timeout.toSeconds() + " s")
        + " (last state: " + last + ")" + (probe.isEmpty() ? "" : "; health check said:\n" + redactor.apply(CommandResult.tail(probe, 3)))
        + "\nlast log lines:\n" + redactor.apply(CommandResult.tail(logs, 20)));
  }
}
