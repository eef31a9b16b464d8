package com.dimosaic.vps.dns;

/**
 * A record as a provider holds it.
 *
 * @param id the provider's id (needed to update or delete it)
 * @param record the record
 */
public record ExistingRecord(String id, DnsRecord record) {}
