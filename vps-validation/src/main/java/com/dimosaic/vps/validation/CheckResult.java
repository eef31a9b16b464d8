package com.dimosaic.vps.validation;

import java.util.Optional;

/**
 * What one run of a check found.
 *
 * @param status the verdict
 * @param detail what was measured, e.g. {@code 78% free on /} (never a secret)
 * @param hint what to look at when it is not PASS, e.g. {@code docker compose logs zitadel} (reports print it after {@code Check: })
 */
public record CheckResult(Status status, String detail, Optional<String> hint) {
  /** A pass. */
  public static CheckResult pass(String detail) {
    return new CheckResult(Status.PASS, detail, Optional.empty());
  }

  /** A warning with a hint. */
  public static CheckResult warn(String detail, String hint) {
    return new CheckResult(Status.WARN, detail, Optional.ofNullable(hint));
  }

  /** A failure with a hint. */
  public static CheckResult fail(String detail, String hint) {
    return new CheckResult(Status.FAIL, detail, Optional.ofNullable(hint));
  }
}
