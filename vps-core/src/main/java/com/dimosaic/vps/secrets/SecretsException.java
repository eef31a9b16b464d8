package com.dimosaic.vps.secrets;

import com.dimosaic.vps.core.VpsException;

/** A secret is missing, or cannot be read or decrypted. The message never contains a secret value. */
public class SecretsException extends VpsException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public SecretsException(String message) {
    super(message);
  }

  /** Creates the exception with a cause. */
  public SecretsException(String message, Throwable cause) {
    super(message, cause);
  }
}
