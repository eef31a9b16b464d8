package com.dimosaic.vps.dns;

import java.util.List;

/** Supplies the DKIM records of a mail domain (from mox on the host). */
@FunctionalInterface
public interface DkimSource {
  /** No DKIM records known yet (mox not installed). */
  DkimSource NONE = domain -> List.of();

  /** DKIM TXT records for {@code domain}, names relative to the domain (e.g. {@code 2024a._domainkey}). */
  List<DnsRecord> dkimRecords(String domain);
}
