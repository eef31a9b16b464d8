package com.dimosaic.vps.profile;

/**
 * The domains the stack serves.
 *
 * @param primary the primary domain, e.g. {@code example.com}
 * @param apex whether the bare domain is served (an A record at {@code @})
 * @param www whether {@code www.<primary>} is served
 * @param mailHost the label of the mail host, default {@code mail} (→ {@code mail.<primary>})
 */
public record Domains(String primary, boolean apex, boolean www, String mailHost) {
  /**
   * The fully-qualified name for a route host: a label ({@code auth} → {@code auth.example.com}),
   * {@code @} for the primary domain, or a name ending in a dot used as is (without the dot).
   */
  public String fqdn(String host) {
    if (host.equals("@")) {
      return primary;
    }
    if (host.endsWith(".")) {
      return host.substring(0, host.length() - 1);
    }
    return host + "." + primary;
  }

  /** The mail host's name, e.g. {@code mail.example.com}. */
  public String mailFqdn() {
    return fqdn(mailHost);
  }
}
