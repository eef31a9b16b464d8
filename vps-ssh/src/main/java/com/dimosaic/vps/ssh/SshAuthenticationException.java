package com.dimosaic.vps.ssh;

import com.dimosaic.vps.remote.RemoteException;

/** The server refused every offered key for the user. */
public final class SshAuthenticationException extends RemoteException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public SshAuthenticationException(String message, Throwable cause) {
    super(Reason.AUTHENTICATION, message, cause);
  }
}
