package com.dimosaic.vps.fleet;

/** How a workflow ended on one host of a fleet. */
public enum HostStatus {
  /** Done, healthy. */
  OK,
  /** Done, with warnings (validation WARN, drift found, nothing to do where something was expected). */
  WARN,
  /** The workflow failed on the host (or its health gate did). */
  FAILED,
  /** The host could not be reached. */
  UNREACHABLE,
  /** Not started: a rolling run stopped at an earlier host's failure. Nothing was done here. */
  SKIPPED;

  /** Whether the host counts as succeeded (OK or WARN). */
  public boolean succeeded() {
    return this == OK || this == WARN;
  }
}
