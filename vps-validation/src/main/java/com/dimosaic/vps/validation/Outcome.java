package com.dimosaic.vps.validation;

import java.time.Duration;

/**
 * A check's final result in a report.
 *
 * @param id check id
 * @param category category
 * @param name check name
 * @param result the last result
 * @param took wall time of all attempts
 * @param attempts how many times it ran
 */
public record Outcome(String id, String category, String name, CheckResult result, Duration took, int attempts) {}
