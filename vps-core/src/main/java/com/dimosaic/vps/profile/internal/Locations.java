package com.dimosaic.vps.profile.internal;

import java.util.HashMap;
import java.util.Map;

/** Where each key path was read from, so cross-reference checks can point at the right line. */
public final class Locations {
  /** A position in a file. */
  public record Location(String file, int line, int column) {}

  private final Map<String, Location> byPath = new HashMap<>();

  /** Records a position (the first one wins). */
  public void put(String keyPath, String file, int line, int column) {
    byPath.putIfAbsent(file + "#" + keyPath, new Location(file, line, column));
  }

  /** The position of a key path in a file, or the file's start when unknown. */
  public Location of(String file, String keyPath) {
    String p = keyPath;
    while (true) {
      Location l = byPath.get(file + "#" + p);
      if (l != null) {
        return l;
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      if (cut <= 0) {
        return new Location(file, 1, 1);
      }
      p = p.substring(0, cut);
    }
  }
}
