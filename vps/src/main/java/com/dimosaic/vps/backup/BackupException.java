package com.dimosaic.vps.backup;

import com.dimosaic.vps.core.VpsException;

/** A backup, restore or drill that cannot go on; the message says why (never a secret). */
public class BackupException extends VpsException {
  private static final long serialVersionUID = 1L;

  /** Why a backup operation stopped. */
  public enum Reason implements VpsException.Reason {
    /** The profile has no {@code backup:} section (or {@code enabled: false}). */
    NOT_CONFIGURED(Category.INVALID_INPUT),
    /** The point or item asked for does not exist in the repository. */
    NO_SUCH_POINT(Category.INVALID_INPUT),
    /** Another backup, restore or drill holds the host's backup lock, or the deploy lock is held. */
    LOCKED(Category.REFUSED),
    /** The restore plan was not confirmed. */
    NOT_CONFIRMED(Category.REFUSED),
    /** The backup, the restore or the drill failed; the message has restic's or the service's words. */
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

  /** With a reason and a message. */
  public BackupException(Reason reason, String message) {
    super(reason, message);
  }

  /** With a reason, a message and a cause (may be null). */
  public BackupException(Reason reason, String message, Throwable cause) {
    super(reason, message, cause);
  }

  @Override
  public Reason reason() {
    return (Reason) super.reason();
  }
}
