package com.dimosaic.vps.secrets;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Secrets from a plain (unencrypted) YAML mapping of {@code NAME: value}. For tests and for demos
 * only: the loader warns when a profile uses one. Values are kept as written.
 */
public final class PlainSecrets implements SecretsSource {
  private final Map<String, String> values;
  private final String description;
  private final Map<String, String> locations;

  private PlainSecrets(Map<String, String> values, String description, Map<String, String> locations) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.description = description;
    this.locations = Map.copyOf(locations);
  }

  /** A source over an in-memory map (tests). */
  public static PlainSecrets of(Map<String, String> values) {
    return new PlainSecrets(values, "in-memory", Map.of());
  }

  /** Secrets from a map, described as {@code description} in messages (e.g. the file they came from). */
  public static PlainSecrets of(Map<String, String> values, String description) {
    return new PlainSecrets(values, description, Map.of());
  }

  /** The same, with where each secret is defined ({@code file:line:column} by name) for messages. */
  public static PlainSecrets of(Map<String, String> values, String description, Map<String, String> locations) {
    return new PlainSecrets(values, description, locations);
  }

  @Override
  public java.util.Optional<String> location(String name) {
    return java.util.Optional.ofNullable(locations.get(name));
  }

  @Override
  public Set<String> names() {
    return values.keySet();
  }

  @Override
  public Secret get(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new SecretsException("no secret named '" + name + "' in " + description);
    }
    return Secret.of(name, v);
  }

  @Override
  public String description() {
    return description;
  }
}
