package com.dimosaic.vps.ssh;

import com.dimosaic.vps.remote.RemoteException;

/** The SSH connection could not be established (refused, timed out, no SSH banner). */
public final class SshConnectException extends RemoteException {
  private static final long serialVersionUID = 1L;
  private final boolean timeout;

  /** Creates the exception. */
  public SshConnectException(String message, boolean timeout, Throwable cause) {
    super(Reason.CONNECT, message, cause);
    this.timeout = timeout;
  }

  /** Whether it failed by timing out. */
  public boolean isTimeout() {
    return timeout;
  }
}
