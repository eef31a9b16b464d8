package com.dimosaic.vps.dns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compares desired and existing records of a zone, the way octoDNS and DNSControl users expect:
 * only slots the SDK manages are changed (see {@link DnsRecord#slot()}); other records are kept
 * unless {@link Options#purge()} is set; ignored names and the apex NS/SOA are never touched. A
 * converged zone plans zero changes. {@link #checkSafety} refuses mass updates/deletes.
 */
public final class DnsPlanner {
  /**
   * Planner options.
   *
   * @param ignore name patterns ({@code *} wildcard) never touched
   * @param purge whether unmanaged records are deleted
   * @param maxDestructiveShare the share of a zone's records that may be updated or deleted at once (0.3)
   * @param minRecordsForThreshold zones smaller than this are not limited (10)
   */
  public record Options(List<String> ignore, boolean purge, double maxDestructiveShare, int minRecordsForThreshold) {
    /** The defaults: ignore {@code _acme-challenge*}, keep unmanaged, 30% of zones with 10+ records. */
    public static final Options DEFAULT = new Options(List.of("_acme-challenge*"), false, 0.3, 10);
  }

  private DnsPlanner() {}

  /** Plans one zone. */
  public static ZonePlan plan(String zone, List<DnsRecord> desired, List<ExistingRecord> existing, Options options) {
    List<Pattern> ignore = options.ignore().stream().map(DnsPlanner::glob).toList();
    List<ExistingRecord> considered = new ArrayList<>();
    for (ExistingRecord e : existing) {
      DnsRecord r = e.record();
      boolean apexInfra = r.name().equals("@") && (r.type().equals("NS") || r.type().equals("SOA"));
      boolean ignored = ignore.stream().anyMatch(p -> p.matcher(r.name()).matches());
      if (!apexInfra && !ignored) {
        considered.add(e);
      }
    }
    Map<String, List<DnsRecord>> wantBySlot = new LinkedHashMap<>();
    desired.forEach(d -> wantBySlot.computeIfAbsent(d.slot(), k -> new ArrayList<>()).add(d));
    Map<String, List<ExistingRecord>> haveBySlot = new LinkedHashMap<>();
    considered.forEach(e -> haveBySlot.computeIfAbsent(e.record().slot(), k -> new ArrayList<>()).add(e));

    List<RecordChange> changes = new ArrayList<>();
    List<ExistingRecord> unmanaged = new ArrayList<>();
    for (Map.Entry<String, List<DnsRecord>> w : wantBySlot.entrySet()) {
      List<DnsRecord> want = new ArrayList<>(w.getValue());
      List<ExistingRecord> have = new ArrayList<>(haveBySlot.getOrDefault(w.getKey(), List.of()));
      // exact matches stay
      for (DnsRecord d : List.copyOf(want)) {
        have.stream().filter(h -> h.record().equals(d)).findFirst().ifPresent(h -> {
          have.remove(h);
          want.remove(d);
        });
      }
      // pair the rest: update in place, then create or delete the remainder
      while (!want.isEmpty() && !have.isEmpty()) {
        DnsRecord d = want.remove(0);
        ExistingRecord h = have.remove(0);
        changes.add(RecordChange.update(h, d, reason(h.record(), d)));
      }
      want.forEach(d -> changes.add(RecordChange.create(d, "needed by the profile")));
      have.forEach(h -> changes.add(RecordChange.delete(h, "superseded in a managed slot")));
    }
    for (Map.Entry<String, List<ExistingRecord>> h : haveBySlot.entrySet()) {
      if (!wantBySlot.containsKey(h.getKey())) {
        if (options.purge()) {
          h.getValue().forEach(e -> changes.add(RecordChange.delete(e, "not in the profile (purge)")));
        } else {
          unmanaged.addAll(h.getValue());
        }
      }
    }
    return new ZonePlan(zone, changes, considered.size(), unmanaged);
  }

  /**
   * Refuses a plan that would update or delete more than the allowed share of a zone's records.
   *
   * @throws DnsException naming the counts, unless {@code force}
   */
  public static void checkSafety(ZonePlan plan, Options options, boolean force) {
    if (force || plan.existingCount() < options.minRecordsForThreshold()) {
      return;
    }
    long destructive = plan.destructive();
    if (destructive > options.maxDestructiveShare() * plan.existingCount()) {
      throw new DnsException("refusing to update or delete " + destructive + " of " + plan.existingCount()
          + " records in zone " + plan.zone() + " (more than " + Math.round(options.maxDestructiveShare() * 100)
          + "%); review the plan and force it if intended");
    }
  }

  private static String reason(DnsRecord from, DnsRecord to) {
    if (to.type().equals("TXT") && to.value().startsWith("v=DMARC1")) {
      return "policy updated";
    }
    if (to.type().equals("TXT") && to.value().startsWith("v=STSv1")) {
      return "MTA-STS policy changed";
    }
    if (from.priority() != to.priority()) {
      return "priority " + from.priority() + " -> " + to.priority();
    }
    return from.value() + " -> " + to.value();
  }

  private static Pattern glob(String g) {
    StringBuilder sb = new StringBuilder();
    for (char c : g.toCharArray()) {
      sb.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(sb.toString());
  }
}
