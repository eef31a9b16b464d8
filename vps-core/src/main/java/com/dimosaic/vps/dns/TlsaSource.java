package com.dimosaic.vps.dns;

import java.util.List;

/**
 * Supplies the keys DANE TLSA records are published for (RFC 7672): the SHA-256 of the
 * SubjectPublicKeyInfo of the certificate mox serves and of the one staged to follow it, so a key
 * change never leaves a sender without a matching record.
 */
@FunctionalInterface
public interface TlsaSource {
  /** No keys known in this run (no host given): TLSA records are not managed. */
  TlsaSource NONE = () -> List.of();

  /** Lower-case hex SHA-256 digests of the SubjectPublicKeyInfo, current first. */
  List<String> spkiSha256();

  /** The TLSA record value for a key: {@code 3 1 1 <hex>} (DANE-EE, SPKI, SHA-256). */
  static String value(String spkiSha256) {
    return "3 1 1 " + spkiSha256;
  }

  /** The SHA-256 of a certificate's SubjectPublicKeyInfo, lower-case hex. */
  static String spkiSha256(java.security.cert.X509Certificate cert) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(cert.getPublicKey().getEncoded()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
