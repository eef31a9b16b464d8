package com.dimosaic.vps.validation;

import java.util.List;
import java.util.Optional;

/**
 * What the generated checks probe. Connectivity and resolution targets are configurable so that
 * tests point them only at the Debian package mirror or loopback.
 *
 * @param resolveNames names the host must resolve
 * @param connectivityUrls URLs the host must reach
 * @param httpsAddress where endpoint and certificate checks connect (default: the profile's host address)
 * @param httpsPort the HTTPS port (default 443)
 * @param caddyDataDir Caddy's data folder on the host, for the mox-certificate comparison (default: the compose
 *     project's volume, {@code /var/lib/docker/volumes/<profile>_caddy_data/_data/caddy})
 * @param moxHome mox's home folder
 */
public record ValidationOptions(List<String> resolveNames, List<String> connectivityUrls, Optional<String> httpsAddress, int httpsPort,
    Optional<String> caddyDataDir, String moxHome) {
  /** The defaults. */
  public static final ValidationOptions DEFAULT = new ValidationOptions(List.of("deb.debian.org"),
      List.of("https://deb.debian.org/debian/"), Optional.empty(), 443, Optional.empty(), "/home/mox");
}
