package com.dimosaic.vps.deploy;

/** A deploy or rollback that cannot go on; the message says why and what to do. */
public class DeployException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message. */
  public DeployException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public DeployException(String message, Throwable cause) {
    super(message, cause);
  }
}
