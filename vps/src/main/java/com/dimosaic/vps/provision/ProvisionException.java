package com.dimosaic.vps.provision;

import com.dimosaic.vps.core.VpsException;

/** A phase refused or failed; {@link #phase()} names it. Pre-flight refusals happen before any change. */
public final class ProvisionException extends VpsException {
  private static final long serialVersionUID = 1L;

  /** Why provisioning stopped. */
  public enum Reason implements VpsException.Reason {
    /** Pre-flight found the host unsuitable; nothing was changed. */
    PREFLIGHT(Category.FAILED),
    /** The options or the profile do not allow this run; nothing was changed. */
    INVALID(Category.INVALID_INPUT),
    /** Another run holds the host's deploy lock; nothing was changed. */
    LOCKED(Category.REFUSED),
    /** A phase failed; {@link #phase()} names it and the message says why. */
    PHASE_FAILED(Category.FAILED);

    private final Category category;

    Reason(Category category) {
      this.category = category;
    }

    @Override
    public Category category() {
      return category;
    }
  }

  private final String phase;

  /** Creates the exception for a failed phase ({@link Reason#PHASE_FAILED}). */
  public ProvisionException(String phase, String message) {
    this(Reason.PHASE_FAILED, phase, message, null);
  }

  /** Creates the exception with a reason. */
  public ProvisionException(Reason reason, String phase, String message) {
    this(reason, phase, message, null);
  }

  /** Creates the exception with a reason and the cause (may be null). */
  public ProvisionException(Reason reason, String phase, String message, Throwable cause) {
    super(reason, phase + ": " + message, cause);
    this.phase = phase;
  }

  /** The phase. */
  public String phase() {
    return phase;
  }

  @Override
  public Reason reason() {
    return (Reason) super.reason();
  }
}
