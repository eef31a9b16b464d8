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

  private final boolean credentialsSuspect;

  /** Creates the exception. */
  public NetcupException(String action, int code, String shortMessage, String longMessage) {
    this(action, code, shortMessage, longMessage, "");
  }

  private NetcupException(String action, int code, String shortMessage, String longMessage, String hint) {
    super(!hint.isEmpty() ? Reason.CREDENTIALS
            : code == 4013 && longMessage.contains("More than 180 requests per minute") ? Reason.RATE_LIMITED : Reason.PROVIDER,
        "netcup " + action + " failed: " + code + " " + shortMessage.strip() + (longMessage.isBlank() ? "" : ": " + longMessage.strip())
        + hint);
    this.code = code;
    this.shortMessage = shortMessage;
    this.longMessage = longMessage;
    this.credentialsSuspect = !hint.isEmpty();
  }

  /**
   * A first login refused with an answer that Netcup also gives for wrong credentials: the
   * rate-limit text comes back for a wrong API key or password, "Customer account not found" for a
   * wrong customer number. The message says which credential to check (never its value).
   */
  static NetcupException loginRefused(NetcupException e) {
    String hint = e.isRateLimit()
        ? " (Netcup gives this answer for a wrong API key or API password too, and this was the session's first login: "
            + "check dns.credentials apiKey and apiPassword before retrying)"
        : e.longMessage().contains("Customer account not found")
            ? " (check dns.credentials customerNumber)"
            : "";
    return hint.isEmpty() ? e : new NetcupException("login", e.code, e.shortMessage, e.longMessage, hint);
  }

  /** Whether the answer suggests wrong credentials (a first login refused; see {@link #loginRefused}). */
  public boolean credentialsSuspect() {
    return credentialsSuspect;
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
