package com.dimosaic.vps.profile;

/**
 * A volume or bind mount, written {@code source:target[:ro]}.
 *
 * @param source a named volume ({@code postgres_data}) or a path ({@code ./conf}, {@code /var/www})
 * @param target the path in the container
 * @param readOnly whether mounted read-only
 */
public record VolumeMount(String source, String target, boolean readOnly) {
  /** Whether the source is a named volume rather than a host path. */
  public boolean named() {
    return !(source.startsWith("/") || source.startsWith(".") || source.startsWith("~"));
  }

  /** The Compose short form. */
  @Override
  public String toString() {
    return source + ":" + target + (readOnly ? ":ro" : "");
  }
}
