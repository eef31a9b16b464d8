package com.dimosaic.vps.netcup;

import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.secrets.Secret;
import com.dimosaic.vps.secrets.SecretTemplate;
import java.util.Objects;

/**
 * Netcup CCP API credentials. {@code toString} shows the customer number only.
 *
 * @param customerNumber the customer number
 * @param apiKey the API key (secret)
 * @param apiPassword the API password (secret)
 */
public record NetcupCredentials(String customerNumber, Secret apiKey, Secret apiPassword) {
  /** Validates. */
  public NetcupCredentials {
    Objects.requireNonNull(customerNumber, "customerNumber == null");
    Objects.requireNonNull(apiKey, "apiKey == null");
    Objects.requireNonNull(apiPassword, "apiPassword == null");
  }

  /** Credentials from plain strings (tests, tools). */
  public static NetcupCredentials of(String customerNumber, String apiKey, String apiPassword) {
    return new NetcupCredentials(customerNumber, Secret.of("apiKey", apiKey), Secret.of("apiPassword", apiPassword));
  }

  /** Credentials from a profile's {@code dns.credentials}, resolving secrets. */
  public static NetcupCredentials fromProfile(Profile p) {
    SecretTemplate c = p.dns().credentials().get("customerNumber");
    SecretTemplate k = p.dns().credentials().get("apiKey");
    SecretTemplate w = p.dns().credentials().get("apiPassword");
    if (c == null || k == null || w == null) {
      throw new IllegalArgumentException("profile " + p.name() + " has no netcup credentials (dns.credentials)");
    }
    return new NetcupCredentials(c.resolve(p.secrets()), Secret.of("apiKey", k.resolve(p.secrets())),
        Secret.of("apiPassword", w.resolve(p.secrets())));
  }

  @Override
  public String toString() {
    return "NetcupCredentials[customer " + customerNumber + "]";
  }
}
