package com.dimosaic.vps.backup;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One backup point: the restic snapshots a run of {@code vps-backup run} took, one per item, all tagged with
 * the point's id (its UTC start, e.g. {@code 20261206T031500Z}). A point is complete when its manifest (the
 * run's last snapshot) is there; a point without one is a run that failed and is never restored.
 *
 * @param id the point's id (sorts by time)
 * @param time when its first snapshot was taken
 * @param complete whether the manifest is there
 * @param items what it holds, in the order taken
 */
public record BackupPoint(String id, Instant time, boolean complete, List<Item> items) {
  /** Copies the list. */
  public BackupPoint {
    items = List.copyOf(items);
  }

  /**
   * One item of a point.
   *
   * @param name {@code postgres:<db>}, {@code postgres:<db>:counts}, {@code postgres-globals}, {@code redis}, {@code mox},
   *     {@code caddy}, {@code www}, {@code state} or {@code manifest}
   * @param snapshot the restic snapshot's id
   * @param paths the paths it holds (a stored file's name for streamed dumps, the host folder otherwise)
   */
  public record Item(String name, String snapshot, List<String> paths) {
    /** Copies the list. */
    public Item {
      paths = List.copyOf(paths);
    }
  }

  /** The item of that name. */
  public Optional<Item> item(String name) {
    return items.stream().filter(i -> i.name().equals(name)).findFirst();
  }

  /** The databases whose dumps the point holds. */
  public List<String> databases() {
    return items.stream().map(Item::name).filter(n -> n.startsWith("postgres:") && n.indexOf(':', 9) < 0)
        .map(n -> n.substring(9)).toList();
  }
}
