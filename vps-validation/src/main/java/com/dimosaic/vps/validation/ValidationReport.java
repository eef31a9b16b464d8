package com.dimosaic.vps.validation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a validation run, as text (for people), JSON (for tools) and JUnit XML (for CI).
 *
 * @param profile profile name
 * @param host the host, as described by the transport
 * @param started when the run started
 * @param took wall time
 * @param outcomes one per check, in check order
 */
public record ValidationReport(String profile, String host, Instant started, Duration took, List<Outcome> outcomes) {
  /** Copies the outcomes. */
  public ValidationReport {
    outcomes = List.copyOf(outcomes);
  }

  /** The worst status (PASS for an empty report). */
  public Status status() {
    return outcomes.stream().map(o -> o.result().status()).reduce(Status.PASS, Status::worst);
  }

  /** How many outcomes have a status. */
  public long count(Status s) {
    return outcomes.stream().filter(o -> o.result().status() == s).count();
  }

  /** Outcomes that are not PASS, failures first. */
  public List<Outcome> problems() {
    return outcomes.stream().filter(o -> o.result().status() != Status.PASS)
        .sorted(java.util.Comparator.comparing((Outcome o) -> o.result().status()).reversed()).toList();
  }

  /** The human report. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append("VPS Validation Report\n=====================\n");
    sb.append("Profile:  ").append(profile).append('\n');
    sb.append("Host:     ").append(host).append('\n');
    sb.append("Started:  ").append(started).append('\n');
    sb.append(String.format(Locale.ROOT, "Duration: %.1f s%n%n", took.toMillis() / 1000.0));
    sb.append("Summary:  ").append(count(Status.PASS)).append(" passed, ").append(count(Status.WARN)).append(" warnings, ")
        .append(count(Status.FAIL)).append(" failed (").append(outcomes.size()).append(" checks)\n");
    sb.append("Status:   ").append(status()).append("\n");
    Map<String, List<Outcome>> byCategory = new LinkedHashMap<>();
    outcomes.forEach(o -> byCategory.computeIfAbsent(o.category(), k -> new java.util.ArrayList<>()).add(o));
    int width = outcomes.stream().mapToInt(o -> o.name().length()).max().orElse(10);
    for (Map.Entry<String, List<Outcome>> c : byCategory.entrySet()) {
      sb.append('\n').append(c.getKey()).append('\n');
      for (Outcome o : c.getValue()) {
        sb.append("  ").append(o.result().status().symbol()).append(' ').append(pad(o.name(), width)).append("  ")
            .append(o.result().detail()).append('\n');
      }
    }
    List<Outcome> problems = problems();
    if (!problems.isEmpty()) {
      sb.append("\nIssues\n");
      for (Outcome o : problems) {
        sb.append("  ").append(o.result().status().symbol()).append(' ').append(o.category()).append(": ").append(o.name())
            .append(" — ").append(o.result().detail()).append('\n');
        o.result().hint().ifPresent(h -> sb.append("    Check: ").append(h).append('\n'));
      }
      sb.append("\nRecommendations\n");
      if (count(Status.FAIL) > 0) {
        sb.append("  - Fix the failed checks first; run the validation again with until-healthy after a deploy.\n");
      }
      if (count(Status.WARN) > 0) {
        sb.append("  - Review the warnings before they become failures (certificates, disk, memory).\n");
      }
    }
    return sb.toString();
  }

  private static String pad(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }

  /** The report as JSON. */
  public String toJson() {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("profile", profile);
    root.put("host", host);
    root.put("started", started.toString());
    root.put("durationMs", took.toMillis());
    root.put("status", status().name());
    ObjectNode summary = root.putObject("summary");
    for (Status s : Status.values()) {
      summary.put(s.name().toLowerCase(Locale.ROOT), count(s));
    }
    ArrayNode checks = root.putArray("checks");
    for (Outcome o : outcomes) {
      ObjectNode c = checks.addObject();
      c.put("id", o.id());
      c.put("category", o.category());
      c.put("name", o.name());
      c.put("status", o.result().status().name());
      c.put("detail", o.result().detail());
      o.result().hint().ifPresent(h -> c.put("hint", h));
      c.put("durationMs", o.took().toMillis());
      c.put("attempts", o.attempts());
    }
    try {
      return json.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The report as JUnit XML: one testcase per check (WARN is reported as a passing test with system-out). */
  public String toJUnitXml() {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb.append(String.format(Locale.ROOT, "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\" time=\"%.3f\" timestamp=\"%s\">%n",
        xml("vps validation " + profile), outcomes.size(), count(Status.FAIL), took.toMillis() / 1000.0, started));
    for (Outcome o : outcomes) {
      sb.append(String.format(Locale.ROOT, "  <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\"",
          xml(o.category()), xml(o.id()), o.took().toMillis() / 1000.0));
      CheckResult r = o.result();
      if (r.status() == Status.PASS) {
        sb.append("/>\n");
        continue;
      }
      sb.append(">\n");
      String text = r.detail() + r.hint().map(h -> "\nCheck: " + h).orElse("");
      if (r.status() == Status.FAIL) {
        sb.append("    <failure message=\"").append(xml(r.detail())).append("\">").append(xml(text)).append("</failure>\n");
      } else {
        sb.append("    <system-out>WARN: ").append(xml(text)).append("</system-out>\n");
      }
      sb.append("  </testcase>\n");
    }
    return sb.append("</testsuite>\n").toString();
  }

  private static String xml(String s) {
    return com.dimosaic.vps.core.Xml.escape(s);
  }
}
