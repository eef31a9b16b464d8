package com.dimosaic.vps.secrets.sops;

import com.dimosaic.vps.secrets.Secret;
import com.dimosaic.vps.secrets.SecretsException;
import com.dimosaic.vps.secrets.SecretsSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link SecretsSource} over a SOPS file of top-level {@code NAME: value} pairs. Names are read
 * without a key (SOPS keeps keys in clear), so a profile validates without decrypting; the first
 * {@link #get} decrypts the whole file once, verifying its MAC. Thread-safe.
 *
 * <pre>{@code SecretsSource s = SopsSecrets.open(Path.of("secrets.enc.yaml"), AgeKeys.fromEnvironment());}</pre>
 */
public final class SopsSecrets implements SecretsSource {
  private final Path file;
  private final String text;
  private final AgeKeys keys;
  private final Set<String> names;
  private volatile Map<String, Object> values;

  private SopsSecrets(Path file, String text, AgeKeys keys) {
    this.file = file;
    this.text = text;
    this.keys = keys;
    this.names = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(Sops.topLevelKeys(text)));
  }

  /**
   * Opens a file (reads it and its key names; decrypts nothing yet).
   *
   * @throws SopsException when the file cannot be read or is not a SOPS file
   */
  public static SopsSecrets open(Path file, AgeKeys keys) {
    Objects.requireNonNull(keys, "keys == null");
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      Sops.Metadata.of(Sops.parse(text)); // a plain YAML file is refused here, before anything trusts it
      return new SopsSecrets(file, text, keys);
    } catch (IOException e) {
      throw new SopsException(SopsException.Kind.FORMAT, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The age recipients the file is encrypted to (from its metadata; nothing is decrypted). */
  public java.util.List<String> recipients() {
    return java.util.List.copyOf(Sops.Metadata.of(Sops.parse(text)).recipients);
  }

  /** The keys this source decrypts with. */
  public AgeKeys keys() {
    return keys;
  }

  @Override
  public Set<String> names() {
    return names;
  }

  @Override
  public Secret get(String name) {
    if (!names.contains(name)) {
      throw new SecretsException("no secret named '" + name + "' in " + file.getFileName());
    }
    Object v = decrypted().get(name);
    if (v == null || v instanceof Map || v instanceof java.util.List) {
      throw new SecretsException("secret '" + name + "' in " + file.getFileName() + " is not a single value");
    }
    return Secret.of(name, GoValues.text(v));
  }

  /** Decrypts now (verifying the MAC), so that a wrong key or a tampered file shows before any work. */
  public void verify() {
    decrypted();
  }

  private Map<String, Object> decrypted() {
    Map<String, Object> v = values;
    if (v == null) {
      synchronized (this) {
        if (values == null) {
          try {
            values = Sops.decrypt(text, keys.load()).documents().get(0);
          } catch (SopsException e) {
            if (e.kind() == SopsException.Kind.NO_KEY || e.kind() == SopsException.Kind.WRONG_KEY) {
              throw new SopsException(e.kind(), file.getFileName() + ": " + e.getMessage()
                  .replaceFirst("^sops: ", "") + "; looked in " + keys.describeSources(), e);
            }
            throw new SopsException(e.kind(), file.getFileName() + ": " + e.getMessage().replaceFirst("^sops: ", ""), e);
          }
        }
        v = values;
      }
    }
    return v;
  }

  /** The line of the secret's key in the encrypted file (keys are in clear), as {@code secrets.enc.yaml:line:1}. */
  @Override
  public java.util.Optional<String> location(String name) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith(name + ":")) {
        return java.util.Optional.of(file.getFileName() + ":" + (i + 1) + ":1");
      }
    }
    return java.util.Optional.empty();
  }

  @Override
  public String description() {
    return file.getFileName() + " (SOPS + age)";
  }
}
