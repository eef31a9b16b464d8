package com.dimosaic.vps.fleet;

/**
 * Turns a workflow's result on one host into a {@link Verdict}; {@link Judges} has those of the SDK's
 * reports.
 *
 * @param <T> the workflow's result
 */
@FunctionalInterface
public interface Judge<T> {
  /** The verdict on {@code result}. */
  Verdict judge(T result);
}
