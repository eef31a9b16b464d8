package com.dimosaic.vps.remote;

import java.util.Optional;

/**
 * How an uploaded file is installed.
 *
 * @param mode octal permission bits such as {@code 0600}
 * @param owner owner user, when set
 * @param group owner group, when set
 */
public record FileSpec(int mode, Optional<String> owner, Optional<String> group) {
  /** 0644 owned by whoever uploads. */
  public static final FileSpec DEFAULT = new FileSpec(0644, Optional.empty(), Optional.empty());

  /** A file with a mode and an owner (group = owner). */
  public static FileSpec of(int mode, String owner) {
    return new FileSpec(mode, Optional.of(owner), Optional.of(owner));
  }
}
