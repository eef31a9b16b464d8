package com.dimosaic.vps.profile;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The service catalogue ({@code services.yaml}): services, networks, routes and static sites.
 *
 * @param services every service, enabled or not, in file order
 * @param networks networks in file order
 * @param routes routes of enabled services
 * @param sites static sites
 * @param defaults per-service defaults
 */
public record Catalogue(
    Map<String, Service> services, Map<String, Network> networks, List<Route> routes, List<StaticSite> sites,
    Defaults defaults) {
  /** Copies the collections, keeping order. */
  public Catalogue {
    services = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(services));
    networks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(networks));
    routes = List.copyOf(routes);
    sites = List.copyOf(sites);
  }

  /** Enabled services, in dependency order (dependencies first; ties in file order). */
  public List<Service> enabledInDependencyOrder() {
    List<Service> out = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    for (Service s : services.values()) {
      if (s.enabled()) {
        visit(s, done, out, new ArrayDeque<>());
      }
    }
    return out;
  }

  private void visit(Service s, Set<String> done, List<Service> out, Deque<String> stack) {
    if (done.contains(s.name()) || stack.contains(s.name())) {
      return; // cycles are rejected by the loader
    }
    stack.push(s.name());
    for (Dependency d : s.dependsOn()) {
      Service dep = services.get(d.service());
      if (dep != null && dep.enabled()) {
        visit(dep, done, out, stack);
      }
    }
    stack.pop();
    done.add(s.name());
    out.add(s);
  }

  /** The first enabled service of a kind. */
  public Optional<Service> firstOfKind(ServiceKind kind) {
    return services.values().stream().filter(s -> s.enabled() && s.kind() == kind).findFirst();
  }

  /** Every database needed by an enabled service, in dependency order. */
  public List<Database> databases() {
    return enabledInDependencyOrder().stream().flatMap(s -> s.databases().stream()).toList();
  }
}
