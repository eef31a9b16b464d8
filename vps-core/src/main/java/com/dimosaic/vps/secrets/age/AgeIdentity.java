package com.dimosaic.vps.secrets.age;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * An age X25519 identity ({@code AGE-SECRET-KEY-1…}). {@code toString} shows only the public recipient.
 *
 * <pre>{@code AgeIdentity id = AgeIdentity.parse(System.getenv("SOPS_AGE_KEY")); }</pre>
 */
public final class AgeIdentity {
  private final byte[] scalar;
  private final AgeRecipient recipient;

  private AgeIdentity(byte[] scalar) {
    this.scalar = scalar;
    byte[] pub = new byte[32];
    X25519.scalarMultBase(scalar, 0, pub, 0);
    this.recipient = AgeRecipient.ofBytes(pub);
  }

  /** A new random identity. */
  public static AgeIdentity generate() {
    byte[] sk = new byte[32];
    AgeCrypto.RANDOM.nextBytes(sk);
    return new AgeIdentity(sk);
  }

  /**
   * Parses {@code AGE-SECRET-KEY-1…}.
   *
   * @throws AgeException of kind UNSUPPORTED for post-quantum and plugin identities, KEY for malformed ones
   */
  public static AgeIdentity parse(String text) {
    Objects.requireNonNull(text, "text == null");
    String s = text.strip();
    String upper = s.toUpperCase(Locale.ROOT);
    if (upper.startsWith("AGE-SECRET-KEY-PQ-1")) {
      throw new AgeException(AgeException.Kind.UNSUPPORTED, "post-quantum (ML-KEM hybrid) identities are not supported");
    }
    if (upper.startsWith("AGE-PLUGIN-")) {
      throw new AgeException(AgeException.Kind.UNSUPPORTED, "plugin identities are not supported");
    }
    if (!upper.startsWith("AGE-SECRET-KEY-1")) {
      throw new AgeException(AgeException.Kind.KEY, "unknown identity type (expected AGE-SECRET-KEY-1…)");
    }
    Bech32.Decoded d = Bech32.decode(s);
    if (!d.hrp().equals("age-secret-key-") || d.data().length != 32) {
      throw new AgeException(AgeException.Kind.KEY, "malformed X25519 identity");
    }
    return new AgeIdentity(d.data());
  }

  /**
   * Parses an identity file: one identity per line, empty lines and {@code #} comments skipped.
   * Several whitespace-separated identities on one line are accepted (as {@code SOPS_AGE_KEY} allows).
   */
  public static List<AgeIdentity> parseAll(String text) {
    List<AgeIdentity> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      for (String word : l.split("\\s+")) {
        out.add(parse(word));
      }
    }
    return out;
  }

  /** The matching recipient. */
  public AgeRecipient recipient() {
    return recipient;
  }

  /** The identity string. Handle like a password. */
  public String reveal() {
    return Bech32.encode("age-secret-key-", scalar).toUpperCase(Locale.ROOT);
  }

  byte[] scalar() {
    return scalar;
  }

  /** Shows the public recipient only. */
  @Override
  public String toString() {
    return "AgeIdentity[" + recipient + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AgeIdentity i && Arrays.equals(i.scalar, scalar);
  }

  @Override
  public int hashCode() {
    return recipient.hashCode();
  }
}
