package com.dimosaic.vps.profile.internal;

import com.dimosaic.vps.profile.ConfigProblem;
import com.dimosaic.vps.profile.ProfileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects problems across files so that all of them are reported together. Not thread-safe. */
public final class Problems {
  private final List<ConfigProblem> list = new ArrayList<>();

  /** Records a problem. */
  public void add(String file, int line, int column, String path, String message) {
    list.add(new ConfigProblem(file, line, column, path, message));
  }

  /** Records a problem at a node. */
  public void add(String file, YamlNode at, String path, String message) {
    add(file, at.line(), at.column(), path, message);
  }

  /** Whether anything was recorded. */
  public boolean isEmpty() {
    return list.isEmpty();
  }

  /** What was recorded, sorted by file, line and column. */
  public List<ConfigProblem> sorted() {
    List<ConfigProblem> copy = new ArrayList<>(list);
    copy.sort(Comparator.comparing(ConfigProblem::file).thenComparingInt(ConfigProblem::line)
        .thenComparingInt(ConfigProblem::column));
    return copy;
  }

  /** Throws a {@link ProfileException} with everything recorded, if anything was. */
  public void throwIfAny() {
    if (!list.isEmpty()) {
      throw new ProfileException(sorted());
    }
  }
}
