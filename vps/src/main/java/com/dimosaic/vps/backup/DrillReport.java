package com.dimosaic.vps.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The restore drill's result ({@code vps backup verify}): the repository checked ({@code restic check
 * --read-data-subset}), every item of a point restored into scratch containers and folders on the host and
 * checked there — each database's dump listed ({@code pg_restore --list}), restored into a throwaway
 * PostgreSQL of the stack's own image and its rows counted against the counts taken at backup time; Redis's
 * dump through {@code redis-check-rdb}; mox's backup through {@code mox verifydata}; the folders restored
 * with {@code restic restore --verify} — and the time it all took.
 *
 * @param passed whether every check passed
 * @param point the point restored
 * @param time when the drill finished
 * @param took how long the restore and checks took on the host
 * @param checks each check, in order
 */
public record DrillReport(boolean passed, String point, Instant time, Duration took, List<Check> checks) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Copies the list. */
  public DrillReport {
    checks = List.copyOf(checks);
  }

  /**
   * One check of the drill.
   *
   * @param name {@code repository}, {@code manifest}, {@code postgres:<db>}, {@code redis}, {@code mox}, {@code caddy}, ...
   * @param passed whether it passed
   * @param detail what was measured, or what failed (restic's words name the damaged pack or blob)
   */
  public record Check(String name, boolean passed, String detail) {}

  /** The checks that failed. */
  public List<Check> failures() {
    return checks.stream().filter(c -> !c.passed()).toList();
  }

  /** Parses the drill's {@code verify.json}. */
  public static DrillReport parse(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      List<Check> checks = new ArrayList<>();
      n.path("checks").forEach(c -> checks.add(new Check(c.path("name").asText(), c.path("status").asText().equals("PASS"),
          c.path("detail").asText())));
      return new DrillReport(n.path("result").asText().equals("PASS"), n.path("point").asText(),
          Instant.ofEpochSecond(n.path("epoch").asLong()), Duration.ofSeconds(n.path("seconds").asLong()), checks);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A few lines for people. */
  public String toText() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "restore drill of point %s: %s in %d s%n", point,
        passed ? "PASS" : "FAIL", took.toSeconds()));
    for (Check c : checks) {
      sb.append(String.format(Locale.ROOT, "  %s %-22s %s%n", c.passed() ? "PASS" : "FAIL", c.name(), c.detail()));
    }
    return sb.toString();
  }
}
