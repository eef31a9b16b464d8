package com.dimosaic.vps.core;

/**
 * The root of every exception the SDK throws. Unchecked: most provisioning failures cannot be
 * recovered at the call site, and the runner maps them to exit codes in one place.
 *
 * <p>Messages never contain secret values.
 */
public class VpsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message. */
  public VpsException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the cause it wraps. */
  public VpsException(String message, Throwable cause) {
    super(message, cause);
  }
}
