package com.dimosaic.vps.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The host's append-only audit log, {@code .vps-state/audit.log}: one JSON object per line with
 * time, who, action, plan hash, result and detail. Never holds secret values.
 */
public final class AuditLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditLog() {}

  /**
   * One event.
   *
   * @param time when
   * @param who user and machine
   * @param action deploy, rollback, lock-break, ...
   * @param planHash the plan's hash (empty when none)
   * @param result started, success, failed, rolled-back, ...
   * @param detail one line
   */
  public record Event(Instant time, String who, String action, String planHash, String result, String detail) {
    String toJsonLine() {
      ObjectNode n = JSON.createObjectNode().put("time", time.toString()).put("who", who).put("action", action).put("planHash", planHash)
          .put("result", result).put("detail", detail);
      try {
        return JSON.writeValueAsString(n) + "\n";
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Appends an event ({@code >>}, so concurrent writers never truncate each other). Its text goes
   * through the host's redactor first: the log is read by people and tools without the secrets.
   */
  public static void append(StackDir stack, Event e) {
    String path = stack.stateDir() + "/audit.log";
    String line = stack.host().redactor().apply(e.toJsonLine());
    stack.run(stack.command(List.of("sh", "-c", "mkdir -p \"$(dirname \"$1\")\" && cat >> \"$1\"", "sh", path))
        .withStdin(line.getBytes(StandardCharsets.UTF_8))).requireSuccess();
  }

  /** The last {@code n} lines. */
  public static List<String> tail(StackDir stack, int n) {
    return stack.run(stack.command(List.of("tail", "-n", String.valueOf(n), stack.stateDir() + "/audit.log"))).stdout().lines().toList();
  }
}
