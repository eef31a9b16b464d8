package com.dimosaic.vps.secrets.sops;

import com.dimosaic.vps.secrets.SecretsException;

/** A SOPS file cannot be decrypted. The message names paths and files, never a value. */
public final class SopsException extends SecretsException {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Kind {
    /** The file is not a valid SOPS file. */
    FORMAT,
    /** No age identity was found at all (no key given, none in the usual places). */
    NO_KEY,
    /** Identities were found, and none of them opens the data key (a wrong key). */
    WRONG_KEY,
    /** A key source that is present (a file given, an environment variable set) cannot be read or holds no valid key. */
    KEY_UNREADABLE,
    /** A value does not authenticate (tampered, moved, or a wrong data key). */
    DECRYPT,
    /** The MAC does not verify: the file was changed after encryption. */
    MAC_MISMATCH,
    /** A SOPS feature this implementation does not support (Shamir key groups, non-age keys only). */
    UNSUPPORTED
  }

  private final Kind kind;

  /** Creates the exception. */
  public SopsException(Kind kind, String message) {
    super(reasonOf(kind), "sops: " + message);
    this.kind = kind;
  }

  /** Creates the exception with a cause. */
  public SopsException(Kind kind, String message, Throwable cause) {
    super(reasonOf(kind), "sops: " + message, cause);
    this.kind = kind;
  }

  private static Reason reasonOf(Kind kind) {
    return switch (kind) {
      case NO_KEY -> Reason.NO_KEY;
      case WRONG_KEY -> Reason.WRONG_KEY;
      case KEY_UNREADABLE -> Reason.MALFORMED;
      case DECRYPT, MAC_MISMATCH -> Reason.TAMPERED;
      case FORMAT, UNSUPPORTED -> Reason.MALFORMED;
    };
  }

  /** Why it failed. */
  public Kind kind() {
    return kind;
  }
}
