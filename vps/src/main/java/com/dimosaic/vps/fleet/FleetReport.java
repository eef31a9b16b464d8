package com.dimosaic.vps.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One workflow's run over a fleet: a line per host and a summary, as text, JSON, or JUnit XML with one
 * test suite per host.
 *
 * @param operation the workflow ({@code provision}, {@code validate}, ...)
 * @param profile the profile's name
 * @param mode {@code parallel N} or {@code rolling N}
 * @param started when the run started
 * @param took the run's wall time
 * @param hosts every selected host's result, in inventory order
 * @param <T> the workflow's per-host report
 */
public record FleetReport<T>(String operation, String profile, String mode, Instant started, Duration took, List<HostResult<T>> hosts) {
  /** Copies the list. */
  public FleetReport {
    hosts = List.copyOf(hosts);
  }

  /** Whether every host succeeded (OK or WARN). */
  public boolean succeeded() {
    return hosts.stream().allMatch(h -> h.status().succeeded());
  }

  /** How many hosts ended with {@code s}. */
  public long count(HostStatus s) {
    return hosts.stream().filter(h -> h.status() == s).count();
  }

  /** The hosts' own times added up: what running them one after the other would roughly have taken. */
  public Duration sumOfHosts() {
    return hosts.stream().map(HostResult::took).reduce(Duration.ZERO, Duration::plus);
  }

  /** The longest host. */
  public Duration slowestHost() {
    return hosts.stream().map(HostResult::took).max(Duration::compareTo).orElse(Duration.ZERO);
  }

  /** The result on a host, by name. */
  public java.util.Optional<HostResult<T>> host(String name) {
    return hosts.stream().filter(h -> h.host().name().equals(name)).findFirst();
  }

  /** The human report: a header, a line per host, the summary. */
  public String toText() {
    int w = hosts.stream().mapToInt(h -> h.host().name().length()).max().orElse(4);
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Fleet %s of %s: %d host(s), %s, %.1f s (hosts' own times add up to %.1f s)%n%n",
        operation, profile, hosts.size(), mode, seconds(took), seconds(sumOfHosts())));
    for (HostResult<T> h : hosts) {
      sb.append(String.format(Locale.ROOT, "  %s %-" + w + "s  %-11s %6s  %s%n", mark(h.status()), h.host().name(), h.status(),
          h.status() == HostStatus.SKIPPED ? "" : String.format(Locale.ROOT, "%.1f s", seconds(h.took())), oneLine(h.verdict().summary())));
    }
    sb.append('\n').append("Result: ").append(summary()).append('\n');
    return sb.toString();
  }

  /** {@code all 3 hosts succeeded} or {@code 1 of 3 host(s) failed, 1 skipped}. */
  public String summary() {
    long bad = count(HostStatus.FAILED) + count(HostStatus.UNREACHABLE);
    long skipped = count(HostStatus.SKIPPED);
    if (bad == 0 && skipped == 0) {
      long warn = count(HostStatus.WARN);
      return "all " + hosts.size() + " host(s) succeeded" + (warn == 0 ? "" : " (" + warn + " with warnings)");
    }
    return bad + " of " + hosts.size() + " host(s) failed" + (count(HostStatus.UNREACHABLE) == 0 ? "" : " (" + count(HostStatus.UNREACHABLE)
        + " unreachable)") + (skipped == 0 ? "" : ", " + skipped + " not started (left untouched)");
  }

  private static String mark(HostStatus s) {
    return switch (s) {
      case OK -> "✓";
      case WARN -> "!";
      case FAILED, UNREACHABLE -> "✗";
      case SKIPPED -> "-";
    };
  }

  /** The report as JSON: {@code operation, profile, mode, started, tookMs, succeeded, summary, hosts[{name, address, roles, status, ...}]}. */
  public String toJson() {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode().put("operation", operation).put("profile", profile).put("mode", mode)
        .put("started", started.toString()).put("tookMs", took.toMillis()).put("succeeded", succeeded()).put("summary", summary());
    ArrayNode a = root.putArray("hosts");
    for (HostResult<T> h : hosts) {
      ObjectNode n = a.addObject().put("name", h.host().name()).put("address", h.host().host().address())
          .put("port", h.host().host().ssh().port()).put("status", h.status().name()).put("tookMs", h.took().toMillis())
          .put("summary", h.verdict().summary());
      ArrayNode roles = n.putArray("roles");
      h.host().roles().forEach(roles::add);
      ArrayNode cases = n.putArray("cases");
      for (Verdict.Case c : h.verdict().cases()) {
        cases.addObject().put("name", c.name()).put("status", c.status().name()).put("detail", c.detail()).put("tookMs", c.took().toMillis());
      }
    }
    try {
      return json.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * JUnit XML: {@code <testsuites>} with one {@code <testsuite>} per host, its cases as test cases
   * (FAILED and UNREACHABLE are failures, WARN passes with system-out, SKIPPED is skipped). A host that
   * failed before any case is one failing case named after the workflow.
   */
  public String toJUnitXml() {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    long failures = hosts.stream().mapToLong(h -> cases(h).stream().filter(c -> bad(c.status())).count()).sum();
    long tests = hosts.stream().mapToLong(h -> cases(h).size()).sum();
    sb.append(String.format(Locale.ROOT, "<testsuites name=\"%s\" tests=\"%d\" failures=\"%d\" time=\"%.3f\">%n",
        xml("vps fleet " + operation + " " + profile), tests, failures, seconds(took)));
    for (HostResult<T> h : hosts) {
      List<Verdict.Case> cases = cases(h);
      sb.append(String.format(Locale.ROOT, "  <testsuite name=\"%s\" hostname=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\""
          + " time=\"%.3f\" timestamp=\"%s\">%n", xml(h.host().name()), xml(h.host().host().address()), cases.size(),
          cases.stream().filter(c -> bad(c.status())).count(), cases.stream().filter(c -> c.status() == HostStatus.SKIPPED).count(),
          seconds(h.took()), started));
      for (Verdict.Case c : cases) {
        sb.append(String.format(Locale.ROOT, "    <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\"", xml(operation + "." + h.host().name()),
            xml(c.name()), seconds(c.took())));
        if (c.status() == HostStatus.OK) {
          sb.append("/>\n");
          continue;
        }
        sb.append(">\n");
        switch (c.status()) {
          case FAILED, UNREACHABLE -> sb.append("      <failure message=\"").append(xml(firstLine(c.detail()))).append("\">")
              .append(xml(c.detail())).append("</failure>\n");
          case SKIPPED -> sb.append("      <skipped message=\"").append(xml(c.detail())).append("\"/>\n");
          default -> sb.append("      <system-out>WARN: ").append(xml(c.detail())).append("</system-out>\n");
        }
        sb.append("    </testcase>\n");
      }
      sb.append("  </testsuite>\n");
    }
    return sb.append("</testsuites>\n").toString();
  }

  private List<Verdict.Case> cases(HostResult<T> h) {
    if (!h.verdict().cases().isEmpty()) {
      return h.verdict().cases();
    }
    return List.of(new Verdict.Case(operation, h.status(), h.verdict().summary(), h.took()));
  }

  private static boolean bad(HostStatus s) {
    return s == HostStatus.FAILED || s == HostStatus.UNREACHABLE;
  }

  /** A summary on one line of the table: its lines joined, at most 240 characters. */
  private static String oneLine(String s) {
    String joined = s.strip().replaceAll("\\s*\n\\s*", " | ");
    return joined.length() <= 240 ? joined : joined.substring(0, 239) + "…";
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  private static String xml(String s) {
    return com.dimosaic.vps.core.Xml.escape(s);
  }
}
