package com.dimosaic.vps.app;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one delivery of a container service runs ({@link ContainerApps#redeploy}, {@link ContainerApps#buildOnHost}).
 *
 * @param image redeploy: the image to run instead of the configured one (pinned in docker-compose.override.yml);
 *     empty to pull the configured reference again (a moving tag such as {@code :main})
 * @param login redeploy: credentials for a private registry (the token goes over stdin and is not left on the host)
 * @param ref build on host: the branch, tag or commit to build (default: the profile's {@code build.ref})
 * @param who recorded in the lock and the audit log
 * @param healthTimeout how long the new container may take to become healthy
 * @param lockWait how long to wait for another deploy's lock
 * @param drain a blue/green switch: how long the old container may finish its requests, instead of the
 *     service's {@code rollout.drain}
 */
public record DeliveryOptions(Optional<String> image, Optional<RegistryLogin> login, Optional<String> ref, String who,
    Duration healthTimeout, Duration lockWait, Optional<Duration> drain) {

  /** Defaults: the configured image or ref, no login, 5 min health timeout, 60 s lock wait. */
  public static DeliveryOptions defaults() {
    return builder().build();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Options. */
  public static final class Builder {
    private String image;
    private RegistryLogin login;
    private String ref;
    private String who = System.getProperty("user.name", "unknown");
    private Duration healthTimeout = Duration.ofMinutes(5);
    private Duration lockWait = Duration.ofSeconds(60);
    private Duration drain;

    private Builder() {}

    /** Redeploy to this image reference (e.g. {@code ghcr.io/acme/api:1.4.2}). */
    public Builder image(String i) {
      this.image = Objects.requireNonNull(i, "image == null");
      return this;
    }

    /** Log in to a private registry for the pull. */
    public Builder login(RegistryLogin l) {
      this.login = Objects.requireNonNull(l, "login == null");
      return this;
    }

    /** Build this branch, tag or commit. */
    public Builder ref(String r) {
      this.ref = Objects.requireNonNull(r, "ref == null");
      return this;
    }

    /** Who delivers. */
    public Builder who(String w) {
      this.who = Objects.requireNonNull(w, "who == null");
      return this;
    }

    /** How long the new container may take to become healthy. */
    public Builder healthTimeout(Duration d) {
      this.healthTimeout = Objects.requireNonNull(d, "healthTimeout == null");
      return this;
    }

    /** How long to wait for the deploy lock. */
    public Builder lockWait(Duration d) {
      this.lockWait = Objects.requireNonNull(d, "lockWait == null");
      return this;
    }

    /** A blue/green switch: how long the old container may finish its requests (default: the service's {@code rollout.drain}). */
    public Builder drain(Duration d) {
      if (Objects.requireNonNull(d, "drain == null").isNegative()) {
        throw new IllegalArgumentException("drain < 0");
      }
      this.drain = d;
      return this;
    }

    /** Builds. */
    public DeliveryOptions build() {
      return new DeliveryOptions(Optional.ofNullable(image), Optional.ofNullable(login), Optional.ofNullable(ref), who, healthTimeout,
          lockWait, Optional.ofNullable(drain));
    }
  }
}
