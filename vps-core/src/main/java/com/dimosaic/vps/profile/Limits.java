package com.dimosaic.vps.profile;

import java.util.Optional;

/**
 * Resource limits.
 *
 * @param cpus CPU limit such as {@code 1.5}
 * @param memory memory limit such as {@code 512m} or {@code 2g}
 */
public record Limits(Optional<String> cpus, Optional<String> memory) {
  /** No limits. */
  public static final Limits NONE = new Limits(Optional.empty(), Optional.empty());
}
