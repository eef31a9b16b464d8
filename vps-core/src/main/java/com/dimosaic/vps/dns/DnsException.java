package com.dimosaic.vps.dns;

import com.dimosaic.vps.core.VpsException;

/** A DNS provider failed or refused a change, or a plan was refused by a safety rule. No credentials in the message. */
public class DnsException extends VpsException {
  private static final long serialVersionUID = 1L;

  /** Why a DNS step failed or was refused. */
  public enum Reason implements VpsException.Reason {
    /** The provider answered with an error or could not be reached. */
    PROVIDER(Category.FAILED),
    /** The provider refused for too many requests, after the retries. */
    RATE_LIMITED(Category.FAILED),
    /** The provider suggests wrong credentials (which one is named, never its value). */
    CREDENTIALS(Category.INVALID_INPUT),
    /** The desired records conflict (e.g. a kept CNAME beside other data). */
    CONFLICT(Category.INVALID_INPUT),
    /** The provider cannot store a record the profile needs. */
    UNSTORABLE(Category.INVALID_INPUT),
    /** A safety threshold refused the plan (too many deletes); nothing was sent. */
    THRESHOLD(Category.REFUSED),
    /** The records were not served in time. */
    PROPAGATION(Category.FAILED),
    /** Another DNS failure. */
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
  public DnsException(String message) {
    super(Reason.FAILED, message);
  }

  /** Creates the exception with a cause. */
  public DnsException(String message, Throwable cause) {
    super(Reason.FAILED, message, cause);
  }

  /** With a reason and a message. */
  public DnsException(Reason reason, String message) {
    super(reason, message);
  }

  /** With a reason, a message and a cause (may be null). */
  public DnsException(Reason reason, String message, Throwable cause) {
    super(reason, message, cause);
  }

  @Override
  public Reason reason() {
    return (Reason) super.reason();
  }
}
