package com.dimosaic.vps.compose;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A Swarm config or secret of a stack. Its {@link #name} ends with a hash of its content, so a change
 * is a new object and the services using it roll (Swarm configs and secrets cannot be updated in place).
 * A secret's content is never shown: {@link #toString} names it only.
 *
 * @param key the name the stack file uses for it
 * @param name its name in the swarm ({@code <stack>_<key>_<hash>})
 * @param content its content (created with {@code docker config|secret create <name> -}, the content on stdin)
 * @param secret whether it is a secret
 */
public record SwarmObject(String key, String name, byte[] content, boolean secret) {
  /** Copies the content. */
  public SwarmObject {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(name, "name == null");
    content = content.clone();
  }

  /** A copy of the content. */
  @Override
  public byte[] content() {
    return content.clone();
  }

  /** The content as text (a config's; for a secret, only where it is handed to the host). */
  public String text() {
    return new String(content, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SwarmObject x && x.key.equals(key) && x.name.equals(name) && x.secret == secret
        && java.util.Arrays.equals(x.content, content);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, name, secret, java.util.Arrays.hashCode(content));
  }

  @Override
  public String toString() {
    return (secret ? "secret " : "config ") + name + (secret ? " (" + content.length + " bytes, not shown)" : "");
  }
}
