package com.dimosaic.vps.profile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The hosts of a fleet: {@code hosts.yaml} beside {@code profile.yaml}, each host with its roles,
 * tags and overrides of the profile's {@code host} and {@code resources}. A profile without the file
 * has the {@link #EMPTY} inventory and is a fleet of one (its own {@code host}).
 *
 * <pre>
 * hosts:
 *   - name: web-1
 *     address: 203.0.113.51
 *     private: 10.0.0.1          # where the other hosts reach it (Swarm), optional
 *     roles: [web, manager]
 *   - name: web-2
 *     address: 203.0.113.52
 *     ssh: {port: 2222}
 *     roles: [web]
 *     tags: [eu-central]
 *   - name: mail-1
 *     address: 203.0.113.60
 *     roles: [mail, db]
 *     resources: {minDiskGb: 40}
 * </pre>
 *
 * @param hosts the hosts, in file order
 */
public record Inventory(List<FleetHost> hosts) {
  /** No inventory: the profile's own host is the only one. */
  public static final Inventory EMPTY = new Inventory(List.of());

  /** The file name, beside {@code profile.yaml}. */
  public static final String FILE = "hosts.yaml";

  /** Copies the list. */
  public Inventory {
    hosts = List.copyOf(hosts);
  }

  /** Whether there is no inventory file. */
  public boolean isEmpty() {
    return hosts.isEmpty();
  }

  /** The host with this name. */
  public Optional<FleetHost> host(String name) {
    return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
  }

  /** The hosts with this role or tag, in file order. */
  public List<FleetHost> withRole(String roleOrTag) {
    return hosts.stream().filter(h -> h.has(roleOrTag)).toList();
  }

  /** The names of the hosts, in file order. */
  public List<String> names() {
    return hosts.stream().map(FleetHost::name).toList();
  }

  /**
   * The hosts a command names: {@code all}, or those in {@code names}, or those with one of
   * {@code roles} (roles and names together: both), in file order, each once.
   *
   * @throws IllegalArgumentException when a name is not in the inventory or a role has no host (with
   *     the names and roles there are), or when nothing is selected
   */
  public List<FleetHost> select(boolean all, List<String> names, List<String> roles) {
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("the profile has no " + FILE + " (no fleet): name its hosts there");
    }
    for (String n : names) {
      if (host(n).isEmpty()) {
        throw new IllegalArgumentException("no host '" + n + "' in " + FILE + com.dimosaic.vps.core.Suggest.hint(n, names())
            + " (hosts: " + String.join(", ", names()) + ")");
      }
    }
    for (String r : roles) {
      if (withRole(r).isEmpty()) {
        Set<String> known = new LinkedHashSet<>();
        hosts.forEach(h -> {
          known.addAll(h.roles());
          known.addAll(h.tags());
        });
        throw new IllegalArgumentException("no host in " + FILE + " has role or tag '" + r + "'" + com.dimosaic.vps.core.Suggest.hint(r, known)
            + " (roles and tags: " + String.join(", ", known) + ")");
      }
    }
    if (!all && names.isEmpty() && roles.isEmpty()) {
      throw new IllegalArgumentException("no hosts selected: name them, give a role, or select all");
    }
    List<FleetHost> out = new ArrayList<>();
    for (FleetHost h : hosts) {
      boolean byName = names.isEmpty() || names.contains(h.name());
      boolean byRole = roles.isEmpty() || roles.stream().anyMatch(h::has);
      if (all || (byName && byRole)) {
        out.add(h);
      }
    }
    return out;
  }

  /**
   * The Swarm managers: the hosts with role {@code manager}, else the first host. The first of them
   * initialises the swarm.
   */
  public List<FleetHost> managers() {
    List<FleetHost> m = withRole("manager");
    return m.isEmpty() && !hosts.isEmpty() ? List.of(hosts.get(0)) : m;
  }
}
