package com.dimosaic.vps.profile;

/** How the stack runs: {@code engine:} in profile.yaml. */
public enum Engine {
  /** One host runs the stack with Docker Compose (the default). */
  COMPOSE,
  /**
   * The fleet's hosts ({@code hosts.yaml}) form a Docker Swarm and the stack is deployed with
   * {@code docker stack deploy}: replicas spread over the hosts, failed nodes' tasks rescheduled.
   */
  SWARM;

  /** {@code compose} or {@code swarm}. */
  public String yamlName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
