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
 *
 * <p>Two rules hold on real zones: a slot the profile owns but leaves empty (the AAAA of a host without
 * IPv6) is emptied, so no stale address of an old host survives; and a CNAME excludes every other
 * record at its name (RFC 1034 §3.6.2, RFC 2181 §10.1), so a CNAME where the profile needs records is
 * deleted (and records where the profile needs a CNAME). Records matching {@link Options#keep()}
 * are never deleted by these rules; a kept CNAME that conflicts makes the plan fail with the reason.
 * Deletes come first in a plan, so a provider applying a batch in order never holds a CNAME beside
 * other data.
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
  public record Options(List<String> ignore, boolean purge, double maxDestructiveShare, int minRecordsForThreshold, List<String> keep) {
    /** The defaults: ignore {@code _acme-challenge*}, keep unmanaged, 30% of zones with 10+ records. */
    public static final Options DEFAULT = new Options(List.of("_acme-challenge*"), false, 0.3, 10, List.of());

    /** Copies the lists; each {@code keep} entry is {@code <name pattern> <TYPE>}, e.g. {@code @ AAAA}. */
    public Options {
      ignore = List.copyOf(ignore);
      keep = List.copyOf(keep);
      for (String k : keep) {
        if (k.strip().split("\\s+").length != 2) {
          throw new IllegalArgumentException("keep entry '" + k + "': expected <name> <TYPE>, e.g. '@ AAAA'");
        }
      }
    }

    /** Options that keep nothing beyond unmanaged records. */
    public Options(List<String> ignore, boolean purge, double maxDestructiveShare, int minRecordsForThreshold) {
      this(ignore, purge, maxDestructiveShare, minRecordsForThreshold, List.of());
    }
  }

  private DnsPlanner() {}

  /** Plans one zone. */
  public static ZonePlan plan(String zone, List<DnsRecord> desired, List<ExistingRecord> existing, Options options) {
    return plan(zone, desired, Map.of(), existing, options);
  }

  /**
   * Plans one zone whose profile also owns empty slots.
   *
   * @param empty slots ({@code "www AAAA"}) the profile owns and leaves empty, with the reason a record
   *     found there is deleted
   * @throws DnsException when a kept record conflicts with what the profile needs
   */
  public static ZonePlan plan(String zone, List<DnsRecord> desired, Map<String, String> empty, List<ExistingRecord> existing,
      Options options) {
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
    List<Pattern[]> keep = options.keep().stream().map(k -> k.strip().split("\\s+"))
        .map(k -> new Pattern[] {glob(k[0].toLowerCase(java.util.Locale.ROOT)), glob(k[1].toUpperCase(java.util.Locale.ROOT))})
        .toList();
    java.util.function.Predicate<DnsRecord> kept = r -> keep.stream()
        .anyMatch(k -> k[0].matcher(r.name()).matches() && k[1].matcher(r.type()).matches());
    Map<String, List<DnsRecord>> wantBySlot = new LinkedHashMap<>();
    desired.forEach(d -> wantBySlot.computeIfAbsent(d.slot(), k -> new ArrayList<>()).add(d));
    Map<String, java.util.Set<String>> wantTypes = new LinkedHashMap<>();
    desired.forEach(d -> wantTypes.computeIfAbsent(d.name(), k -> new java.util.TreeSet<>()).add(d.type()));

    List<RecordChange> changes = new ArrayList<>();
    List<ExistingRecord> unmanaged = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    // conflicts first: empty owned slots and CNAMEs beside other data at names the profile manages
    List<ExistingRecord> rest = new ArrayList<>();
    for (ExistingRecord e : considered) {
      DnsRecord r = e.record();
      java.util.Set<String> types = wantTypes.get(r.name());
      String why = null;
      if (empty.containsKey(r.slot())) {
        why = empty.get(r.slot());
      } else if (types != null && r.type().equals("CNAME") && !types.contains("CNAME")) {
        why = "a CNAME cannot coexist with the " + String.join("/", types) + " record(s) the profile needs at " + r.name()
            + " (RFC 1034 §3.6.2, RFC 2181 §10.1)";
      } else if (types != null && types.contains("CNAME") && !r.type().equals("CNAME")) {
        why = "the profile needs a CNAME at " + r.name() + ", which excludes every other record there (RFC 1034 §3.6.2)";
      }
      if (why == null) {
        rest.add(e);
      } else if (kept.test(r)) {
        if (r.type().equals("CNAME") || (types != null && types.contains("CNAME"))) {
          throw new DnsException(DnsException.Reason.CONFLICT, "zone " + zone + ": " + r.display() + " is kept by dns.keep, but " + why
              + ": remove the dns.keep entry or stop serving " + r.name() + " from the profile");
        }
        unmanaged.add(e);
        notes.add(r.display() + ": kept by dns.keep although " + why);
      } else {
        changes.add(RecordChange.delete(e, why));
      }
    }
    Map<String, List<ExistingRecord>> haveBySlot = new LinkedHashMap<>();
    rest.forEach(e -> haveBySlot.computeIfAbsent(e.record().slot(), k -> new ArrayList<>()).add(e));
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
    List<RecordChange> ordered = new ArrayList<>(changes);
    ordered.sort(java.util.Comparator.comparingInt(c -> c.action() == RecordChange.Action.DELETE ? 0 : 1));
    return new ZonePlan(zone, ordered, considered.size(), unmanaged, notes);
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
      throw new DnsException(DnsException.Reason.THRESHOLD, "refusing to update or delete " + destructive + " of " + plan.existingCount()
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
