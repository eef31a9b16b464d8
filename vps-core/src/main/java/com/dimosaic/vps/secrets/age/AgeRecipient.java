package com.dimosaic.vps.secrets.age;

import java.util.Arrays;
import java.util.Objects;

/** An age X25519 recipient ({@code age1…}): whom a file is encrypted to. */
public final class AgeRecipient {
  private final byte[] publicKey;
  private final String text;

  private AgeRecipient(byte[] publicKey) {
    this.publicKey = publicKey.clone();
    this.text = Bech32.encode("age", publicKey);
  }

  static AgeRecipient ofBytes(byte[] publicKey) {
    return new AgeRecipient(publicKey);
  }

  /**
   * Parses {@code age1…}.
   *
   * @throws AgeException of kind UNSUPPORTED for {@code age1pq1…} and plugin recipients, KEY for malformed ones
   */
  public static AgeRecipient parse(String text) {
    Objects.requireNonNull(text, "text == null");
    String s = text.strip();
    if (s.startsWith("age1pq1")) {
      throw new AgeException(AgeException.Kind.UNSUPPORTED, "post-quantum recipients are not supported");
    }
    Bech32.Decoded d = Bech32.decode(s);
    if (d.hrp().startsWith("age1") && !d.hrp().equals("age")) {
      throw new AgeException(AgeException.Kind.UNSUPPORTED, "plugin recipients are not supported");
    }
    if (!d.hrp().equals("age") || d.data().length != 32) {
      throw new AgeException(AgeException.Kind.KEY, "malformed X25519 recipient");
    }
    return new AgeRecipient(d.data());
  }

  byte[] publicKey() {
    return publicKey.clone();
  }

  /** The {@code age1…} string. */
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AgeRecipient r && Arrays.equals(r.publicKey, publicKey);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(publicKey);
  }
}
