/**
 * Netcup's CCP DNS API: {@link com.dimosaic.vps.netcup.NetcupDns} sessions (login, infoDnsZone, infoDnsRecords,
 * updateDnsRecords, updateDnsZone, logout) and {@link com.dimosaic.vps.netcup.NetcupDnsProvider}, the
 * {@code DnsProvider}. Errors arrive as HTTP 200 with {@code status: "error"}: every answer's status code is checked.
 */
package com.dimosaic.vps.netcup;
