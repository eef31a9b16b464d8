package com.dimosaic.vps.provision;

import com.dimosaic.vps.dns.DnsProvider;
import com.dimosaic.vps.mox.MoxInstall;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.validation.ValidationOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Provisioning options. Every external endpoint is configurable (Docker's repository, the mox binary's
 * source, the DNS provider).
 *
 * @param moxSource where the mox binary comes from; without one, phase 6 is skipped with a note
 * @param dnsProviders opens the DNS provider for a profile; without one, phase 6.5 is skipped
 * @param dockerRepository Docker's apt repository base URL (for {@code docker.source: official})
 * @param caddyDataDir Caddy's data folder on the host (the compose project's {@code caddy_data} volume)
 * @param healthTimeout how long each service may take to become healthy
 * @param validate whether phase 10 runs
 * @param validation what phase 10 probes (its Caddy data folder defaults to {@code caddyDataDir})
 */
public record ProvisionOptions(Optional<MoxInstall.Source> moxSource, Optional<Function<Profile, DnsProvider>> dnsProviders,
    String dockerRepository, String caddyDataDir, Duration healthTimeout, boolean validate, ValidationOptions validation) {
  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Checks the parts. */
  public ProvisionOptions {
    Objects.requireNonNull(moxSource, "moxSource == null");
    Objects.requireNonNull(dnsProviders, "dnsProviders == null");
    Objects.requireNonNull(dockerRepository, "dockerRepository == null");
    Objects.requireNonNull(caddyDataDir, "caddyDataDir == null");
    Objects.requireNonNull(healthTimeout, "healthTimeout == null");
    Objects.requireNonNull(validation, "validation == null");
  }

  /**
   * The same options without a DNS provider: phase 6.5 is skipped (a fleet plans its zones once, on
   * one host, not once per host).
   */
  public ProvisionOptions withoutDns() {
    return new ProvisionOptions(moxSource, Optional.empty(), dockerRepository, caddyDataDir, healthTimeout, validate, validation);
  }

  /** Options. */
  public static final class Builder {
    private MoxInstall.Source moxSource;
    private Function<Profile, DnsProvider> dnsProviders;
    private String dockerRepository = "https://download.docker.com/linux";
    private String caddyDataDir;
    private Duration healthTimeout = Duration.ofMinutes(5);
    private boolean validate = true;
    private ValidationOptions validation;

    private Builder() {}

    /** What validation probes (default: {@link ValidationOptions#DEFAULT} with this Caddy data folder). */
    public Builder validation(ValidationOptions o) {
      this.validation = Objects.requireNonNull(o, "options == null");
      return this;
    }

    /** The mox binary's source. */
    public Builder moxSource(MoxInstall.Source source) {
      this.moxSource = Objects.requireNonNull(source, "source == null");
      return this;
    }

    /** How to open the DNS provider. */
    public Builder dnsProviders(Function<Profile, DnsProvider> providers) {
      this.dnsProviders = Objects.requireNonNull(providers, "providers == null");
      return this;
    }

    /** Docker's apt repository (a mirror). */
    public Builder dockerRepository(String url) {
      this.dockerRepository = url;
      return this;
    }

    /** Caddy's data folder on the host (default: the {@code <profile>_caddy_data} volume). */
    public Builder caddyDataDir(String dir) {
      this.caddyDataDir = dir;
      return this;
    }

    /** Per-service health timeout (default 5 min). */
    public Builder healthTimeout(Duration d) {
      this.healthTimeout = d;
      return this;
    }

    /** Whether validation runs at the end (default yes). */
    public Builder validate(boolean v) {
      this.validate = v;
      return this;
    }

    /** Builds for a profile (the Caddy data folder defaults to the profile's compose volume). */
    public ProvisionOptions build(Profile profile) {
      String caddy = caddyDataDir != null ? caddyDataDir : "/var/lib/docker/volumes/" + profile.name() + "_caddy_data/_data/caddy";
      ValidationOptions v = validation != null ? validation : ValidationOptions.builder().caddyDataDir(caddy).build();
      return new ProvisionOptions(Optional.ofNullable(moxSource), Optional.ofNullable(dnsProviders), dockerRepository, caddy,
          healthTimeout, validate, v);
    }
  }
}
