package com.dimosaic.vps.deploy;

import com.dimosaic.vps.dns.DnsProvider;
import com.dimosaic.vps.mox.MoxInstall;
import com.dimosaic.vps.plan.Confirmation;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.validation.ValidationOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a deploy runs.
 *
 * @param confirmation decides after the plan is shown (default: refuse — pass {@link Confirmation#yes()} or a prompt)
 * @param dryRun stop after the plan: nothing is backed up or changed, no lock is taken
 * @param who recorded in the lock, backups and the audit log (default {@code user@machine})
 * @param message what the deploy is for (lock and audit log)
 * @param lockWait how long to wait for another deploy's lock (default 0: fail at once, naming the holder)
 * @param healthTimeout how long each recreated service may take to become healthy
 * @param keepBackups how many rollback points to keep
 * @param moxSource the mox binary (only to update it; without one mox's configuration is still updated)
 * @param validate whether validation runs afterwards
 * @param validation what validation probes
 * @param dnsProviders opens the profile's DNS provider: the records the profile needs (a new route's A
 *     record) are planned with the deploy and created before Caddy serves the site; without one, DNS is not touched
 */
public record DeployOptions(Confirmation<? super DeployPlan> confirmation, boolean dryRun, String who, String message, Duration lockWait,
    Duration healthTimeout, int keepBackups, Optional<MoxInstall.Source> moxSource, boolean validate,
    ValidationOptions validation, Optional<Function<Profile, DnsProvider>> dnsProviders) {

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Options. */
  public static final class Builder {
    private Confirmation<? super DeployPlan> confirmation = Confirmation.no();
    private boolean dryRun;
    private String who = System.getProperty("user.name", "unknown") + "@" + hostName();
    private String message = "deploy";
    private Duration lockWait = Duration.ZERO;
    private Duration healthTimeout = Duration.ofMinutes(5);
    private int keepBackups = 10;
    private MoxInstall.Source moxSource;
    private boolean validate = true;
    private ValidationOptions validation = ValidationOptions.DEFAULT;
    private Function<Profile, DnsProvider> dnsProviders;

    private Builder() {}

    private static String hostName() {
      try {
        return java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        return "localhost";
      }
    }

    /** Who decides after the plan is shown. */
    public Builder confirmation(Confirmation<? super DeployPlan> c) {
      this.confirmation = Objects.requireNonNull(c, "confirmation == null");
      return this;
    }

    /** {@link Confirmation#yes()}. */
    public Builder yes() {
      return confirmation(Confirmation.yes());
    }

    /** Stop after the plan. */
    public Builder dryRun(boolean d) {
      this.dryRun = d;
      return this;
    }

    /** Who deploys. */
    public Builder who(String w) {
      this.who = Objects.requireNonNull(w, "who == null");
      return this;
    }

    /** What for. */
    public Builder message(String m) {
      this.message = Objects.requireNonNull(m, "message == null");
      return this;
    }

    /** How long to wait for the lock. */
    public Builder lockWait(Duration d) {
      this.lockWait = Objects.requireNonNull(d, "lockWait == null");
      return this;
    }

    /** Per-service health timeout. */
    public Builder healthTimeout(Duration d) {
      this.healthTimeout = Objects.requireNonNull(d, "healthTimeout == null");
      return this;
    }

    /** Rollback points to keep (at least 1). */
    public Builder keepBackups(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("keepBackups must be at least 1");
      }
      this.keepBackups = n;
      return this;
    }

    /** The mox binary to install (an update keeps the old one as mox.previous). */
    public Builder moxSource(MoxInstall.Source s) {
      this.moxSource = Objects.requireNonNull(s, "source == null");
      return this;
    }

    /** Whether to validate afterwards (default yes). */
    public Builder validate(boolean v) {
      this.validate = v;
      return this;
    }

    /** What validation probes. */
    public Builder validation(ValidationOptions o) {
      this.validation = Objects.requireNonNull(o, "validation == null");
      return this;
    }

    /** Opens the DNS provider for the profile (e.g. {@code p -> DnsProviders.open(p, Optional.empty(), Optional.empty())}). */
    public Builder dnsProviders(Function<Profile, DnsProvider> providers) {
      this.dnsProviders = Objects.requireNonNull(providers, "providers == null");
      return this;
    }

    /** Builds. */
    public DeployOptions build() {
      return new DeployOptions(confirmation, dryRun, who, message, lockWait, healthTimeout, keepBackups, Optional.ofNullable(moxSource),
          validate, validation, Optional.ofNullable(dnsProviders));
    }
  }
}
