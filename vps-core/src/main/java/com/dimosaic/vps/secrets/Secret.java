package com.dimosaic.vps.secrets;

import java.util.Objects;

/**
 * A secret value. {@link #toString()} never shows it; call {@link #reveal()} only where the value
 * goes to its destination (an uploaded file, a process's stdin), never into logs or messages.
 *
 * <pre>{@code Secret pw = secrets.get("POSTGRES_PASSWORD"); upload(pw.reveal()); }</pre>
 */
public final class Secret {
  private final String name;
  private final String value;

  private Secret(String name, String value) {
    this.name = Objects.requireNonNull(name, "name == null");
    this.value = Objects.requireNonNull(value, "value == null");
  }

  /** Wraps a value under a name. */
  public static Secret of(String name, String value) {
    return new Secret(name, value);
  }

  /** The secret's name (not secret). */
  public String name() {
    return name;
  }

  /** The value. Handle with care: never log it. */
  public String reveal() {
    return value;
  }

  /** Shows the name only: {@code Secret[NAME=****]}. */
  @Override
  public String toString() {
    return "Secret[" + name + "=****]";
  }
}
