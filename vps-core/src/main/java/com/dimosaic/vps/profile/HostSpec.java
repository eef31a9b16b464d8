package com.dimosaic.vps.profile;

import java.util.Optional;

/**
 * The server.
 *
 * @param address IPv4 address, IPv6 address or host name the SDK connects to and that the A (or AAAA)
 *     records point at (a host name is resolved when DNS is planned)
 * @param ipv6 IPv6 address for AAAA records, when the host has one
 * @param ssh SSH settings
 */
public record HostSpec(String address, Optional<String> ipv6, SshSettings ssh) {
  /** Whether {@link #address} is an IPv4 address (else it is a host name). */
  public boolean addressIsIpv4() {
    return com.dimosaic.vps.profile.internal.Checks.ipv4(address);
  }

  /** Whether {@link #address} is an IPv6 address literal. */
  public boolean addressIsIpv6() {
    return com.dimosaic.vps.profile.internal.Checks.ipv6(address);
  }
}
