package com.dimosaic.vps.app;

import java.util.Arrays;
import java.util.Objects;

/**
 * Credentials for pulling from a private registry: {@code docker login --password-stdin}, so the
 * token travels on stdin and never in a command line; the host is logged out again after the pull,
 * so the token is not left in {@code ~app/.docker/config.json}. {@link #toString()} never shows it.
 */
public final class RegistryLogin {
  private final String registry;
  private final String user;
  private final char[] token;

  private RegistryLogin(String registry, String user, char[] token) {
    this.registry = Objects.requireNonNull(registry, "registry == null");
    this.user = Objects.requireNonNull(user, "user == null");
    this.token = Objects.requireNonNull(token, "token == null").clone();
    if (registry.isBlank() || registry.startsWith("-") || registry.contains("/")) {
      throw new IllegalArgumentException("a registry host (e.g. ghcr.io or registry.example.com:5000), not '" + registry + "'");
    }
    if (user.isBlank() || user.startsWith("-")) {
      throw new IllegalArgumentException("invalid registry user '" + user + "'");
    }
    if (token.length == 0) {
      throw new IllegalArgumentException("empty registry token for " + user + "@" + registry);
    }
  }

  /** A login to {@code registry} (a host, with a port when not 443) as {@code user}. */
  public static RegistryLogin of(String registry, String user, char[] token) {
    return new RegistryLogin(registry, user, token);
  }

  /** GitHub's container registry, {@code ghcr.io}: the user is the account or organisation the token belongs to. */
  public static RegistryLogin ghcr(String user, char[] token) {
    return new RegistryLogin("ghcr.io", user, token);
  }

  /** The registry host. */
  public String registry() {
    return registry;
  }

  /** The user. */
  public String user() {
    return user;
  }

  /** The token as bytes for stdin (the caller clears them). */
  public byte[] tokenBytes() {
    java.nio.ByteBuffer b = java.nio.charset.StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(token));
    byte[] out = new byte[b.remaining()];
    b.get(out);
    Arrays.fill(b.array(), (byte) 0); // no immutable String copy of the token is made
    return out;
  }

  /** Whether {@code image} lives in this registry. */
  public boolean serves(String image) {
    return image.startsWith(registry + "/");
  }

  /** Forgets the token. */
  public void clear() {
    Arrays.fill(token, '\0');
  }

  @Override
  public String toString() {
    return "RegistryLogin[" + user + "@" + registry + ", token=***]";
  }
}
