package com.dimosaic.vps.plan;

/**
 * Decides whether a shown plan is applied: an interactive prompt in the runner, {@link #YES} for
 * {@code --yes}, or code.
 */
@FunctionalInterface
public interface Confirmation {
  /** Always applies. */
  Confirmation YES = plan -> true;
  /** Never applies (a dry run). */
  Confirmation NO = plan -> false;

  /** Whether to apply {@code plan}. */
  boolean confirm(Plan plan);
}
