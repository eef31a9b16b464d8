package com.dimosaic.vps.profile;

import java.util.Optional;

/**
 * The server.
 *
 * @param address IPv4 address or host name the SDK connects to and that A records point at
 * @param ipv6 IPv6 address for AAAA records, when the host has one
 * @param ssh SSH settings
 */
public record HostSpec(String address, Optional<String> ipv6, SshSettings ssh) {
  /** Whether {@link #address} is an IPv4 address (else it is a host name). */
  public boolean addressIsIpv4() {
    return com.dimosaic.vps.profile.internal.Checks.ipv4(address);
  }
}
