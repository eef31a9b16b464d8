package com.dimosaic.vps.profile;

import java.util.List;

/**
 * A public route through Caddy: a host name (and optionally paths) to a service's container port.
 *
 * @param host a label ({@code auth}), {@code @} for the primary domain, or a full name ending with a dot
 * @param paths path patterns such as {@code /ws/*}; empty for everything else on the host
 * @param service the target service
 * @param port the target container port
 * @param protocol {@code http} or {@code h2c}
 */
public record Route(String host, List<String> paths, String service, int port, String protocol) {
  /** Copies the paths. */
  public Route {
    paths = List.copyOf(paths);
  }
}
