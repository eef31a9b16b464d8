package com.dimosaic.vps.secrets.age;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** The primitives age uses, on BouncyCastle's lightweight API. */
final class AgeCrypto {
  static final SecureRandom RANDOM = new SecureRandom();

  private AgeCrypto() {}

  static byte[] hkdf(byte[] ikm, byte[] salt, String info, int length) {
    HKDFBytesGenerator g = new HKDFBytesGenerator(new SHA256Digest());
    g.init(new HKDFParameters(ikm, salt, info.getBytes(StandardCharsets.US_ASCII)));
    byte[] out = new byte[length];
    g.generateBytes(out, 0, length);
    return out;
  }

  static byte[] hmac(byte[] key, byte[] data, int len) {
    HMac mac = new HMac(new SHA256Digest());
    mac.init(new KeyParameter(key));
    mac.update(data, 0, len);
    byte[] out = new byte[32];
    mac.doFinal(out, 0);
    return out;
  }

  /** ChaCha20-Poly1305 seal. */
  static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, int off, int len) {
    ChaCha20Poly1305 c = new ChaCha20Poly1305();
    c.init(true, new AEADParameters(new KeyParameter(key), 128, nonce));
    byte[] out = new byte[c.getOutputSize(len)];
    int n = c.processBytes(plaintext, off, len, out, 0);
    try {
      c.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** ChaCha20-Poly1305 open; null when the tag does not verify. */
  static byte[] open(byte[] key, byte[] nonce, byte[] ciphertext, int off, int len) {
    ChaCha20Poly1305 c = new ChaCha20Poly1305();
    c.init(false, new AEADParameters(new KeyParameter(key), 128, nonce));
    byte[] out = new byte[Math.max(0, c.getOutputSize(len))];
    try {
      int n = c.processBytes(ciphertext, off, len, out, 0);
      c.doFinal(out, n);
      return out;
    } catch (InvalidCipherTextException | IllegalArgumentException e) {
      return null;
    }
  }

  /** Unpadded base64, strict and canonical (what age requires in headers); null when not. */
  static byte[] rawBase64(String s) {
    if (s.indexOf('=') >= 0 || s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0) {
      return null;
    }
    try {
      byte[] b = Base64.getDecoder().decode(s);
      return Base64.getEncoder().withoutPadding().encodeToString(b).equals(s) ? b : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static String rawBase64(byte[] b) {
    return Base64.getEncoder().withoutPadding().encodeToString(b);
  }
}
