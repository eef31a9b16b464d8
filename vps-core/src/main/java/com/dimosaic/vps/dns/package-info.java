/**
 * Provider-agnostic DNS: the records a profile needs ({@link com.dimosaic.vps.dns.DesiredRecords}),
 * ownership-aware planning ({@link com.dimosaic.vps.dns.DnsPlanner}), the
 * {@link com.dimosaic.vps.dns.DnsProvider} seam and the embedded file-backed provider.
 */
package com.dimosaic.vps.dns;
