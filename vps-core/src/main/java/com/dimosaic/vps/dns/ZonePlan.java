package com.dimosaic.vps.dns;

import java.util.List;

/**
 * The planned changes of one zone.
 *
 * @param zone the zone
 * @param changes creates, updates and deletes, each with a reason
 * @param existingCount how many records the zone had (apex NS/SOA excluded)
 * @param unmanaged records kept because the SDK does not manage them
 * @param notes what the plan deliberately leaves out or publishes differently, and why (e.g. records
 *     held back until a precondition holds, or where it differs from what mox suggests)
 */
public record ZonePlan(String zone, List<RecordChange> changes, int existingCount, List<ExistingRecord> unmanaged, List<String> notes) {
  /** Copies the lists. */
  public ZonePlan {
    changes = List.copyOf(changes);
    unmanaged = List.copyOf(unmanaged);
    notes = List.copyOf(notes);
  }

  /** A plan without notes. */
  public ZonePlan(String zone, List<RecordChange> changes, int existingCount, List<ExistingRecord> unmanaged) {
    this(zone, changes, existingCount, unmanaged, List.of());
  }

  /** The same plan with more notes. */
  public ZonePlan withNotes(List<String> more) {
    List<String> all = new java.util.ArrayList<>(notes);
    all.addAll(more);
    return new ZonePlan(zone, changes, existingCount, unmanaged, all);
  }

  /** Whether the zone is converged. */
  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /** Updates plus deletes: what the safety threshold counts. */
  public long destructive() {
    return changes.stream().filter(c -> c.action() != RecordChange.Action.CREATE).count();
  }
}
