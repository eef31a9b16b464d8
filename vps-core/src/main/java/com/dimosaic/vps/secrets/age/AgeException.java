package com.dimosaic.vps.secrets.age;

import com.dimosaic.vps.secrets.SecretsException;

/**
 * An age file could not be decrypted (or a key could not be parsed). {@link #kind()} says why, in
 * the terms of the C2SP test vectors. Messages never contain key material or plaintext.
 */
public final class AgeException extends SecretsException {
  private static final long serialVersionUID = 1L;

  /** Why decryption failed. */
  public enum Kind {
    /** The header is malformed (or a stanza for us is). */
    HEADER,
    /** No identity matches any recipient stanza. */
    NO_MATCH,
    /** The header MAC does not verify. */
    HMAC,
    /** The payload is truncated, tampered or malformed. */
    PAYLOAD,
    /** The ASCII armor is malformed. */
    ARMOR,
    /** A feature this implementation does not support (passphrases, plugins, post-quantum keys). */
    UNSUPPORTED,
    /** A key string is malformed. */
    KEY
  }

  private final Kind kind;

  /** Creates the exception. */
  public AgeException(Kind kind, String message) {
    super(reasonOf(kind), "age: " + message);
    this.kind = kind;
  }

  private static Reason reasonOf(Kind kind) {
    return switch (kind) {
      case NO_MATCH -> Reason.WRONG_KEY;
      case HMAC, PAYLOAD -> Reason.TAMPERED;
      case HEADER, ARMOR, UNSUPPORTED, KEY -> Reason.MALFORMED;
    };
  }

  /** Why it failed. */
  public Kind kind() {
    return kind;
  }
}
