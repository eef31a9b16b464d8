package com.dimosaic.vps.profile;

import com.dimosaic.vps.secrets.SecretsSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A loaded, validated profile: everything the SDK needs to provision, deploy and validate one host.
 * Obtain one from {@link ProfileLoader}:
 *
 * <pre>{@code Profile profile = ProfileLoader.load(Path.of("profiles/prod"));}</pre>
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param directory the profile folder
 * @param name profile name
 * @param host the server
 * @param timezone IANA time zone, e.g. {@code Europe/Berlin}
 * @param os OS policy
 * @param domains domains
 * @param mail mail settings
 * @param dns DNS settings
 * @param docker Docker settings
 * @param resources pre-flight thresholds
 * @param tls certificate settings
 * @param firewall firewall additions
 * @param backup data backups ({@link BackupSettings#NONE} when the profile has none)
 * @param catalogue the service catalogue
 * @param secrets where secret values come from
 * @param warnings non-fatal findings (e.g. a plain, unencrypted secrets file)
 * @param inventory the fleet's hosts ({@code hosts.yaml}; {@link Inventory#EMPTY} when the profile has none)
 * @param engine how the stack runs: Compose on one host (default) or a Swarm over the fleet
 */
public record Profile(
    Path directory,
    String name,
    HostSpec host,
    String timezone,
    OsPolicy os,
    Domains domains,
    MailSettings mail,
    DnsSettings dns,
    DockerSettings docker,
    Resources resources,
    TlsSettings tls,
    FirewallSettings firewall,
    BackupSettings backup,
    Catalogue catalogue,
    SecretsSource secrets,
    List<String> warnings,
    Inventory inventory,
    Engine engine) {
  /** Copies the warnings. */
  public Profile {
    warnings = List.copyOf(warnings);
  }

  /**
   * The profile as one host of its fleet sees it: that host's address, SSH settings and resources in
   * place of the profile's {@code host} and {@code resources}; everything else shared.
   */
  public Profile forHost(FleetHost fleetHost) {
    return toBuilder().host(fleetHost.host()).resources(fleetHost.resources()).build();
  }

  /** The same profile with another secrets source (e.g. {@link SecretsSource#masked}). */
  public Profile withSecrets(SecretsSource source) {
    return toBuilder().secrets(source).build();
  }

  /** A builder (profiles normally come from {@link ProfileLoader}; tests and tools derive variants with {@link #toBuilder()}). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this profile's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.directory = directory;
    b.name = name;
    b.host = host;
    b.timezone = timezone;
    b.os = os;
    b.domains = domains;
    b.mail = mail;
    b.dns = dns;
    b.docker = docker;
    b.resources = resources;
    b.tls = tls;
    b.firewall = firewall;
    b.backup = backup;
    b.catalogue = catalogue;
    b.secrets = secrets;
    b.warnings = warnings;
    b.inventory = inventory;
    b.engine = engine;
    return b;
  }

  /**
   * Builds a {@code Profile} by name, so that adding a component later breaks no caller.
   */
  public static final class Builder {
    private Path directory;
    private String name;
    private HostSpec host;
    private String timezone;
    private OsPolicy os;
    private Domains domains;
    private MailSettings mail;
    private DnsSettings dns;
    private DockerSettings docker;
    private Resources resources;
    private TlsSettings tls;
    private FirewallSettings firewall;
    private BackupSettings backup = BackupSettings.NONE;
    private Catalogue catalogue;
    private SecretsSource secrets;
    private List<String> warnings = List.of();
    private Inventory inventory = Inventory.EMPTY;
    private Engine engine = Engine.COMPOSE;

    private Builder() {}

    /** Sets {@code engine} (default {@link Engine#COMPOSE}). */
    public Builder engine(Engine engine) {
      this.engine = Objects.requireNonNull(engine, "engine == null");
      return this;
    }

    /** Sets {@code inventory} (default {@link Inventory#EMPTY}). */
    public Builder inventory(Inventory inventory) {
      this.inventory = Objects.requireNonNull(inventory, "inventory == null");
      return this;
    }

    /** Sets {@code directory}. */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory == null");
      return this;
    }

    /** Sets {@code name}. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name == null");
      return this;
    }

    /** Sets {@code host}. */
    public Builder host(HostSpec host) {
      this.host = Objects.requireNonNull(host, "host == null");
      return this;
    }

    /** Sets {@code timezone}. */
    public Builder timezone(String timezone) {
      this.timezone = Objects.requireNonNull(timezone, "timezone == null");
      return this;
    }

    /** Sets {@code os}. */
    public Builder os(OsPolicy os) {
      this.os = Objects.requireNonNull(os, "os == null");
      return this;
    }

    /** Sets {@code domains}. */
    public Builder domains(Domains domains) {
      this.domains = Objects.requireNonNull(domains, "domains == null");
      return this;
    }

    /** Sets {@code mail}. */
    public Builder mail(MailSettings mail) {
      this.mail = Objects.requireNonNull(mail, "mail == null");
      return this;
    }

    /** Sets {@code dns}. */
    public Builder dns(DnsSettings dns) {
      this.dns = Objects.requireNonNull(dns, "dns == null");
      return this;
    }

    /** Sets {@code docker}. */
    public Builder docker(DockerSettings docker) {
      this.docker = Objects.requireNonNull(docker, "docker == null");
      return this;
    }

    /** Sets {@code resources}. */
    public Builder resources(Resources resources) {
      this.resources = Objects.requireNonNull(resources, "resources == null");
      return this;
    }

    /** Sets {@code tls}. */
    public Builder tls(TlsSettings tls) {
      this.tls = Objects.requireNonNull(tls, "tls == null");
      return this;
    }

    /** Sets {@code firewall}. */
    public Builder firewall(FirewallSettings firewall) {
      this.firewall = Objects.requireNonNull(firewall, "firewall == null");
      return this;
    }

    /** Sets {@code backup} (default {@link BackupSettings#NONE}). */
    public Builder backup(BackupSettings backup) {
      this.backup = Objects.requireNonNull(backup, "backup == null");
      return this;
    }

    /** Sets {@code catalogue}. */
    public Builder catalogue(Catalogue catalogue) {
      this.catalogue = Objects.requireNonNull(catalogue, "catalogue == null");
      return this;
    }

    /** Sets {@code secrets}. */
    public Builder secrets(SecretsSource secrets) {
      this.secrets = Objects.requireNonNull(secrets, "secrets == null");
      return this;
    }

    /** Sets {@code warnings}. */
    public Builder warnings(List<String> warnings) {
      this.warnings = Objects.requireNonNull(warnings, "warnings == null");
      return this;
    }

    /** Builds; the required parts must be set. */
    public Profile build() {
      Objects.requireNonNull(directory, "directory is required");
      Objects.requireNonNull(name, "name is required");
      Objects.requireNonNull(host, "host is required");
      Objects.requireNonNull(timezone, "timezone is required");
      Objects.requireNonNull(os, "os is required");
      Objects.requireNonNull(domains, "domains is required");
      Objects.requireNonNull(mail, "mail is required");
      Objects.requireNonNull(dns, "dns is required");
      Objects.requireNonNull(docker, "docker is required");
      Objects.requireNonNull(resources, "resources is required");
      Objects.requireNonNull(tls, "tls is required");
      Objects.requireNonNull(firewall, "firewall is required");
      Objects.requireNonNull(catalogue, "catalogue is required");
      Objects.requireNonNull(secrets, "secrets is required");
      return new Profile(directory, name, host, timezone, os, domains, mail, dns, docker, resources, tls, firewall, backup, catalogue, secrets,
          warnings, inventory, engine);
    }
  }
}
