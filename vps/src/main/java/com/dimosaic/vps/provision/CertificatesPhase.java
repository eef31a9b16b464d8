package com.dimosaic.vps.provision;

import com.dimosaic.vps.dns.DnsProvider;
import com.dimosaic.vps.dns.DnsSync;
import com.dimosaic.vps.mox.CertSync;
import com.dimosaic.vps.phase.Phase;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.remote.Command;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Phase 9: the mail host's certificate from Caddy to mox, and the cron job that keeps it so. Caddy
 * obtains certificates after it starts (from an ACME CA, or its internal one), so the phase first
 * waits up to {@code timeout} for the certificate to appear. Then, with a DNS provider, the records
 * phase 6.5 held back for want of a real certificate ({@code _mta-sts}) are published.
 */
public final class CertificatesPhase extends NumberedPhase {
  private final String caddyDataDir;
  private final Duration timeout;
  private final Optional<Function<Profile, DnsProvider>> providers;

  /** The phase with its settings. */
  public CertificatesPhase(String caddyDataDir, Duration timeout, Optional<Function<Profile, DnsProvider>> providers) {
    super("certificates", "9");
    this.caddyDataDir = Objects.requireNonNull(caddyDataDir, "caddyDataDir == null");
    this.timeout = Objects.requireNonNull(timeout, "timeout == null");
    this.providers = Objects.requireNonNull(providers, "providers == null");
  }

  @Override
  protected void run(Phase.Context ctx, List<StepResult> out) {
    if (ctx.profile().engine() == com.dimosaic.vps.profile.Engine.SWARM) {
      throw new Skip("engine: swarm: Caddy runs as a Swarm service; its certificates are not synced to mox here");
    }
    if (!ctx.profile().mail().enabled()) {
      throw new Skip("mail is disabled in the profile");
    }
    String mail = ctx.profile().domains().mailFqdn();
    Command present = Command.of("sh", "-c", "find \"$1/certificates\" -type f -path \"*/$2/$2.crt\" 2>/dev/null | grep -q .", "sh",
        caddyDataDir, mail);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ctx.host().run(present).ok()) {
      if (System.nanoTime() > deadline) {
        throw new ProvisionException(ProvisionException.Reason.PHASE_FAILED, "certificates", "Caddy has no certificate for " + mail + " under " + caddyDataDir
            + "/certificates after " + timeout.toSeconds() + " s; see docker compose logs caddy");
      }
      if (!sleep(2000)) {
        throw new ProvisionException(ProvisionException.Reason.PHASE_FAILED, "certificates", "interrupted while waiting for Caddy's certificate");
      }
    }
    CertSync sync = CertSync.builder(mail).caddyDataDir(caddyDataDir).dane(ctx.profile().mail().dane()).build();
    out.addAll(sync.install(ctx.host()));
    out.add(sync.run(ctx.host()));
    if (providers.isPresent() && !ctx.profile().dns().provider().equals("none")) {
      DnsPhase.sync(ctx, providers.get(), DnsSync.Options.DEFAULT, out);
    }
  }
}
