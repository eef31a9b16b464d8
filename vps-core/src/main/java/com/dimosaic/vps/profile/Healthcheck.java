package com.dimosaic.vps.profile;

import java.util.List;

/**
 * A container health check.
 *
 * @param test the test in Compose form: {@code ["CMD-SHELL", "<command>"]} or {@code ["CMD", arg…]}
 * @param interval e.g. {@code 10s}
 * @param timeout e.g. {@code 5s}
 * @param retries failures before unhealthy
 * @param startPeriod grace period after start, e.g. {@code 30s}
 */
public record Healthcheck(List<String> test, String interval, String timeout, int retries, String startPeriod) {
  /** Copies the test. */
  public Healthcheck {
    test = List.copyOf(test);
  }
}
