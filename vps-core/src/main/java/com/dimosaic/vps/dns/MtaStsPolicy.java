package com.dimosaic.vps.dns;

import com.dimosaic.vps.profile.Profile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The MTA-STS policy a profile publishes and its id. The id is derived from the policy text, so it
 * changes exactly when the policy changes (RFC 8461 asks senders to refetch when the id changes).
 */
public final class MtaStsPolicy {
  private MtaStsPolicy() {}

  /** The policy file text served at {@code https://mta-sts.<domain>/.well-known/mta-sts.txt}. */
  public static String text(Profile p) {
    return "version: STSv1\r\nmode: " + p.mail().mtaStsMode() + "\r\nmx: " + p.domains().mailFqdn()
        + "\r\nmax_age: " + p.mail().mtaStsMaxAgeSeconds() + "\r\n";
  }

  /** The id: the first 20 hex digits of the policy text's SHA-256. */
  public static String id(Profile p) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(text(p).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h).substring(0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
