package com.dimosaic.vps.profile;

import com.dimosaic.vps.secrets.SecretTemplate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One service of the catalogue.
 *
 * @param name service name
 * @param enabled whether it runs
 * @param kind what it is
 * @param image the image (after profile overrides), when not built
 * @param build how it is built, when built on the host
 * @param command the command, empty for the image's default
 * @param environment variables in file order; values may reference secrets
 * @param dependsOn start-order dependencies
 * @param healthcheck the health check, empty when it has none
 * @param networks networks it joins
 * @param volumes mounts
 * @param ports container ports it listens on (exposed to the stack's networks, never published)
 * @param replicas number of containers
 * @param limits resource limits
 * @param databases PostgreSQL databases it needs
 * @param publishLocal PostgreSQL only: publish 5432 on 127.0.0.1 of the host
 * @param user the container user, when set
 * @param rollout how its containers are replaced (blue/green or stop-start)
 */
public record Service(
    String name,
    boolean enabled,
    ServiceKind kind,
    Optional<String> image,
    Optional<Build> build,
    List<String> command,
    Map<String, SecretTemplate> environment,
    List<Dependency> dependsOn,
    Optional<Healthcheck> healthcheck,
    List<String> networks,
    List<VolumeMount> volumes,
    List<Integer> ports,
    int replicas,
    Limits limits,
    List<Database> databases,
    boolean publishLocal,
    Optional<String> user,
    Rollout rollout) {

  /** A builder (the catalogue binder makes services from {@code services.yaml}; defaults: enabled, one replica, no limits). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this service's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.enabled = enabled;
    b.kind = kind;
    b.image = image;
    b.build = build;
    b.command = command;
    b.environment = environment;
    b.dependsOn = dependsOn;
    b.healthcheck = healthcheck;
    b.networks = networks;
    b.volumes = volumes;
    b.ports = ports;
    b.replicas = replicas;
    b.limits = limits;
    b.databases = databases;
    b.publishLocal = publishLocal;
    b.user = user;
    b.rollout = rollout;
    return b;
  }

  /**
   * Builds a {@code Service} by name, so that adding a component later breaks no caller.
   */
  public static final class Builder {
    private String name;
    private boolean enabled = true;
    private ServiceKind kind;
    private Optional<String> image = Optional.empty();
    private Optional<Build> build = Optional.empty();
    private List<String> command = List.of();
    private Map<String, SecretTemplate> environment = Map.of();
    private List<Dependency> dependsOn = List.of();
    private Optional<Healthcheck> healthcheck = Optional.empty();
    private List<String> networks = List.of();
    private List<VolumeMount> volumes = List.of();
    private List<Integer> ports = List.of();
    private int replicas = 1;
    private Limits limits = Limits.NONE;
    private List<Database> databases = List.of();
    private boolean publishLocal;
    private Optional<String> user = Optional.empty();
    private Rollout rollout = Rollout.DEFAULT;

    private Builder() {}

    /** Sets {@code name}. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name == null");
      return this;
    }

    /** Sets {@code enabled}. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /** Sets {@code kind}. */
    public Builder kind(ServiceKind kind) {
      this.kind = Objects.requireNonNull(kind, "kind == null");
      return this;
    }

    /** Sets {@code image}. */
    public Builder image(Optional<String> image) {
      this.image = Objects.requireNonNull(image, "image == null");
      return this;
    }

    /** Sets {@code build} (named so as not to overload {@link #build()}). */
    public Builder builtFrom(Optional<Build> build) {
      this.build = Objects.requireNonNull(build, "build == null");
      return this;
    }

    /** Sets {@code command}. */
    public Builder command(List<String> command) {
      this.command = Objects.requireNonNull(command, "command == null");
      return this;
    }

    /** Sets {@code environment}. */
    public Builder environment(Map<String, SecretTemplate> environment) {
      this.environment = Objects.requireNonNull(environment, "environment == null");
      return this;
    }

    /** Sets {@code dependsOn}. */
    public Builder dependsOn(List<Dependency> dependsOn) {
      this.dependsOn = Objects.requireNonNull(dependsOn, "dependsOn == null");
      return this;
    }

    /** Sets {@code healthcheck}. */
    public Builder healthcheck(Optional<Healthcheck> healthcheck) {
      this.healthcheck = Objects.requireNonNull(healthcheck, "healthcheck == null");
      return this;
    }

    /** Sets {@code networks}. */
    public Builder networks(List<String> networks) {
      this.networks = Objects.requireNonNull(networks, "networks == null");
      return this;
    }

    /** Sets {@code volumes}. */
    public Builder volumes(List<VolumeMount> volumes) {
      this.volumes = Objects.requireNonNull(volumes, "volumes == null");
      return this;
    }

    /** Sets {@code ports}. */
    public Builder ports(List<Integer> ports) {
      this.ports = Objects.requireNonNull(ports, "ports == null");
      return this;
    }

    /** Sets {@code replicas}. */
    public Builder replicas(int replicas) {
      this.replicas = replicas;
      return this;
    }

    /** Sets {@code limits}. */
    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits == null");
      return this;
    }

    /** Sets {@code databases}. */
    public Builder databases(List<Database> databases) {
      this.databases = Objects.requireNonNull(databases, "databases == null");
      return this;
    }

    /** Sets {@code publishLocal}. */
    public Builder publishLocal(boolean publishLocal) {
      this.publishLocal = publishLocal;
      return this;
    }

    /** Sets {@code user}. */
    public Builder user(Optional<String> user) {
      this.user = Objects.requireNonNull(user, "user == null");
      return this;
    }

    /** Sets {@code rollout}. */
    public Builder rollout(Rollout rollout) {
      this.rollout = Objects.requireNonNull(rollout, "rollout == null");
      return this;
    }

    /** Builds; the required parts must be set. */
    public Service build() {
      Objects.requireNonNull(name, "name is required");
      Objects.requireNonNull(kind, "kind is required");
      return new Service(name, enabled, kind, image, build, command, environment, dependsOn, healthcheck, networks, volumes, ports, replicas, limits, databases, publishLocal, user, rollout);
    }
  }
}
