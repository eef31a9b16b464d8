package com.dimosaic.vps.backup;

import com.dimosaic.vps.phase.StepResult;
import java.time.Duration;
import java.util.List;

/**
 * What a restore did.
 *
 * @param plan the plan shown
 * @param result how it ended
 * @param steps each step, in order
 * @param took how long it took
 */
public record RestoreReport(RestorePlan plan, Result result, List<StepResult> steps, Duration took) {
  /** Copies the list. */
  public RestoreReport {
    steps = List.copyOf(steps);
  }

  /** How a restore ended. */
  public enum Result {
    /** Every item was restored and its services answer again. */
    SUCCESS,
    /** Only the plan was made ({@link RestoreOptions#dryRun}). */
    DRY_RUN,
    /** The plan was not confirmed; nothing changed. */
    ABORTED
  }
}
