package com.dimosaic.vps.dns;

import java.util.List;

/**
 * The planned changes of one zone.
 *
 * @param zone the zone
 * @param changes creates, updates and deletes, each with a reason
 * @param existingCount how many records the zone had (apex NS/SOA excluded)
 * @param unmanaged records kept because the SDK does not manage them
 */
public record ZonePlan(String zone, List<RecordChange> changes, int existingCount, List<ExistingRecord> unmanaged) {
  /** Copies the lists. */
  public ZonePlan {
    changes = List.copyOf(changes);
    unmanaged = List.copyOf(unmanaged);
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
