package com.dimosaic.vps.secrets;

import com.dimosaic.vps.profile.internal.Fields;
import com.dimosaic.vps.profile.internal.Locations;
import com.dimosaic.vps.profile.internal.Problems;
import com.dimosaic.vps.profile.internal.YamlNode;
import com.dimosaic.vps.profile.internal.YamlReader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Secrets from a plain (unencrypted) YAML mapping of {@code NAME: value}. For tests and for demos
 * only: the loader warns when a profile uses one. Values are kept as written.
 */
public final class PlainSecrets implements SecretsSource {
  private final Map<String, String> values;
  private final String description;

  private PlainSecrets(Map<String, String> values, String description) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.description = description;
  }

  /** A source over an in-memory map (tests). */
  public static PlainSecrets of(Map<String, String> values) {
    return new PlainSecrets(values, "in-memory");
  }

  /**
   * Reads a plain secrets file; problems (with positions, never values) go to {@code problems}.
   *
   * @return empty when the file could not be read or parsed
   */
  public static Optional<PlainSecrets> read(Path file, String displayName, Problems problems) {
    Optional<YamlNode> root = YamlReader.read(file, displayName, problems);
    if (root.isEmpty()) {
      return Optional.empty();
    }
    Fields f = Fields.of(new Fields.Source(displayName, problems, new Locations()), root.get(), "");
    Map<String, String> values = new LinkedHashMap<>();
    for (String k : f.keys()) {
      if (!k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        f.problemAtKey(k, "invalid secret name '" + k + "': letters, digits and '_'");
        continue;
      }
      YamlNode v = f.node().entries().get(k);
      if (v instanceof YamlNode.Scalar s && !s.isNull()) {
        values.put(k, s.text());
      } else {
        f.problem(k, "expected a single value");
      }
    }
    return Optional.of(new PlainSecrets(values, displayName + " (plain, unencrypted)"));
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
