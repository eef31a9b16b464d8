package com.dimosaic.vps.profile.internal;

import com.dimosaic.vps.secrets.PlainSecrets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads a plain (unencrypted) secrets file of a profile, with positions for every problem and never a value. */
public final class PlainSecretsReader {
  private PlainSecretsReader() {}

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
    Map<String, String> where = new LinkedHashMap<>();
    for (String k : f.keys()) {
      if (!k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        f.problemAtKey(k, "invalid secret name '" + k + "': letters, digits and '_'");
        continue;
      }
      YamlNode v = f.node().entries().get(k);
      if (v instanceof YamlNode.Scalar s && !s.isNull()) {
        values.put(k, s.text());
        where.put(k, displayName + ":" + v.line() + ":" + v.column());
      } else {
        f.problem(k, "expected a single value");
      }
    }
    return Optional.of(PlainSecrets.of(values, displayName + " (plain, unencrypted)", where));
  }
}
