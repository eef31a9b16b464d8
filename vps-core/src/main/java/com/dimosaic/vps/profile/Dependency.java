package com.dimosaic.vps.profile;

/**
 * A start-order dependency.
 *
 * @param service the service depended on
 * @param condition when the dependent may start
 */
public record Dependency(String service, Condition condition) {
  /** When a dependent may start. */
  public enum Condition {
    /** Healthy when the dependency has a health check, otherwise started. */
    AUTO,
    /** Healthy; the dependency must have a health check. */
    HEALTHY,
    /** Started. */
    STARTED,
    /** Completed successfully (one-shot jobs). */
    COMPLETED
  }
}
