package com.dimosaic.vps.mox;

import com.dimosaic.vps.core.VpsException;

/** mox could not be installed, configured or read: a binary, a configuration file, its DNS records or a key. */
public class MoxException extends VpsException {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason implements VpsException.Reason {
    /** The binary is not the one expected (checksum, architecture, not an executable, too old). */
    BINARY(Category.FAILED),
    /** A mox configuration file (sconf) cannot be read or written. */
    CONFIG(Category.INVALID_INPUT),
    /** The output of {@code mox config dnsrecords} cannot be read. */
    RECORDS(Category.FAILED),
    /** A DKIM key is not a PKCS#8 RSA or Ed25519 private key. */
    KEY(Category.INVALID_INPUT),
    /** Installing or restarting mox on the host failed. */
    INSTALL(Category.FAILED);

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
  public MoxException(Reason reason, String message) {
    super(reason, message);
  }

  /** With a reason, a message and a cause (may be null). */
  public MoxException(Reason reason, String message, Throwable cause) {
    super(reason, message, cause);
  }

  @Override
  public Reason reason() {
    return (Reason) super.reason();
  }
}
