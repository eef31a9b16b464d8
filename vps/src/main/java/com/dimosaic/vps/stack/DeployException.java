package com.dimosaic.vps.stack;

import com.dimosaic.vps.core.VpsException;

/** A deploy or rollback that cannot go on; the message says why and what to do. */
public class DeployException extends VpsException {
  private static final long serialVersionUID = 1L;

  /** Why a deploy, rollback or delivery stopped. */
  public enum Reason implements VpsException.Reason {
    /** Another deploy holds the host's deploy lock. */
    LOCKED(Category.REFUSED),
    /** The plan was not confirmed. */
    NOT_CONFIRMED(Category.REFUSED),
    /** A health gate failed; what was restored is in the message. */
    HEALTH(Category.FAILED),
    /** Restoring the previous state failed too; the host needs a look. */
    ROLLBACK_FAILED(Category.FAILED),
    /** The rollback point or release asked for does not exist. */
    NO_SUCH_POINT(Category.INVALID_INPUT),
    /** The options or the profile do not allow this operation. */
    INVALID(Category.INVALID_INPUT),
    /** Another failure. */
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


  /** With a message. */
  public DeployException(String message) {
    super(Reason.FAILED, message);
  }

  /** With a message and a cause. */
  public DeployException(String message, Throwable cause) {
    super(Reason.FAILED, message, cause);
  }

  /** With a reason and a message. */
  public DeployException(Reason reason, String message) {
    super(reason, message);
  }

  /** With a reason, a message and a cause (may be null). */
  public DeployException(Reason reason, String message, Throwable cause) {
    super(reason, message, cause);
  }

  @Override
  public Reason reason() {
    return (Reason) super.reason();
  }
}
