package com.dimosaic.vps.profile;

import com.dimosaic.vps.secrets.SecretTemplate;
import java.util.List;
import java.util.Map;
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
    Optional<String> user) {}
