package com.dimosaic.vps.validation.junit;

import com.dimosaic.vps.validation.Outcome;
import com.dimosaic.vps.validation.Status;
import com.dimosaic.vps.validation.ValidationReport;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Assertions on a validation report; failures name every failed check.
 *
 * <pre>{@code ReportAssert.assertThat(report).passes();}</pre>
 */
public final class ReportAssert {
  private final ValidationReport report;

  private ReportAssert(ValidationReport report) {
    this.report = report;
  }

  /** Starts an assertion. */
  public static ReportAssert assertThat(ValidationReport report) {
    return new ReportAssert(report);
  }

  /** No check failed (warnings allowed). */
  public ReportAssert passes() {
    return none(Status.FAIL, "failed");
  }

  /** No check failed or warned. */
  public ReportAssert passesWithoutWarnings() {
    passes();
    return none(Status.WARN, "warned");
  }

  private ReportAssert none(Status s, String verb) {
    List<Outcome> bad = report.outcomes().stream().filter(o -> o.result().status() == s).toList();
    if (!bad.isEmpty()) {
      throw new AssertionError(bad.size() + " check(s) " + verb + " on " + report.host() + ":\n" + bad.stream()
          .map(o -> "  " + s.symbol() + " " + o.id() + ": " + o.result().detail() + o.result().hint().map(h -> " (" + h + ")").orElse(""))
          .collect(Collectors.joining("\n")));
    }
    return this;
  }
}
