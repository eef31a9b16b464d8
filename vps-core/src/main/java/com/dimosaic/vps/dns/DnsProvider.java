package com.dimosaic.vps.dns;

import java.util.List;

/**
 * A DNS provider: reads a zone's records and applies planned changes. Implementations: the
 * embedded {@link FileDnsProvider}, Netcup in {@code vps-netcup}. Implementations must be safe for
 * concurrent use.
 */
public interface DnsProvider {
  /** A short name such as {@code netcup}. */
  String name();

  /**
   * The records of a zone (the apex NS/SOA may be absent; they are never managed).
   *
   * @throws DnsException when the provider fails
   */
  List<ExistingRecord> records(String zone);

  /**
   * Applies changes to a zone, all of them in one call where the provider allows.
   *
   * @throws DnsException when the provider refuses or fails
   */
  void apply(String zone, List<RecordChange> changes);

  /**
   * The TTL resolvers cache the zone's records for, when the provider knows it (Netcup's is zone-wide).
   *
   * @throws DnsException when the provider fails
   */
  default java.util.Optional<java.time.Duration> ttl(String zone) {
    return java.util.Optional.empty();
  }

  /**
   * Whether the zone is DNSSEC-signed, when the provider says (DANE needs it).
   *
   * @throws DnsException when the provider fails
   */
  default java.util.Optional<Boolean> dnssec(String zone) {
    return java.util.Optional.empty();
  }
}
