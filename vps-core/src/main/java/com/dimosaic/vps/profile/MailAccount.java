package com.dimosaic.vps.profile;

import com.dimosaic.vps.secrets.SecretTemplate;
import java.util.Locale;
import java.util.Objects;

/**
 * A mailbox mox keeps for the profile: an account named after the address's local part, receiving
 * that address, with a password from the profile's secrets (for IMAP and SMTP submission, e.g. the
 * relay's login). {@code toString} never shows the password.
 *
 * @param address the e-mail address (its domain is the primary domain)
 * @param password the password, normally {@code ${secret:NAME}}
 */
public record MailAccount(String address, SecretTemplate password) {
  /** Validates the components. */
  public MailAccount {
    Objects.requireNonNull(address, "address == null");
    Objects.requireNonNull(password, "password == null");
  }

  /** The account name mox uses: the local part, lower case. */
  public String account() {
    return address.substring(0, address.indexOf('@')).toLowerCase(Locale.ROOT);
  }
}
