package com.dimosaic.vps.secrets.sops;

import com.dimosaic.vps.secrets.age.AgeException;
import com.dimosaic.vps.secrets.age.AgeIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds the age identities that may open a SOPS file, combining every source that is present, as
 * sops does: explicit identities, {@code SOPS_AGE_KEY} (several keys per line allowed),
 * {@code SOPS_AGE_KEY_FILE}, and {@code $XDG_CONFIG_HOME/sops/age/keys.txt} (else
 * {@code ~/.config/sops/age/keys.txt}).
 *
 * <pre>{@code List<AgeIdentity> ids = AgeKeys.builder().identityFile(Path.of("key.txt")).build().load();}</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class AgeKeys {
  private final List<AgeIdentity> explicit;
  private final List<Path> files;
  private final Map<String, String> env;
  private final Path home;

  private AgeKeys(Builder b) {
    this.explicit = List.copyOf(b.explicit);
    this.files = List.copyOf(b.files);
    this.env = Map.copyOf(b.env);
    this.home = b.home;
  }

  /** Keys from the process environment and the user's home. */
  public static AgeKeys fromEnvironment() {
    return builder().build();
  }

  /** A builder; by default it reads the process environment and {@code user.home}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads every identity from every source present (duplicates removed).
   *
   * @throws SopsException when a present source cannot be read or holds a malformed key (the source is named)
   */
  public List<AgeIdentity> load() {
    LinkedHashSet<AgeIdentity> out = new LinkedHashSet<>(explicit);
    for (Path f : files) {
      out.addAll(readFile(f, "--age-key-file " + f));
    }
    String key = env.get("SOPS_AGE_KEY");
    if (key != null && !key.isBlank()) {
      out.addAll(parse(key, "SOPS_AGE_KEY"));
    }
    String keyFile = env.get("SOPS_AGE_KEY_FILE");
    if (keyFile != null && !keyFile.isBlank()) {
      out.addAll(readFile(Path.of(keyFile), "SOPS_AGE_KEY_FILE " + keyFile));
    }
    Path user = userKeysFile();
    if (Files.isRegularFile(user)) {
      out.addAll(readFile(user, user.toString()));
    }
    return List.copyOf(out);
  }

  /** Where sops keeps the user's keys. */
  public Path userKeysFile() {
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : home.resolve(".config");
    return base.resolve("sops/age/keys.txt");
  }

  /** The sources that were looked at, for error messages. */
  public String describeSources() {
    List<String> s = new ArrayList<>();
    if (!explicit.isEmpty()) {
      s.add(explicit.size() + " identities given in code");
    }
    files.forEach(f -> s.add("--age-key-file " + f));
    s.add("SOPS_AGE_KEY" + (env.containsKey("SOPS_AGE_KEY") ? "" : " (unset)"));
    s.add("SOPS_AGE_KEY_FILE" + (env.containsKey("SOPS_AGE_KEY_FILE") ? "" : " (unset)"));
    s.add(userKeysFile() + (Files.isRegularFile(userKeysFile()) ? "" : " (absent)"));
    return String.join(", ", s);
  }

  private static List<AgeIdentity> readFile(Path f, String what) {
    try {
      byte[] bytes = Files.readAllBytes(f);
      String head = new String(bytes, 0, Math.min(14, bytes.length), StandardCharsets.US_ASCII);
      if (head.startsWith("age-encryption") || head.startsWith("-----BEGIN AGE")) {
        throw new SopsException(SopsException.Kind.UNSUPPORTED, what + " is passphrase-encrypted; decrypt it first");
      }
      return parse(new String(bytes, StandardCharsets.UTF_8), what);
    } catch (IOException e) {
      throw new SopsException(SopsException.Kind.KEY_UNREADABLE, "cannot read " + what + ": " + (e instanceof java.nio.file.NoSuchFileException
          ? "no such file" : e.getMessage()), e);
    }
  }

  private static List<AgeIdentity> parse(String text, String what) {
    try {
      return AgeIdentity.parseAll(text);
    } catch (AgeException e) {
      throw new SopsException(SopsException.Kind.KEY_UNREADABLE, "malformed key in " + what + ": " + e.getMessage(), e);
    }
  }

  /** Options for {@link AgeKeys}. */
  public static final class Builder {
    private final List<AgeIdentity> explicit = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private Map<String, String> env = System.getenv();
    private Path home = Path.of(System.getProperty("user.home"));

    private Builder() {}

    /** Adds an identity. */
    public Builder identity(AgeIdentity identity) {
      explicit.add(Objects.requireNonNull(identity, "identity == null"));
      return this;
    }

    /** Adds an identity file (one key per line). */
    public Builder identityFile(Path file) {
      files.add(Objects.requireNonNull(file, "file == null"));
      return this;
    }

    /** Reads {@code SOPS_AGE_KEY*} and {@code XDG_CONFIG_HOME} from this map instead of the process environment. */
    public Builder environment(Map<String, String> environment) {
      this.env = Objects.requireNonNull(environment, "environment == null");
      return this;
    }

    /** The home folder used when {@code XDG_CONFIG_HOME} is unset. */
    public Builder home(Path home) {
      this.home = Objects.requireNonNull(home, "home == null");
      return this;
    }

    /** Builds the key finder. */
    public AgeKeys build() {
      return new AgeKeys(this);
    }
  }
}
