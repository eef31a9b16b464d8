package com.dimosaic.vps.remote;

import com.dimosaic.vps.core.VpsException;

/** Talking to the host failed: transport, authentication, host key, timeout, or a failed command. */
public class RemoteException extends VpsException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public RemoteException(String message) {
    super(message);
  }

  /** Creates the exception with a cause. */
  public RemoteException(String message, Throwable cause) {
    super(message, cause);
  }
}
