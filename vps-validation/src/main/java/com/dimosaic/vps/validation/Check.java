package com.dimosaic.vps.validation;

/**
 * One validation check: the SPI users implement to add their own. Implementations must be
 * thread-safe (checks run in parallel) and should not throw: a thrown exception counts as FAIL.
 *
 * <pre>{@code
 * Check backups = Check.of("custom.backup", "Custom", "nightly backup exists", ctx ->
 *     ctx.host().exists("/var/backups/db.dump") ? CheckResult.pass("present") : CheckResult.fail("missing", "crontab -l"));
 * }</pre>
 */
public interface Check {
  /** A stable id such as {@code containers.postgres.health}. */
  String id();

  /** The category it is reported under, e.g. {@code Containers}. */
  String category();

  /** A short name for the report, e.g. {@code postgres healthy}. */
  String name();

  /** Runs the check once. */
  CheckResult run(CheckContext context);

  /** A check from a function. */
  static Check of(String id, String category, String name, java.util.function.Function<CheckContext, CheckResult> fn) {
    return new Check() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public String category() {
        return category;
      }

      @Override
      public String name() {
        return name;
      }

      @Override
      public CheckResult run(CheckContext context) {
        return fn.apply(context);
      }

      @Override
      public String toString() {
        return id;
      }
    };
  }
}
