package com.dimosaic.vps.remote;

import com.dimosaic.vps.core.VpsException;

/** Talking to the host failed: transport, authentication, host key, timeout, or a failed command. */
public class RemoteException extends VpsException {
  private static final long serialVersionUID = 1L;

  /** Why talking to the host failed. */
  public enum Reason implements VpsException.Reason {
    /** The connection could not be opened (refused, unreachable, timed out). */
    CONNECT(Category.UNREACHABLE),
    /** The host refused the credentials. */
    AUTHENTICATION(Category.FAILED),
    /** The host presented a key that is not the pinned or known one. */
    HOST_KEY(Category.FAILED),
    /** A command ran longer than its timeout. */
    TIMEOUT(Category.FAILED),
    /** The connection broke while a command ran. */
    CONNECTION_LOST(Category.FAILED),
    /** A command exited with a non-zero status. */
    COMMAND_FAILED(Category.FAILED),
    /** Another transport failure (e.g. a file transfer). */
    FAILED(Category.FAILED);

    private final Category category;

    Reason(Category category) {
      this.category = category;
    }

    @Override
    public Category category() {
      return category;
    }
  }


  /** Creates the exception. */
  public RemoteException(String message) {
    super(Reason.FAILED, message);
  }

  /** Creates the exception with a cause. */
  public RemoteException(String message, Throwable cause) {
    super(Reason.FAILED, message, cause);
  }

  /** With a reason and a message. */
  public RemoteException(Reason reason, String message) {
    super(reason, message);
  }

  /** With a reason, a message and a cause (may be null). */
  public RemoteException(Reason reason, String message, Throwable cause) {
    super(reason, message, cause);
  }

  @Override
  public Reason reason() {
    return (Reason) super.reason();
  }
}
