package com.dimosaic.vps.remote;

/**
 * Receives a running command's output line by line (without the line break), as it arrives. Called
 * from transport threads: must be fast, must not throw, must not call back into the host.
 */
@FunctionalInterface
public interface OutputListener {
  /** Ignores everything. */
  OutputListener NONE = (stream, line) -> { };

  /** Which output a line came from. */
  enum Stream {
    /** Standard output. */
    STDOUT,
    /** Standard error. */
    STDERR
  }

  /** One line of output. */
  void line(Stream stream, String line);
}
