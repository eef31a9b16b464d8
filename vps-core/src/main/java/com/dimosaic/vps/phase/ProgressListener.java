package com.dimosaic.vps.phase;


/**
 * Receives progress events. Every {@code phaseStarted} is followed by {@code phaseFinished} (also
 * when the phase failed or was skipped). Methods must be fast, must not throw, and must not call
 * back into the SDK; they may be called from several threads.
 */
public interface ProgressListener {
  /** A listener that ignores everything. */
  ProgressListener NONE = new ProgressListener() {};

  /** A phase starts. */
  default void phaseStarted(String phase) {}

  /** A step that may take a while starts (a package install, an image pull, a health wait). */
  default void stepStarted(String phase, String step) {}

  /** A line of the running step's output (apt, docker pull), already redacted; for live displays, not for logs. */
  default void output(String phase, String line) {}

  /** A step finished. */
  default void stepFinished(String phase, StepResult step) {}

  /** A phase ended (ok, skipped or failed). */
  default void phaseFinished(PhaseResult result) {}

  /** A free-form progress message (never a secret). */
  default void message(String text) {}
}
