package com.dimosaic.vps.profile;

import com.dimosaic.vps.secrets.SecretTemplate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DNS management.
 *
 * @param provider {@code netcup}, {@code file} (the embedded file-backed zone store) or {@code none}
 * @param zones the zones managed, default the primary domain
 * @param resolvers resolvers the propagation check asks, {@code host} or {@code host:port}
 * @param propagationWait how long to wait for propagation
 * @param ignore name patterns never touched ({@code *} wildcard), default {@code _acme-challenge*}
 * @param zoneFile the file of the file provider (relative to the profile folder)
 * @param credentials provider credentials as secret templates, e.g. {@code apiPassword}
 * @param endpoint provider API endpoint override (a fake server, a proxy)
 * @param keep records ({@code <name pattern> <TYPE>}, e.g. {@code @ AAAA}) the plan never deletes,
 *     even where the profile owns the slot (a stale AAAA kept on purpose)
 * @param caa certificate authorities allowed to issue for the zone ({@code CAA 0 issue "<value>"} at
 *     the primary domain); empty: CAA records are not managed
 * @param nameservers the zone's authoritative servers ({@code host} or {@code host:port}) the
 *     propagation check asks first; empty: found through the parent zone
 */
public record DnsSettings(
    String provider,
    List<String> zones,
    List<String> resolvers,
    Duration propagationWait,
    List<String> ignore,
    Path zoneFile,
    Map<String, SecretTemplate> credentials,
    Optional<String> endpoint,
    List<String> keep,
    List<String> caa,
    List<String> nameservers) {
  /** Copies the lists. */
  public DnsSettings {
    zones = List.copyOf(zones);
    resolvers = List.copyOf(resolvers);
    ignore = List.copyOf(ignore);
    credentials = Map.copyOf(credentials);
    keep = List.copyOf(keep);
    caa = List.copyOf(caa);
    nameservers = List.copyOf(nameservers);
  }

  /** Settings without kept records, CAA or configured name servers. */
  public DnsSettings(String provider, List<String> zones, List<String> resolvers, Duration propagationWait, List<String> ignore,
      Path zoneFile, Map<String, SecretTemplate> credentials, Optional<String> endpoint) {
    this(provider, zones, resolvers, propagationWait, ignore, zoneFile, credentials, endpoint, List.of(), List.of(), List.of());
  }
}
