package com.dimosaic.vps.profile;

/**
 * Certificates.
 *
 * @param mode {@code acme} (public CAs) or {@code internal} (Caddy's local CA: staging, tests)
 * @param email ACME account email
 */
public record TlsSettings(String mode, String email) {
  /** Whether Caddy uses its internal CA. */
  public boolean internal() {
    return mode.equals("internal");
  }
}
