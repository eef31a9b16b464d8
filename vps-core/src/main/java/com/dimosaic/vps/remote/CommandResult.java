package com.dimosaic.vps.remote;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What a finished remote command produced. A non-zero exit code is a result, not an exception;
 * {@link #requireSuccess()} turns it into one.
 *
 * @param command the command as logged (never holds secrets)
 * @param exitCode the exit code
 * @param stdout standard output (UTF-8)
 * @param stderr standard error (UTF-8)
 * @param took wall time
 */
public record CommandResult(String command, int exitCode, String stdout, String stderr, Duration took) {
  /** Whether the exit code is 0. */
  public boolean ok() {
    return exitCode == 0;
  }

  /**
   * Returns this result when the exit code is 0.
   *
   * @throws CommandFailedException otherwise, with the exit code and the last lines of stderr
   */
  public CommandResult requireSuccess() {
    if (exitCode != 0) {
      throw new CommandFailedException(command, exitCode, tail(stderr.isBlank() ? stdout : stderr, 10));
    }
    return this;
  }

  /** The last {@code n} lines of a text. */
  public static String tail(String text, int n) {
    List<String> lines = Arrays.asList(text.strip().split("\n"));
    return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
  }
}
