package com.dimosaic.vps.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a workflow's result on one host amounts to: a status, a one-line summary and the cases a JUnit
 * suite lists for the host (phases, checks, steps).
 *
 * @param status the host's status
 * @param summary one line for the fleet report
 * @param cases the host's test cases, in order
 */
public record Verdict(HostStatus status, String summary, List<Case> cases) {
  /**
   * One test case of a host's suite.
   *
   * @param name what was done or checked
   * @param status its status (SKIPPED for a phase not run)
   * @param detail what went wrong or what to look at; empty when nothing
   * @param took how long it took
   */
  public record Case(String name, HostStatus status, String detail, Duration took) {
    /** Checks the parts. */
    public Case {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(status, "status == null");
      Objects.requireNonNull(detail, "detail == null");
      Objects.requireNonNull(took, "took == null");
    }
  }

  /** Copies the cases. */
  public Verdict {
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(summary, "summary == null");
    cases = List.copyOf(cases);
  }
}
