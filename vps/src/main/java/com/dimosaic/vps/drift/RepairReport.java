package com.dimosaic.vps.drift;

import com.dimosaic.vps.phase.PhaseResult;
import com.dimosaic.vps.phase.StepResult;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link DriftRepair} did.
 *
 * @param before the drift found first (the plan that was confirmed)
 * @param result how it ended
 * @param phases the phases that ran, with their steps
 * @param after the drift found afterwards (empty when nothing ran)
 * @param failure why it failed
 */
public record RepairReport(DriftReport before, Result result, List<PhaseResult> phases, Optional<DriftReport> after,
    Optional<String> failure) {
  /** Copies the phases. */
  public RepairReport {
    phases = List.copyOf(phases);
  }

  /** How a repair ended. */
  public enum Result {
    /** There was no drift; nothing ran. */
    NO_DRIFT,
    /** The confirmation said no; nothing ran. */
    ABORTED,
    /** The phases ran; {@link #after()} says what is left (extra rules or containers without prune). */
    REPAIRED,
    /** A phase failed; {@link #failure()} says why. */
    FAILED
  }

  /** The steps that changed the host. */
  public List<StepResult> changes() {
    return phases.stream().flatMap(p -> p.steps().stream()).filter(StepResult::changed).toList();
  }

  /** The plan, the changes, and what is left. */
  public String toText() {
    StringBuilder sb = new StringBuilder("Repair: ").append(result).append('\n');
    changes().forEach(s -> sb.append("  ✓ ").append(s.step()).append(s.detail().isEmpty() ? "" : " — " + s.detail()).append('\n'));
    failure.ifPresent(f -> sb.append("  ✗ ").append(f).append('\n'));
    after.ifPresent(a -> sb.append('\n').append(a.toText()));
    return sb.toString();
  }
}
