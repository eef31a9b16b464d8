package com.dimosaic.vps.rollout;

import com.dimosaic.vps.profile.Catalogue;
import com.dimosaic.vps.profile.Service;
import com.dimosaic.vps.profile.ServiceKind;
import java.util.Objects;

/**
 * How a changed service is put into service, as the deploy plan names it. The profile chooses per
 * service with {@code rollout.strategy} ({@link com.dimosaic.vps.profile.Rollout}).
 */
public enum Strategy {
  /**
   * A new container beside the old one; Caddy switches to it once it is healthy, the old one drains
   * and is removed. No request fails.
   */
  BLUE_GREEN("blue-green", "none: the old container serves until the new one is healthy, then drains"),
  /** The container is stopped and started again: requests fail until the new one answers. */
  RESTART("restart", "until the new container answers (stop-start)"),
  /** Caddy loads its new configuration gracefully: in-flight requests finish on the old one. */
  RELOAD("reload", "none: Caddy's graceful reload");

  private final String displayName;
  private final String interruption;

  Strategy(String displayName, String interruption) {
    this.displayName = displayName;
    this.interruption = interruption;
  }

  /** The name in plans and reports: {@code blue-green}, {@code restart}, {@code reload}. */
  public String displayName() {
    return displayName;
  }

  /** The interruption to expect, in words. */
  public String interruption() {
    return interruption;
  }

  /**
   * The strategy for replacing {@code service}'s containers: the profile's {@code rollout.strategy},
   * where {@code auto} means blue/green for a service that has a route through Caddy, whose kind can
   * run twice ({@link ServiceKind#runsTwice()}) and that publishes no host port, and restart for
   * every other (PostgreSQL, Redis, the relay, workers, Caddy itself).
   */
  public static Strategy of(Catalogue catalogue, Service service) {
    Objects.requireNonNull(service, "service == null");
    if (service.kind() == ServiceKind.CADDY) {
      return RESTART; // it holds the public ports; a Caddyfile change alone is a RELOAD
    }
    return switch (service.rollout().mode()) {
      case RESTART -> RESTART;
      case BLUE_GREEN -> BLUE_GREEN;
      case AUTO -> service.kind().runsTwice() && !service.publishLocal()
          && catalogue.routes().stream().anyMatch(r -> r.service().equals(service.name())) ? BLUE_GREEN : RESTART;
    };
  }

  /** The display name (a plan's JSON carries it as is). */
  @Override
  public String toString() {
    return displayName;
  }
}
