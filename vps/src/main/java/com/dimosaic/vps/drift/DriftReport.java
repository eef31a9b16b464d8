package com.dimosaic.vps.drift;

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
import java.util.Set;
import java.util.TreeSet;

/**
 * The result of a drift check: every item, what was checked, how long it took; as text (grouped by
 * kind, with unified diffs), JSON and JUnit XML (one test per checked subject, a failure per drifted
 * item).
 *
 * @param profile the profile's name
 * @param host the host checked
 * @param started when the check started
 * @param took how long it took
 * @param items what differs (and the unmanaged records, not counted)
 * @param checked per area ({@code system}, {@code firewall}, {@code containers}, {@code dns}, …), how many subjects were looked at
 */
public record DriftReport(String profile, String host, Instant started, Duration took, List<DriftItem> items, Map<String, Integer> checked) {
  /** Copies the parts. */
  public DriftReport {
    items = List.copyOf(items);
    checked = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(checked));
  }

  /** The items that are drift (unmanaged DNS records are listed, not counted). */
  public List<DriftItem> drift() {
    return items.stream().filter(DriftItem::counted).toList();
  }

  /** Whether the host and its zone match the profile. */
  public boolean clean() {
    return drift().isEmpty();
  }

  /** The phases whose steps would put the drifted items back (with {@code prune}: also extra rules and containers). */
  public Set<String> phasesToRepair(boolean prune) {
    Set<String> out = new TreeSet<>();
    drift().stream().filter(i -> prune || i.kind().repairedByDefault()).forEach(i -> out.add(i.phase()));
    return out;
  }

  /** Counts per kind, for metrics. */
  public Map<DriftItem.Kind, Integer> countByKind() {
    Map<DriftItem.Kind, Integer> out = new LinkedHashMap<>();
    for (DriftItem.Kind k : DriftItem.Kind.values()) {
      out.put(k, (int) drift().stream().filter(i -> i.kind() == k).count());
    }
    return out;
  }

  /** The human report: a summary line, then the items grouped by kind with their diffs. */
  public String toText() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Drift of %s on %s: %s (%.1f s; checked %s)%n", profile, host,
        clean() ? "none" : drift().size() + " item(s)", took.toMillis() / 1000.0, checked));
    for (DriftItem.Kind k : DriftItem.Kind.values()) {
      List<DriftItem> of = items.stream().filter(i -> i.kind() == k).toList();
      if (of.isEmpty()) {
        continue;
      }
      sb.append('\n').append(k.displayName()).append(of.stream().noneMatch(DriftItem::counted) ? " (not drift)" : "").append('\n');
      for (DriftItem i : of) {
        sb.append("  ").append(i.subject()).append(i.detail().isEmpty() ? "" : ": " + i.detail()).append('\n');
        i.diff().filter(d -> !d.isEmpty()).ifPresent(d -> d.lines().forEach(l -> sb.append("      ").append(l).append('\n')));
      }
    }
    return sb.toString();
  }

  /** The report as JSON. */
  public String toJson() {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode().put("profile", profile).put("host", host).put("started", started.toString())
        .put("tookMs", took.toMillis()).put("drift", drift().size()).put("clean", clean());
    ObjectNode c = root.putObject("checked");
    checked.forEach(c::put);
    ArrayNode a = root.putArray("items");
    for (DriftItem i : items) {
      ObjectNode n = a.addObject().put("kind", i.kind().name().toLowerCase(Locale.ROOT)).put("phase", i.phase()).put("subject", i.subject())
          .put("detail", i.detail()).put("counted", i.counted());
      i.diff().ifPresent(d -> n.put("diff", d));
    }
    try {
      return json.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** JUnit XML: one test per area checked, plus a failing test per drifted item (unmanaged records pass, with system-out). */
  public String toJUnitXml() {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    int tests = checked.size() + items.size();
    sb.append(String.format(Locale.ROOT, "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\" time=\"%.3f\""
        + " timestamp=\"%s\">%n", xml("vps drift " + profile), tests, drift().size(), took.toMillis() / 1000.0, started));
    checked.forEach((area, n) -> sb.append(String.format(Locale.ROOT, "  <testcase classname=\"drift.%s\" name=\"%s\"/>%n", xml(area),
        xml(area + " (" + n + " checked)"))));
    for (DriftItem i : items) {
      sb.append(String.format(Locale.ROOT, "  <testcase classname=\"drift.%s\" name=\"%s\">%n", xml(i.phase()), xml(i.toText())));
      String text = i.detail() + i.diff().map(d -> "\n" + d).orElse("");
      if (i.counted()) {
        sb.append("    <failure message=\"").append(xml(i.toText())).append("\">").append(xml(text)).append("</failure>\n");
      } else {
        sb.append("    <system-out>").append(xml(text)).append("</system-out>\n");
      }
      sb.append("  </testcase>\n");
    }
    return sb.append("</testsuite>\n").toString();
  }

  private static String xml(String s) {
    return com.dimosaic.vps.core.Xml.escape(s);
  }
}
