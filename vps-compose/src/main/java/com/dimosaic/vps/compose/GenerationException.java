package com.dimosaic.vps.compose;

import com.dimosaic.vps.core.VpsException;

/** A profile that loaded cannot be rendered (e.g. a secret value a file format cannot carry). Never holds a secret. */
public final class GenerationException extends VpsException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public GenerationException(String message) {
    super(message);
  }
}
