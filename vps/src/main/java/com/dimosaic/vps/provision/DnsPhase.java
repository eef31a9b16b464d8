package com.dimosaic.vps.provision;

import com.dimosaic.vps.core.HostLayout;
import com.dimosaic.vps.dns.DkimSource;
import com.dimosaic.vps.dns.DnsProvider;
import com.dimosaic.vps.dns.DnsSync;
import com.dimosaic.vps.dns.TlsaSource;
import com.dimosaic.vps.dns.ZonePlan;
import com.dimosaic.vps.mox.MoxDkim;
import com.dimosaic.vps.mox.MoxInstall;
import com.dimosaic.vps.mox.MoxTlsa;
import com.dimosaic.vps.phase.Phase;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Profile;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phase 6.5: DNS records through the profile's provider (skipped when none is configured). While
 * mox still serves the installer's placeholder certificate, the {@code _mta-sts} record is held
 * back: senders that find it enforce the policy and would refuse the self-signed certificate.
 * Phase 9 publishes it once Caddy's certificate is synced.
 */
public final class DnsPhase extends NumberedPhase {
  private static final Logger log = LoggerFactory.getLogger(DnsPhase.class);
  private final Optional<Function<Profile, DnsProvider>> providers;

  /** The phase with its settings. */
  public DnsPhase(Optional<Function<Profile, DnsProvider>> providers) {
    super("dns", "6.5");
    this.providers = Objects.requireNonNull(providers, "providers == null");
  }

  @Override
  protected void run(Phase.Context ctx, List<StepResult> out) {
    if (ctx.profile().dns().provider().equals("none") || providers.isEmpty()) {
      throw new Skip("no DNS provider configured");
    }
    DnsSync.Options options = DnsSync.Options.DEFAULT;
    Profile p = ctx.profile();
    if (p.mail().enabled() && !p.mail().mtaStsMode().equals("none") && MoxInstall.servesPlaceholder(ctx.host(), HostLayout.MOX_HOME)) {
      options = options.hold("_mta-sts." + p.domains().primary(), "until mox serves the certificate synced from Caddy (phase 9)");
    }
    DnsPhase.sync(ctx, providers.get(), options, out);
  }

  /** Plans and applies the profile's records, reporting each zone and what was held back. */
  static void sync(Phase.Context ctx, Function<Profile, DnsProvider> providers, DnsSync.Options options, List<StepResult> out) {
    DnsProvider provider = providers.apply(ctx.profile());
    try {
      DkimSource dkim = MoxDkim.forProfile(ctx.host(), ctx.profile());
      TlsaSource tlsa = MoxTlsa.forProfile(ctx.host(), ctx.profile());
      List<ZonePlan> plans = DnsSync.plan(ctx.profile(), provider, dkim, tlsa, options);
      int sent = DnsSync.apply(provider, plans, options);
      MoxTlsa.afterPublish(ctx.host(), HostLayout.MOX_HOME + "/certs", ctx.profile(), provider, tlsa).ifPresent(out::add);
      for (ZonePlan z : plans) {
        out.add(z.isEmpty() ? StepResult.unchanged("zone " + z.zone()) : StepResult.changed("zone " + z.zone(),
            z.changes().size() + " change(s)"));
      }
      options.held().forEach((name, why) -> out.add(StepResult.unchanged(name + " held back " + why)));
      if (sent > 0) {
        out.add(StepResult.changed("DNS sent", sent + " change(s); propagation is checked by validation"));
      }
    } finally {
      if (provider instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          log.debug("closing the DNS provider failed", e);
        }
      }
    }
  }}
