package com.dimosaic.vps.phase;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a phase.
 *
 * @param phase the phase name
 * @param status how it ended
 * @param steps its steps in order
 * @param took wall time
 * @param note why it was skipped or failed, empty otherwise
 */
public record PhaseResult(String phase, Status status, List<StepResult> steps, Duration took, String note) {
  /** How a phase ended. */
  public enum Status {
    /** Ran to the end. */
    OK,
    /** Not run, with a note saying why. */
    SKIPPED,
    /** Failed; cleanup ran. */
    FAILED
  }

  /** Copies the steps. */
  public PhaseResult {
    steps = List.copyOf(steps);
  }

  /** How many steps changed the host. */
  public long changes() {
    return steps.stream().filter(StepResult::changed).count();
  }
}
