package com.dimosaic.vps.netcup;

/**
 * A zone's settings. The TTL applies to every record of the zone (Netcup has no per-record TTL).
 *
 * @param name the zone
 * @param ttl zone-wide TTL in seconds
 * @param serial SOA serial (read-only)
 * @param refresh SOA refresh
 * @param retry SOA retry
 * @param expire SOA expire
 * @param dnssec whether DNSSEC is on
 */
public record NetcupZone(String name, int ttl, long serial, int refresh, int retry, int expire, boolean dnssec) {}
