package com.dimosaic.vps.ssh.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;

/** OpenSSH-style fingerprints. Internal. */
public final class Fingerprints {
  private Fingerprints() {}

  /** The SSH wire encoding of a public key. */
  public static byte[] blob(PublicKey key) {
    return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
  }

  /** {@code SHA256:<base64 without padding>}, as {@code ssh-keygen -l} prints it. */
  public static String sha256(PublicKey key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(blob(key));
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
