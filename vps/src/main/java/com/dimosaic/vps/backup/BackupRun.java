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
  /** Copies the maps, keeping their order. */
  public BackupRun {
    items = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(items));
    Map<String, Map<String, Long>> r = new java.util.LinkedHashMap<>();
    rows.forEach((db, t) -> r.put(db, java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(t))));
    rows = java.util.Collections.unmodifiableMap(r);
  }

  /** The items' names. */
  public List<String> itemNames() {
    return items.keySet().stream().sorted().toList();
  }
}
