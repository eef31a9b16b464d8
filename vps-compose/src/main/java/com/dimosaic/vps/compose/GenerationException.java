package com.dimosaic.vps.compose;

import com.dimosaic.vps.core.VpsException;

/** A profile that loaded cannot be rendered (e.g. a secret value a file format cannot carry). Never holds a secret. */
public final class GenerationException extends VpsException {
  private static final long serialVersionUID = 1L;

  /** Why a profile cannot be rendered. */
  public enum Reason implements VpsException.Reason {
    /** A value the target file format cannot carry. */
    INVALID(Category.INVALID_INPUT);

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
  public GenerationException(String message) {
    super(Reason.INVALID, message);
  }

  /** With a reason and a message. */
  public GenerationException(Reason reason, String message) {
    super(reason, message);
  }

  /** With a reason, a message and a cause (may be null). */
  public GenerationException(Reason reason, String message, Throwable cause) {
    super(reason, message, cause);
  }

  @Override
  public Reason reason() {
    return (Reason) super.reason();
  }
}
