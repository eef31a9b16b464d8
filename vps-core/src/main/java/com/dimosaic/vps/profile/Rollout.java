package com.dimosaic.vps.profile;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a service's containers are replaced when its image or configuration changes
 * ({@code rollout:} in {@code services.yaml}).
 *
 * @param mode {@link Mode#AUTO} (the default: blue/green where the service can take it), or a fixed choice
 * @param healthPath an HTTP path checked on each of the new container's route ports before it takes
 *     traffic (Kamal's {@code /up}); empty to rely on the compose health check alone
 * @param drain how long the old container may finish its in-flight requests after the switch (ended
 *     early once it has no open connection); Kamal's default, 30 s, when not set
 */
public record Rollout(Mode mode, Optional<String> healthPath, Duration drain) {
  /** No {@code rollout:} key: automatic, no HTTP path, 30 s drain. */
  public static final Rollout DEFAULT = new Rollout(Mode.AUTO, Optional.empty(), Duration.ofSeconds(30));

  /** Checks the parts. */
  public Rollout {
    Objects.requireNonNull(mode, "mode == null");
    Objects.requireNonNull(healthPath, "healthPath == null");
    Objects.requireNonNull(drain, "drain == null");
    if (drain.isNegative()) {
      throw new IllegalArgumentException("drain < 0");
    }
  }

  /** The strategy a service's profile asks for. */
  public enum Mode {
    /**
     * Blue/green for a service with a route whose kind can run twice ({@link ServiceKind#runsTwice()}),
     * stop-start for every other.
     */
    AUTO("auto"),
    /** Always blue/green (the profile check refuses it where it cannot work). */
    BLUE_GREEN("blue-green"),
    /** Always stop-start, e.g. for an application that must never run twice. */
    RESTART("restart");

    private final String yamlName;

    Mode(String yamlName) {
      this.yamlName = yamlName;
    }

    /** The name used in {@code services.yaml}. */
    public String yamlName() {
      return yamlName;
    }
  }
}
