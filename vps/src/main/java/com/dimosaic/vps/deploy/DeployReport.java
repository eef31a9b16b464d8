package com.dimosaic.vps.deploy;

import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.validation.ValidationReport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a deploy did.
 *
 * @param plan the plan shown before anything changed
 * @param result the outcome
 * @param backup the rollback point taken before the changes (absent for dry runs, aborted and empty deploys)
 * @param steps what was done, each changed or unchanged
 * @param took how long it took
 * @param failure why it failed (and what was restored), when it did
 * @param validation the validation afterwards, when it ran
 */
public record DeployReport(DeployPlan plan, Result result, Optional<Backups.Point> backup, List<StepResult> steps, Duration took,
    Optional<String> failure, Optional<ValidationReport> validation) {

  /** Outcomes. */
  public enum Result {
    /** Applied and healthy. */
    SUCCESS,
    /** Nothing differed. */
    NO_CHANGES,
    /** The plan only ({@code dryRun}). */
    DRY_RUN,
    /** The confirmation said no. */
    ABORTED,
    /** A service failed its health gate; the backup and the previous images were restored. */
    ROLLED_BACK,
    /** Failed, and the automatic restore failed too (see failure). */
    FAILED
  }

  /** The report as text: the plan, the steps, the result. */
  public String toText() {
    StringBuilder sb = new StringBuilder(plan.toText());
    if (!steps.isEmpty()) {
      sb.append("\nSteps\n");
      steps.forEach(s -> sb.append("  ").append(s.changed() ? "~ " : "= ").append(s.step()).append(s.detail().isEmpty() ? "" : " (" + s.detail()
          + ")").append('\n'));
    }
    backup.ifPresent(b -> sb.append("\nRollback point: ").append(b.timestamp()).append('\n'));
    validation.ifPresent(v -> sb.append("\nValidation: ").append(v.status()).append('\n'));
    sb.append(String.format(java.util.Locale.ROOT, "%nResult: %s in %.1f s%n", result, took.toMillis() / 1000.0));
    failure.ifPresent(f -> sb.append(f.strip()).append('\n'));
    return sb.toString();
  }
}
