package com.dimosaic.vps.provision;

import com.dimosaic.vps.core.VpsException;

/** A phase refused or failed; {@link #phase()} names it. Pre-flight refusals happen before any change. */
public final class ProvisionException extends VpsException {
  private static final long serialVersionUID = 1L;
  private final String phase;

  /** Creates the exception. */
  public ProvisionException(String phase, String message) {
    super(phase + ": " + message);
    this.phase = phase;
  }

  /** The phase. */
  public String phase() {
    return phase;
  }
}
