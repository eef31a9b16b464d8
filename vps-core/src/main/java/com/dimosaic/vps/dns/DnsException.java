package com.dimosaic.vps.dns;

import com.dimosaic.vps.core.VpsException;

/** A DNS provider failed or refused a change, or a plan was refused by a safety rule. No credentials in the message. */
public class DnsException extends VpsException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public DnsException(String message) {
    super(message);
  }

  /** Creates the exception with a cause. */
  public DnsException(String message, Throwable cause) {
    super(message, cause);
  }
}
