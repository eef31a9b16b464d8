package com.dimosaic.vps;

import com.dimosaic.vps.dns.DnsException;
import com.dimosaic.vps.dns.DnsProvider;
import com.dimosaic.vps.dns.ExistingRecord;
import com.dimosaic.vps.dns.FileDnsProvider;
import com.dimosaic.vps.dns.RecordChange;
import com.dimosaic.vps.netcup.NetcupCredentials;
import com.dimosaic.vps.netcup.NetcupDns;
import com.dimosaic.vps.netcup.NetcupDnsProvider;
import com.dimosaic.vps.profile.Profile;
import java.util.List;
import java.util.Optional;

/** Opens the DNS provider a profile names (or an override), as an {@link AutoCloseable} provider. */
public final class DnsProviders {
  private DnsProviders() {}

  /** A provider that must be closed (Netcup logs out). */
  public interface Closeable extends DnsProvider, AutoCloseable {
    @Override
    void close();
  }

  /**
   * Opens a provider.
   *
   * @param provider {@code netcup}, {@code file}, or empty for the profile's choice
   * @param endpoint an API endpoint override (a local fake, a proxy), else the profile's {@code dns.endpoint}
   * @throws DnsException when the profile configures no provider
   */
  public static Closeable open(Profile profile, Optional<String> provider, Optional<String> endpoint) {
    String name = provider.orElse(profile.dns().provider());
    switch (name) {
      case "file" -> {
        FileDnsProvider f = new FileDnsProvider(profile.dns().zoneFile());
        return wrap(f, () -> { });
      }
      case "netcup" -> {
        NetcupDns.Builder b = NetcupDns.builder();
        endpoint.or(() -> profile.dns().endpoint()).ifPresent(b::endpoint);
        NetcupDnsProvider n = new NetcupDnsProvider(b.build().newSession(NetcupCredentials.fromProfile(profile)));
        return wrap(n, n::close);
      }
      default -> throw new DnsException(DnsException.Reason.CONFLICT, "profile " + profile.name() + " configures no DNS provider (dns.provider: " + name + ")");
    }
  }

  private static Closeable wrap(DnsProvider p, Runnable onClose) {
    return new Closeable() {
      @Override
      public String name() {
        return p.name();
      }

      @Override
      public List<ExistingRecord> records(String zone) {
        return p.records(zone);
      }

      @Override
      public void apply(String zone, List<RecordChange> changes) {
        p.apply(zone, changes);
      }

      @Override
      public Optional<java.time.Duration> ttl(String zone) {
        return p.ttl(zone);
      }

      @Override
      public Optional<Boolean> dnssec(String zone) {
        return p.dnssec(zone);
      }

      @Override
      public void close() {
        onClose.run();
      }
    };
  }
}
