package com.dimosaic.vps.remote;

/**
 * The connection dropped while a command was running; whether it finished on the host is unknown.
 * Steps are idempotent, so the workflow can run it again (the next command reconnects).
 */
public final class ConnectionLostException extends RemoteException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public ConnectionLostException(String message, Throwable cause) {
    super(Reason.CONNECTION_LOST, message, cause);
  }
}
