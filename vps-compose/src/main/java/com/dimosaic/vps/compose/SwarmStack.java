package com.dimosaic.vps.compose;

import java.util.List;

/**
 * A profile rendered for Docker Swarm: the stack file and the configs and secrets it names (created in
 * the swarm before {@code docker stack deploy}, never written to the host's disk).
 *
 * @param name the stack's name (the profile's)
 * @param stackFile the stack file ({@code docker stack deploy -c})
 * @param configs the configs (Caddyfile, PostgreSQL's configuration, init scripts)
 * @param secrets the secrets (each a variable the services read from {@code /run/secrets/<VAR>} through {@code <VAR>_FILE})
 * @param builds the services built on the first manager, pushed to its {@code 127.0.0.1:5000} registry before the deploy
 */
public record SwarmStack(String name, String stackFile, List<SwarmObject> configs, List<SwarmObject> secrets, List<SwarmBuild> builds) {
  /** Copies the lists. */
  public SwarmStack {
    configs = List.copyOf(configs);
    secrets = List.copyOf(secrets);
    builds = List.copyOf(builds);
  }

  /** Every config and secret name, for pruning what the stack no longer uses. */
  public List<String> objectNames() {
    return java.util.stream.Stream.concat(configs.stream(), secrets.stream()).map(SwarmObject::name).toList();
  }
}
