package com.dimosaic.vps.swarm;

import com.dimosaic.vps.core.VpsException;

/** A swarm could not be formed or a stack could not be deployed. */
public final class SwarmException extends VpsException {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason implements VpsException.Reason {
    /** A host is in another swarm, or Docker is missing. */
    CONFLICT(Category.FAILED),
    /** A command on a host failed. */
    FAILED(Category.FAILED),
    /** The stack did not converge in time. */
    TIMEOUT(Category.FAILED);

    private final Category category;

    Reason(Category category) {
      this.category = category;
    }

    @Override
    public Category category() {
      return category;
    }
  }

  /** A failure with its reason. */
  public SwarmException(Reason reason, String message) {
    super(reason, message);
  }

  @Override
  public Reason reason() {
    return (Reason) super.reason();
  }
}
