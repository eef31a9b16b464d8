package com.dimosaic.vps.backup;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one backup run stored.
 *
 * @param point the new point's id
 * @param bytes bytes read (dumps and files, before deduplication and compression)
 * @param took how long the run took on the host
 * @param items item → bytes read
 * @param rows database → table → rows at backup time (counted from the dump itself)
 */
public record BackupRun(String point, long bytes, Duration took, Map<String, Long> items, Map<String, Map<String, Long>> rows) {
  /** Copies the maps. */
  public BackupRun {
    items = Map.copyOf(items);
    rows = Map.copyOf(rows);
  }

  /** The items' names. */
  public List<String> itemNames() {
    return items.keySet().stream().sorted().toList();
  }
}
