package com.dimosaic.vps.profile;

import java.util.List;

import java.util.Optional;

/**
 * Mail settings for mox and the mail DNS records.
 *
 * @param enabled whether mox runs on the host (and mail records are managed)
 * @param spf the SPF record, default {@code v=spf1 mx ~all}
 * @param dmarcPolicy {@code none}, {@code quarantine} or {@code reject}
 * @param dmarcReportAddress where aggregate DMARC reports go ({@code rua}), when set
 * @param tlsrptAddress where TLS reports go, when set
 * @param mtaStsMode {@code enforce}, {@code testing} or {@code none}
 * @param mtaStsMaxAgeSeconds MTA-STS policy max_age
 * @param webInterfaces whether mox's web interfaces (webmail, account, admin) are routed by Caddy
 * @param accounts the mailboxes mox keeps besides {@code postmaster} (login addresses with passwords)
 * @param dane whether DANE TLSA records ({@code _25._tcp.<mail host>}, usage 3 1 1) are published for
 *     the key mox serves and the next one, with the certificate switch gated on them (opt-in: DANE
 *     needs DNSSEC at the zone)
 */
public record MailSettings(
    boolean enabled,
    String spf,
    String dmarcPolicy,
    Optional<String> dmarcReportAddress,
    Optional<String> tlsrptAddress,
    String mtaStsMode,
    int mtaStsMaxAgeSeconds,
    boolean webInterfaces,
    List<MailAccount> accounts,
    boolean dane) {
  /** Copies the list. */
  public MailSettings {
    accounts = List.copyOf(accounts);
  }

  /** Settings without DANE. */
  public MailSettings(boolean enabled, String spf, String dmarcPolicy, Optional<String> dmarcReportAddress, Optional<String> tlsrptAddress,
      String mtaStsMode, int mtaStsMaxAgeSeconds, boolean webInterfaces, List<MailAccount> accounts) {
    this(enabled, spf, dmarcPolicy, dmarcReportAddress, tlsrptAddress, mtaStsMode, mtaStsMaxAgeSeconds, webInterfaces, accounts, false);
  }

  /**
   * The local part mox receives {@code address} at, when the address is in {@code domain}; empty when
   * it is elsewhere (reports then go to another system) or not set.
   */
  public static Optional<String> localPartIn(Optional<String> address, String domain) {
    return address.filter(a -> a.substring(a.indexOf('@') + 1).equalsIgnoreCase(domain))
        .map(a -> a.substring(0, a.indexOf('@')).toLowerCase(java.util.Locale.ROOT));
  }
}
