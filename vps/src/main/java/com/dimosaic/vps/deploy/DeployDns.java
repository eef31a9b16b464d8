package com.dimosaic.vps.deploy;

import com.dimosaic.vps.core.HostLayout;
import com.dimosaic.vps.dns.DkimSource;
import com.dimosaic.vps.dns.DnsProvider;
import com.dimosaic.vps.dns.DnsSync;
import com.dimosaic.vps.dns.TlsaSource;
import com.dimosaic.vps.dns.ZonePlan;
import com.dimosaic.vps.mox.MoxDkim;
import com.dimosaic.vps.mox.MoxTlsa;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.remote.RemoteHost;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS part of a deploy: the records the new profile needs (a new route's or site's A record,
 * mail records) planned against the profile's provider with the rest of the plan, and sent before
 * Caddy serves the new sites. Records the profile does not manage are left alone; nothing is purged.
 */
final class DeployDns implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeployDns.class);

  private final Optional<DnsProvider> provider;
  private final List<ZonePlan> plans;
  private final RemoteHost host;
  private final Profile profile;
  private final TlsaSource tlsa;

  private DeployDns(Optional<DnsProvider> provider, List<ZonePlan> plans, RemoteHost host, Profile profile, TlsaSource tlsa) {
    this.provider = provider;
    this.plans = plans;
    this.host = host;
    this.profile = profile;
    this.tlsa = tlsa;
  }

  /** Plans the profile's records; without a provider (none given, or {@code dns.provider: none}) the plan is empty. */
  static DeployDns plan(RemoteHost host, Profile profile, Optional<Function<Profile, DnsProvider>> providers, boolean root) {
    if (providers.isEmpty() || profile.dns().provider().equals("none")) {
      return new DeployDns(Optional.empty(), List.of(), host, profile, TlsaSource.NONE);
    }
    DnsProvider p = providers.get().apply(profile);
    try {
      // mox's DKIM keys are readable by root only; an app session plans without them (existing DKIM records stay as they are)
      DkimSource dkim = root ? MoxDkim.forProfile(host, profile) : DkimSource.NONE;
      TlsaSource tlsa = root ? MoxTlsa.forProfile(host, profile) : TlsaSource.NONE;
      return new DeployDns(Optional.of(p), DnsSync.plan(profile, p, dkim, tlsa, DnsSync.Options.DEFAULT), host, profile, tlsa);
    } catch (RuntimeException e) {
      close(p);
      throw e;
    }
  }

  List<ZonePlan> plans() {
    return plans;
  }

  String providerName() {
    return provider.map(DnsProvider::name).orElse("none");
  }

  /** Sends the planned changes; returns how many were sent. */
  int apply() {
    return provider.map(p -> {
      int sent = DnsSync.apply(p, plans, DnsSync.Options.DEFAULT);
      MoxTlsa.afterPublish(host, HostLayout.MOX_CERTS, profile, p, tlsa);
      return sent;
    }).orElse(0);
  }

  @Override
  public void close() {
    provider.ifPresent(DeployDns::close);
  }

  private static void close(DnsProvider p) {
    if (p instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        log.debug("closing the DNS provider: {}", e.toString());
      }
    }
  }
}
