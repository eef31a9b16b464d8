package com.dimosaic.vps.profile;

import java.util.List;
import java.util.Objects;

/**
 * One host of a fleet, as {@code hosts.yaml} names it.
 *
 * @param name the host's name in the inventory (unique; what {@code --hosts} selects and reports show)
 * @param host where the host is and how to reach it over SSH (the profile's {@code host} with this
 *     host's overrides)
 * @param roles what the host does: {@code web} (serves the profile's names: its address is in their A
 *     records), {@code mail} (the mail host's A records), {@code db}, {@code worker}, {@code manager}
 *     (a Swarm manager) or any other word the user chooses
 * @param tags free-form labels, selectable like roles
 * @param resources the pre-flight thresholds for this host (the profile's, with this host's overrides)
 */
public record FleetHost(String name, HostSpec host, List<String> roles, List<String> tags, Resources resources) {
  /** The roles the SDK gives a meaning to. */
  public static final List<String> KNOWN_ROLES = List.of("web", "mail", "db", "worker", "manager");

  /** Copies the lists. */
  public FleetHost {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(host, "host == null");
    roles = List.copyOf(roles);
    tags = List.copyOf(tags);
    Objects.requireNonNull(resources, "resources == null");
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
