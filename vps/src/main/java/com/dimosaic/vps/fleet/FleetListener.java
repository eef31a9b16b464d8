package com.dimosaic.vps.fleet;

import com.dimosaic.vps.profile.FleetHost;

/**
 * Live progress of a fleet run: every host's start, phase and end. Methods are called from the hosts'
 * threads, so they must be thread-safe and fast, and must not throw.
 */
public interface FleetListener {
  /** A listener that ignores everything. */
  FleetListener NONE = new FleetListener() {};

  /** The workflow starts on {@code host}. */
  default void hostStarted(FleetHost host) {}

  /** {@code host} enters a phase (or a step that takes a while). */
  default void hostProgress(FleetHost host, String phase) {}

  /** The workflow ended on a host (also for a host skipped by a rolling run). */
  default void hostFinished(HostResult<?> result) {}
}
