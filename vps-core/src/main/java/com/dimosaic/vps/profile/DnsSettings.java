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
 */
public record DnsSettings(
    String provider,
    List<String> zones,
    List<String> resolvers,
    Duration propagationWait,
    List<String> ignore,
    Path zoneFile,
    Map<String, SecretTemplate> credentials,
    Optional<String> endpoint) {}
