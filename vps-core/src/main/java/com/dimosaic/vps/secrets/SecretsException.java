package com.dimosaic.vps.secrets;

import com.dimosaic.vps.core.VpsException;

/** A secret is missing, or cannot be read or decrypted. The message never contains a secret value. */
public class SecretsException extends VpsException {
  private static final long serialVersionUID = 1L;

  /** Why secrets cannot be used. */
  public enum Reason implements VpsException.Reason {
    /** A secret the profile refers to is not in the secrets file. */
    MISSING(Category.INVALID_INPUT),
    /** No key that opens the file was found. */
    NO_KEY(Category.INVALID_INPUT),
    /** A key was given, and it does not open the file. */
    WRONG_KEY(Category.INVALID_INPUT),
    /** The file fails its integrity check (SOPS MAC, age header MAC). */
    TAMPERED(Category.INVALID_INPUT),
    /** The file, key or value is not in the expected format. */
    MALFORMED(Category.INVALID_INPUT),
    /** Reading or writing failed. */
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
  public SecretsException(String message) {
    super(Reason.MALFORMED, message);
  }

  /** Creates the exception with a cause. */
  public SecretsException(String message, Throwable cause) {
    super(Reason.MALFORMED, message, cause);
  }

  /** With a reason and a message. */
  public SecretsException(Reason reason, String message) {
    super(reason, message);
  }

  /** With a reason, a message and a cause (may be null). */
  public SecretsException(Reason reason, String message, Throwable cause) {
    super(reason, message, cause);
  }

  @Override
  public Reason reason() {
    return (Reason) super.reason();
  }
}
