package com.dimosaic.vps.deploy;

/**
 * Decides, after the plan is shown, whether a deploy goes on: {@link #YES} for automation
 * ({@code --yes}), an interactive prompt in the runner, or any code of the caller's.
 */
@FunctionalInterface
public interface Confirmation {
  /** Always goes on. */
  Confirmation YES = plan -> true;
  /** Never goes on (a plan-only run that still takes the lock and reads the host). */
  Confirmation NO = plan -> false;

  /** Whether to apply {@code plan}. */
  boolean confirm(DeployPlan plan);
}
