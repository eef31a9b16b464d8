package com.dimosaic.vps.remote;

import java.time.Duration;

/** A remote command ran longer than its timeout; the remote process tree was killed. */
public final class CommandTimeoutException extends RemoteException {
  private static final long serialVersionUID = 1L;
  private final transient Duration timeout;

  /** Creates the exception. */
  public CommandTimeoutException(String command, Duration timeout) {
    super(Reason.TIMEOUT, "command timed out after " + timeout.toSeconds() + " s and was killed: " + command);
    this.timeout = timeout;
  }

  /** The timeout that was exceeded. */
  public Duration timeout() {
    return timeout;
  }
}
