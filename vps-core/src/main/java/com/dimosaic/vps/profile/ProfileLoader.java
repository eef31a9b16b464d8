package com.dimosaic.vps.profile;

import com.dimosaic.vps.profile.internal.CatalogueBinder;
import com.dimosaic.vps.profile.internal.CrossChecks;
import com.dimosaic.vps.profile.internal.Fields;
import com.dimosaic.vps.profile.internal.Locations;
import com.dimosaic.vps.profile.internal.PlainSecretsReader;
import com.dimosaic.vps.profile.internal.Problems;
import com.dimosaic.vps.profile.internal.ProfileBinder;
import com.dimosaic.vps.profile.internal.YamlNode;
import com.dimosaic.vps.profile.internal.YamlReader;
import com.dimosaic.vps.secrets.SecretsException;
import com.dimosaic.vps.secrets.SecretsSource;
import com.dimosaic.vps.secrets.sops.AgeKeys;
import com.dimosaic.vps.secrets.sops.SopsSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and validates a profile folder:
 *
 * <ul>
 *   <li>{@code profile.yaml} — host, domains, mail, DNS, Docker, thresholds;
 *   <li>{@code services.yaml} — the service catalogue;
 *   <li>{@code secrets.enc.yaml} (SOPS + age) or, for demos and tests, {@code secrets.yaml} (plain);
 *   <li>optional {@code templates/} overrides.
 * </ul>
 *
 * <p>Loading is strict: unknown keys, bad values and broken references are collected over all files
 * and thrown together as one {@link ProfileException}, each naming file, line, column and key path.
 *
 * <pre>{@code
 * Profile p = ProfileLoader.load(Path.of("profiles/prod"));
 * Profile q = ProfileLoader.builder().secrets(mySource).build().loadFrom(dir);
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ProfileLoader {
  private static final Logger log = LoggerFactory.getLogger(ProfileLoader.class);

  /** The encrypted secrets file name. */
  public static final String ENCRYPTED_SECRETS = "secrets.enc.yaml";
  /** The plain secrets file name (demos and tests). */
  public static final String PLAIN_SECRETS = "secrets.yaml";

  private final SecretsSource secrets;
  private final Function<Path, SecretsSource> encryptedSecrets;

  private ProfileLoader(Builder b) {
    this.secrets = b.secrets;
    this.encryptedSecrets = b.encryptedSecrets;
  }

  /** Loads with the defaults. */
  public static Profile load(Path directory) {
    return builder().build().loadFrom(directory);
  }

  /** A builder for loader options. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads and validates the folder.
   *
   * @throws ProfileException with every problem found when the profile is invalid
   */
  public Profile loadFrom(Path directory) {
    Objects.requireNonNull(directory, "directory == null");
    Path dir = directory.toAbsolutePath().normalize();
    Problems problems = new Problems();
    if (!Files.isDirectory(dir)) {
      problems.add(directory.toString(), 0, 0, "", "not a profile folder (no such directory)");
      problems.throwIfAny();
    }
    Locations locations = new Locations();
    List<String> warnings = new ArrayList<>();

    Optional<YamlNode> profileRoot = YamlReader.read(dir.resolve("profile.yaml"), "profile.yaml", problems);
    Optional<YamlNode> servicesRoot = YamlReader.read(dir.resolve("services.yaml"), "services.yaml", problems);

    SecretsSource source = secrets;
    String secretsFile = "the secrets source";
    if (source == null) {
      Path enc = dir.resolve(ENCRYPTED_SECRETS);
      Path plain = dir.resolve(PLAIN_SECRETS);
      if (Files.exists(enc) && Files.exists(plain)) {
        // which one would win is not for the loader to guess: a plain file left beside the encrypted one is often a leak
        problems.add(PLAIN_SECRETS, 0, 0, "", "both " + PLAIN_SECRETS + " and " + ENCRYPTED_SECRETS + " are present: keep one (encrypt "
            + PLAIN_SECRETS + " with 'vps secrets encrypt' and delete it)");
      } else if (Files.exists(enc)) {
        secretsFile = ENCRYPTED_SECRETS;
        try {
          source = encryptedSecrets.apply(enc);
        } catch (SecretsException e) {
          problems.add(ENCRYPTED_SECRETS, 0, 0, "", e.getMessage());
        }
      } else if (Files.exists(plain)) {
        secretsFile = PLAIN_SECRETS;
        source = PlainSecretsReader.read(plain, PLAIN_SECRETS, problems).orElse(null);
        warnings.add(PLAIN_SECRETS + " is not encrypted: use SOPS + age (" + ENCRYPTED_SECRETS + ") for real hosts");
      } else {
        source = SecretsSource.EMPTY;
        secretsFile = ENCRYPTED_SECRETS;
      }
    }

    ProfileBinder.Bound bound = null;
    if (profileRoot.isPresent()) {
      bound = ProfileBinder.bind(new Fields.Source("profile.yaml", problems, locations), profileRoot.get(), dir);
    }
    CatalogueBinder.Result catalogue = null;
    if (servicesRoot.isPresent()) {
      catalogue = CatalogueBinder.bind(new Fields.Source("services.yaml", problems, locations), servicesRoot.get());
    }
    if (bound != null && catalogue != null && source != null) {
      new CrossChecks(problems, locations).run(bound, catalogue, source.names(), secretsFile);
    }
    problems.throwIfAny();
    for (String w : warnings) {
      log.debug("{}: {}", dir.getFileName(), w);
    }
    Catalogue c = applyImageOverrides(catalogue.catalogue(), bound.docker().images());
    return Profile.builder().directory(dir).name(bound.name()).host(bound.host()).timezone(bound.timezone()).os(bound.os())
        .domains(bound.domains()).mail(bound.mail()).dns(bound.dns()).docker(bound.docker()).resources(bound.resources())
        .tls(bound.tls()).firewall(bound.firewall()).catalogue(c).secrets(source).warnings(warnings).build();
  }

  private static Catalogue applyImageOverrides(Catalogue c, Map<String, String> images) {
    if (images.isEmpty()) {
      return c;
    }
    Map<String, Service> services = new LinkedHashMap<>();
    for (Service s : c.services().values()) {
      String img = images.get(s.name());
      services.put(s.name(), img == null ? s : s.toBuilder().image(Optional.of(img)).builtFrom(Optional.empty()).build());
    }
    return new Catalogue(services, c.networks(), c.routes(), c.sites(), c.defaults());
  }

  /** Options for a {@link ProfileLoader}. */
  public static final class Builder {
    private SecretsSource secrets;
    private Function<Path, SecretsSource> encryptedSecrets = file -> SopsSecrets.open(file, AgeKeys.fromEnvironment());

    private Builder() {}

    /** Uses this source instead of the profile folder's secrets file. */
    public Builder secrets(SecretsSource secrets) {
      this.secrets = Objects.requireNonNull(secrets, "secrets == null");
      return this;
    }

    /**
     * Where the age keys for {@code secrets.enc.yaml} come from. The default is {@link AgeKeys#fromEnvironment()}
     * ({@code SOPS_AGE_KEY}, {@code SOPS_AGE_KEY_FILE}, {@code ~/.config/sops/age/keys.txt}).
     */
    public Builder ageKeys(AgeKeys keys) {
      java.util.Objects.requireNonNull(keys, "keys == null");
      this.encryptedSecrets = file -> SopsSecrets.open(file, keys);
      return this;
    }

    /** How to open {@code secrets.enc.yaml}; the default is SOPS + age with {@link AgeKeys#fromEnvironment()}. */
    public Builder encryptedSecrets(Function<Path, SecretsSource> reader) {
      this.encryptedSecrets = Objects.requireNonNull(reader, "reader == null");
      return this;
    }

    /** Builds the loader. */
    public ProfileLoader build() {
      return new ProfileLoader(this);
    }
  }
}
