package com.dimosaic.vps.plan;

/**
 * Decides, after a plan is shown, whether it is applied: {@link #yes()} for automation
 * ({@code --yes}), an interactive prompt in the runner, or any code of the caller's. The one
 * confirmation type of the SDK; {@code P} is the plan it sees (a deploy's {@code DeployPlan}, a
 * {@link Plan}).
 *
 * @param <P> the plan type
 */
@FunctionalInterface
public interface Confirmation<P> {
  /** Whether to apply {@code plan}. */
  boolean confirm(P plan);

  /** Always applies. */
  static <P> Confirmation<P> yes() {
    return plan -> true;
  }

  /** Never applies (a plan-only run). */
  static <P> Confirmation<P> no() {
    return plan -> false;
  }
}
