package com.dimosaic.vps.fleet;

import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.profile.FleetHost;
import com.dimosaic.vps.profile.Profile;

/**
 * A workflow on one host of a fleet. It opens its own connection (one per host) and closes it; it
 * runs on a thread of the fleet's pool, so it must not share mutable state with other hosts' tasks.
 *
 * @param <T> its result
 */
@FunctionalInterface
public interface HostTask<T> {
  /**
   * Runs on {@code host}.
   *
   * @param host the host
   * @param profile the profile as this host sees it ({@link Profile#forHost})
   * @param listener this host's progress
   * @throws com.dimosaic.vps.core.VpsException when the workflow fails (UNREACHABLE when the host cannot be reached)
   */
  T run(FleetHost host, Profile profile, ProgressListener listener);
}
