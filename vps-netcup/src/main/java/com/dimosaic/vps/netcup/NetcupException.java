package com.dimosaic.vps.netcup;

import com.dimosaic.vps.dns.DnsException;

/**
 * The Netcup API answered with an error ({@code status: "error"}; the HTTP status is 200 even then),
 * or with something that is not its JSON. Never contains credentials or the session id.
 */
public final class NetcupException extends DnsException {
  private static final long serialVersionUID = 1L;
  private final int code;
  private final String shortMessage;
  private final String longMessage;

  /** Creates the exception. */
  public NetcupException(String action, int code, String shortMessage, String longMessage) {
    super("netcup " + action + " failed: " + code + " " + shortMessage.strip() + (longMessage.isBlank() ? "" : ": " + longMessage.strip()));
    this.code = code;
    this.shortMessage = shortMessage;
    this.longMessage = longMessage;
  }

  /** The status code (4001 session, 4013 validation and rate limit, 5028/5029/5031 zone), 0 for a non-JSON answer. */
  public int code() {
    return code;
  }

  /** The short message. */
  public String shortMessage() {
    return shortMessage;
  }

  /** The long message. */
  public String longMessage() {
    return longMessage;
  }

  /** Whether this is the 180-requests-per-minute limit. */
  public boolean isRateLimit() {
    return code == 4013 && longMessage.contains("More than 180 requests per minute");
  }

  /** Whether the session is invalid or expired (4001). */
  public boolean isSessionInvalid() {
    return code == 4001;
  }
}
