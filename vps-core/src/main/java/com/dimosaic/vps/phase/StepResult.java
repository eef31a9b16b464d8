package com.dimosaic.vps.phase;

/**
 * The outcome of one idempotent step.
 *
 * @param step what the step does, e.g. {@code ufw allow 443/tcp}
 * @param changed whether it changed the host (a second run reports unchanged)
 * @param detail what changed or why nothing did (never a secret)
 */
public record StepResult(String step, boolean changed, String detail) {
  /** A step that changed something. */
  public static StepResult changed(String step, String detail) {
    return new StepResult(step, true, detail);
  }

  /** A step that found the host already as desired. */
  public static StepResult unchanged(String step) {
    return new StepResult(step, false, "");
  }
}
