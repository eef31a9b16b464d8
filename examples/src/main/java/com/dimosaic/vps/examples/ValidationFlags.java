package com.dimosaic.vps.examples;

import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.validation.ValidationOptions;
import java.net.URI;
import java.util.List;

/**
 * The validation flags shared by {@code provision} and {@code validate}, for hosts reached through
 * NAT, a tunnel or a port mapping: {@code --validation-address A} (where this machine connects for
 * certificate checks, and what the host's own HTTPS requests resolve site names to),
 * {@code --published 443=8443,993=8993} (host port = port reached from here), {@code --reach URL}
 * (the URL the host must reach; its host name must resolve), {@code --caddy-data DIR}.
 */
final class ValidationFlags {

  private ValidationFlags() {}

  static ValidationOptions options(Args a, Profile profile) {
    ValidationOptions.Builder v = ValidationOptions.builder();
    a.option("--validation-address").ifPresent(addr -> v.httpsAddress(addr).probeAddress(addr));
    a.option("--published").ifPresent(list -> {
      for (String pair : list.split(",")) {
        String[] p = pair.split("=", 2);
        try {
          v.publishedPort(Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip()));
        } catch (RuntimeException e) {
          throw new Args.UsageException("--published takes HOSTPORT=LOCALPORT[,...], e.g. 443=8443; got '" + pair + "'");
        }
      }
    });
    a.option("--reach").ifPresent(url -> {
      String host = URI.create(url).getHost();
      if (host == null) {
        throw new Args.UsageException("--reach takes a URL such as https://deb.debian.org/debian/; got '" + url + "'");
      }
      v.connectivityUrls(List.of(url)).resolveNames(List.of(host));
    });
    v.caddyDataDir(a.option("--caddy-data").orElse("/var/lib/docker/volumes/" + profile.name() + "_caddy_data/_data/caddy"));
    return v.build();
  }
}
