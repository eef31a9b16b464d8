package com.dimosaic.vps.profile;

import java.util.List;
import java.util.Objects;

/**
 * One host of a fleet, as {@code hosts.yaml} names it.
 *
 * @param name the host's name in the inventory (unique; what {@code --hosts} selects and reports show)
 * @param host where the host is and how to reach it over SSH (the profile's {@code host} with this
 *     host's overrides)
 * @param privateAddress the address the fleet's hosts reach this one on (a private network between VPSs), when it has one:
 *     Swarm's advertise address and the source of its firewall rules; else {@code host.address}
 * @param roles what the host does: {@code web} (serves the profile's names: its address is in their A
 *     records), {@code mail} (the mail host's A records), {@code db}, {@code worker}, {@code manager}
 *     (a Swarm manager) or any other word the user chooses
 * @param tags free-form labels, selectable like roles
 * @param resources the pre-flight thresholds for this host (the profile's, with this host's overrides)
 */
public record FleetHost(String name, HostSpec host, java.util.Optional<String> privateAddress, List<String> roles, List<String> tags,
    Resources resources) {
  /** The roles the SDK gives a meaning to. */
  public static final List<String> KNOWN_ROLES = List.of("web", "mail", "db", "worker", "manager");

  /** Copies the lists. */
  public FleetHost {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(host, "host == null");
    Objects.requireNonNull(privateAddress, "privateAddress == null");
    roles = List.copyOf(roles);
    tags = List.copyOf(tags);
    Objects.requireNonNull(resources, "resources == null");
  }

  /** Where the other hosts of the fleet reach this one: {@link #privateAddress}, else {@code host.address}. */
  public String fleetAddress() {
    return privateAddress.orElse(host.address());
  }

  /** Whether the host has {@code roleOrTag} among its roles or its tags. */
  public boolean has(String roleOrTag) {
    return roles.contains(roleOrTag) || tags.contains(roleOrTag);
  }

  /** {@code name (address:port)}. */
  @Override
  public String toString() {
    return name + " (" + host.address() + ":" + host.ssh().port() + ")";
  }
}
