package com.dimosaic.vps.profile;

import com.dimosaic.vps.profile.internal.CatalogueBinder;
import com.dimosaic.vps.profile.internal.Checks;
import com.dimosaic.vps.profile.internal.CrossChecks;
import com.dimosaic.vps.profile.internal.Fields;
import com.dimosaic.vps.profile.internal.InventoryBinder;
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
    Inventory inventory = Inventory.EMPTY;
    if (bound != null && Files.exists(dir.resolve(Inventory.FILE))) {
      Optional<YamlNode> hostsRoot = YamlReader.read(dir.resolve(Inventory.FILE), Inventory.FILE, problems);
      if (hostsRoot.isPresent()) {
        inventory = InventoryBinder.bind(new Fields.Source(Inventory.FILE, problems, locations), hostsRoot.get(), dir, bound.host(),
            bound.resources());
      }
    }
    if (bound != null && bound.engine() == Engine.SWARM && inventory.isEmpty()) {
      Locations.Location at = locations.of("profile.yaml", "engine");
      problems.add("profile.yaml", at.line(), at.column(), "engine", "engine: swarm needs the fleet's hosts in " + Inventory.FILE
          + " (at least one; the first manager initialises the swarm)");
    }
    problems.throwIfAny();
    hostAddressWarning(bound.host().address()).ifPresent(warnings::add);
    bound.host().ipv6().flatMap(ProfileLoader::hostAddressWarning).ifPresent(warnings::add);
    for (String w : warnings) {
      log.debug("{}: {}", dir.getFileName(), w);
    }
    Catalogue c = applyImageOverrides(catalogue.catalogue(), bound.docker().images());
    return Profile.builder().directory(dir).name(bound.name()).host(bound.host()).timezone(bound.timezone()).os(bound.os())
        .domains(bound.domains()).mail(bound.mail()).dns(bound.dns()).docker(bound.docker()).resources(bound.resources())
        .tls(bound.tls()).firewall(bound.firewall()).backup(bound.backup()).catalogue(c).secrets(source).warnings(warnings).inventory(inventory).engine(bound.engine()).build();
  }

  /**
   * A warning when the host's address is not a public one: the DNS records would send the world to a
   * loopback, private, shared, link-local or documentation address. Host names are not resolved here.
   */
  static Optional<String> hostAddressWarning(String address) {
    if (!Checks.ipv4(address) && !Checks.ipv6(address)) {
      return Optional.empty();
    }
    String kind;
    try {
      java.net.InetAddress a = java.net.InetAddress.getByName(address); // a literal: no lookup
      byte[] b = a.getAddress();
      int b0 = b[0] & 0xff;
      int b1 = b[1] & 0xff;
      int b2 = b[2] & 0xff;
      if (a.isLoopbackAddress()) {
        kind = "a loopback address";
      } else if (a.isAnyLocalAddress()) {
        kind = "the unspecified address";
      } else if (a.isLinkLocalAddress()) {
        kind = "a link-local address";
      } else if (a.isSiteLocalAddress() || b.length == 16 && (b0 & 0xfe) == 0xfc) {
        kind = "a private address";
      } else if (b.length == 4 && b0 == 100 && (b1 & 0xc0) == 64) {
        kind = "a shared (carrier-grade NAT) address";
      } else if (b.length == 4 && (b0 == 192 && b1 == 0 && b2 == 2 || b0 == 198 && b1 == 51 && b2 == 100 || b0 == 203 && b1 == 0 && b2 == 113)
          || b.length == 16 && b0 == 0x20 && b1 == 0x01 && b2 == 0x0d && (b[3] & 0xff) == 0xb8) {
        kind = "a documentation address (RFC 5737 / RFC 3849)";
      } else {
        return Optional.empty();
      }
    } catch (java.net.UnknownHostException e) {
      return Optional.empty();
    }
    return Optional.of("profile.yaml: host: " + address + " is " + kind + ", not a public one: the DNS records (A/AAAA @ and the"
        + " rest) would point there; give the server's public address");
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
