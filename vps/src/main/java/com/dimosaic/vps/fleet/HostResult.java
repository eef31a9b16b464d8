package com.dimosaic.vps.fleet;

import com.dimosaic.vps.profile.FleetHost;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A workflow's end on one host.
 *
 * @param host the host
 * @param verdict status, summary and cases
 * @param took how long the host took (zero when skipped)
 * @param value the workflow's own report, when it returned one (empty when it threw or was skipped)
 * @param <T> the workflow's report
 */
public record HostResult<T>(FleetHost host, Verdict verdict, Duration took, Optional<T> value) {
  /** Checks the parts. */
  public HostResult {
    Objects.requireNonNull(host, "host == null");
    Objects.requireNonNull(verdict, "verdict == null");
    Objects.requireNonNull(took, "took == null");
    Objects.requireNonNull(value, "value == null");
  }

  /** The host's status. */
  public HostStatus status() {
    return verdict.status();
  }
}
