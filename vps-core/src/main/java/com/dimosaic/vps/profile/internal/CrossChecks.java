package com.dimosaic.vps.profile.internal;

import com.dimosaic.vps.core.Suggest;
import com.dimosaic.vps.profile.Catalogue;
import com.dimosaic.vps.profile.Database;
import com.dimosaic.vps.profile.Dependency;
import com.dimosaic.vps.profile.Domains;
import com.dimosaic.vps.profile.Route;
import com.dimosaic.vps.profile.Service;
import com.dimosaic.vps.profile.ServiceKind;
import com.dimosaic.vps.profile.StaticSite;
import com.dimosaic.vps.secrets.SecretTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Checks that span keys and files: references, cycles, duplicates. */
public final class CrossChecks {
  static final String PROFILE = "profile.yaml";
  static final String SERVICES = "services.yaml";

  private final Problems problems;
  private final Locations locations;

  /** Creates the checks over what the binders recorded. */
  public CrossChecks(Problems problems, Locations locations) {
    this.problems = problems;
    this.locations = locations;
  }

  private void at(String file, String path, String message) {
    Locations.Location l = locations.of(file, path);
    problems.add(file, l.line(), l.column(), path, message);
  }

  /** Runs every check. */
  public void run(ProfileBinder.Bound profile, CatalogueBinder.Result bound, Set<String> secretNames, String secretsFile) {
    Catalogue c = bound.catalogue();
    Map<String, Service> services = c.services();
    for (Service s : services.values()) {
      String base = "services." + s.name();
      dependencies(s, services, base);
      for (int i = 0; i < s.networks().size(); i++) {
        String n = s.networks().get(i);
        if (!c.networks().containsKey(n)) {
          at(SERVICES, base + ".networks[" + i + "]", "undefined network '" + n + "'" + Suggest.hint(n, c.networks().keySet())
              + " (declare it under networks:)");
        }
      }
      for (Map.Entry<String, SecretTemplate> e : s.environment().entrySet()) {
        secrets(e.getValue(), SERVICES, base + ".environment." + e.getKey(), secretNames, secretsFile);
      }
      for (int i = 0; i < s.databases().size(); i++) {
        secrets(s.databases().get(i).password(), SERVICES, base + ".postgres.databases[" + i + "].password", secretNames,
            secretsFile);
      }
      boolean egress = s.networks().stream().anyMatch(n -> c.networks().containsKey(n) && !c.networks().get(n).internal());
      if (!egress && (s.kind() == ServiceKind.POSTFIX || s.kind() == ServiceKind.WINDMILL_WORKER) && !s.networks().isEmpty()
          && s.networks().stream().allMatch(c.networks()::containsKey)) {
        // a container on internal networks only reaches neither the host (mox) nor anything outside (measured with Docker 26)
        at(SERVICES, base + ".networks", s.kind() == ServiceKind.POSTFIX
            ? "the relay is only on internal networks, so it can never hand mail to mox on the host: add a network that is not"
                + " internal (e.g. egress: {})"
            : "Windmill workers are only on internal networks, so scripts can install no package and call no API: add a network"
                + " that is not internal (e.g. egress: {})");
      }
      if (s.publishLocal() && s.kind() != ServiceKind.POSTGRES) {
        at(SERVICES, base + ".publishLocal", "only a postgres service can publish its port on 127.0.0.1");
      }
    }
    cycles(services);
    kinds(c);
    routes(c, bound.routePaths(), profile.domains());
    databases(c);
    for (int i = 0; i < profile.mail().accounts().size(); i++) {
      secrets(profile.mail().accounts().get(i).password(), PROFILE, "mail.accounts[" + i + "].password", secretNames, secretsFile);
    }
    for (Map.Entry<String, SecretTemplate> e : profile.dns().credentials().entrySet()) {
      secrets(e.getValue(), PROFILE, "dns.credentials." + e.getKey(), secretNames, secretsFile);
    }
    profile.backup().password().ifPresent(t -> secrets(t, PROFILE, "backup.password", secretNames, secretsFile));
    profile.backup().sftp().filter(x -> !x.identity().raw().isEmpty())
        .ifPresent(x -> secrets(x.identity(), PROFILE, "backup.sftp.identity", secretNames, secretsFile));
    for (Map.Entry<String, SecretTemplate> e : profile.backup().environment().entrySet()) {
      secrets(e.getValue(), PROFILE, "backup.environment." + e.getKey(), secretNames, secretsFile);
    }
    for (String svc : profile.docker().images().keySet()) {
      if (!services.containsKey(svc)) {
        at(PROFILE, "docker.images." + svc, "image override for undefined service '" + svc + "'"
            + Suggest.hint(svc, services.keySet()));
      }
    }
    String primary = profile.domains().primary();
    if (!profile.dns().provider().equals("none") && !primary.isEmpty()
        && profile.dns().zones().stream().noneMatch(z -> primary.equals(z) || primary.endsWith("." + z))) {
      at(PROFILE, "dns.zones", "no zone contains the primary domain '" + primary + "'");
    }
  }

  private void dependencies(Service s, Map<String, Service> services, String base) {
    for (int i = 0; i < s.dependsOn().size(); i++) {
      Dependency d = s.dependsOn().get(i);
      String p = base + ".dependsOn[" + i + "]";
      Service target = services.get(d.service());
      if (d.service().equals(s.name())) {
        at(SERVICES, p, "a service cannot depend on itself");
      } else if (target == null) {
        at(SERVICES, p, "undefined service '" + d.service() + "'" + Suggest.hint(d.service(), services.keySet()));
      } else if (s.enabled() && !target.enabled()) {
        at(SERVICES, p, "'" + s.name() + "' depends on '" + d.service() + "', which is disabled");
      } else if (d.condition() == Dependency.Condition.HEALTHY && target.healthcheck().isEmpty()) {
        at(SERVICES, p, "'" + s.name() + "' waits for '" + d.service() + "' to be healthy, but '" + d.service()
            + "' has no health check (add services." + d.service() + ".healthcheck or use condition: started)");
      }
    }
  }

  private void cycles(Map<String, Service> services) {
    Map<String, Integer> state = new HashMap<>();
    List<String> reported = new ArrayList<>();
    for (String name : services.keySet()) {
      List<String> stack = new ArrayList<>();
      findCycle(name, services, state, stack, reported);
    }
  }

  private void findCycle(String name, Map<String, Service> services, Map<String, Integer> state, List<String> stack,
      List<String> reported) {
    Integer st = state.get(name);
    if (st != null && st == 2) {
      return;
    }
    if (st != null && st == 1) {
      List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(name), stack.size()));
      cycle.add(name);
      String key = String.join(",", new TreeSet<>(cycle));
      if (!reported.contains(key)) {
        reported.add(key);
        at(SERVICES, "services." + name + ".dependsOn", "dependency cycle: " + String.join(" -> ", cycle));
      }
      return;
    }
    Service s = services.get(name);
    if (s == null) {
      return;
    }
    state.put(name, 1);
    stack.add(name);
    for (Dependency d : s.dependsOn()) {
      findCycle(d.service(), services, state, stack, reported);
    }
    stack.remove(stack.size() - 1);
    state.put(name, 2);
  }

  private void kinds(Catalogue c) {
    List<Service> caddies = c.services().values().stream().filter(s -> s.enabled() && s.kind() == ServiceKind.CADDY).toList();
    if (caddies.size() > 1) {
      at(SERVICES, "services." + caddies.get(1).name() + ".kind", "only one caddy service may be enabled (also: '"
          + caddies.get(0).name() + "')");
    }
    if (caddies.isEmpty() && (!c.routes().isEmpty() || !c.sites().isEmpty())) {
      at(SERVICES, "services", "routes and static sites need an enabled service of kind caddy");
    }
    List<Service> pgs = c.services().values().stream().filter(s -> s.enabled() && s.kind() == ServiceKind.POSTGRES).toList();
    if (pgs.size() > 1) {
      at(SERVICES, "services." + pgs.get(1).name() + ".kind", "only one postgres service may be enabled");
    }
  }

  private void routes(Catalogue c, List<String> routePaths, Domains domains) {
    Map<String, String> claimed = new LinkedHashMap<>();
    Map<String, String> claimedAt = new LinkedHashMap<>(); // where each host was claimed, for the messages
    for (int i = 0; i < c.routes().size(); i++) {
      Route r = c.routes().get(i);
      String p = routePaths.get(i);
      Service target = c.services().get(r.service());
      if (target == null) {
        at(SERVICES, p + ".service", "route to undefined service '" + r.service() + "'"
            + Suggest.hint(r.service(), c.services().keySet()));
        continue;
      }
      if (!target.enabled()) {
        at(SERVICES, p + ".service", "route to disabled service '" + r.service() + "' (enable it or remove the route)");
        continue;
      }
      String fqdn = domains.primary().isEmpty() ? r.host() : domains.fqdn(r.host());
      String key = fqdn + " " + new TreeSet<>(r.paths());
      String previous = claimed.putIfAbsent(key, r.service());
      claimedAt.putIfAbsent(key, p + ".host");
      if (previous != null) {
        at(SERVICES, p + ".host", "host '" + fqdn + "'" + (r.paths().isEmpty() ? "" : " " + r.paths())
            + " is routed twice: to '" + previous + "' and to '" + r.service() + "'");
      }
    }
    for (StaticSite site : c.sites()) {
      for (int i = 0; i < site.hosts().size(); i++) {
        String fqdn = domains.primary().isEmpty() ? site.hosts().get(i) : domains.fqdn(site.hosts().get(i));
        String previous = claimed.putIfAbsent(fqdn + " []", "static site " + site.name());
        claimedAt.putIfAbsent(fqdn + " []", "static." + site.name() + ".hosts[" + i + "]");
        if (previous != null) {
          at(SERVICES, "static." + site.name() + ".hosts[" + i + "]", "host '" + fqdn + "' is routed twice: to '" + previous
              + "' and to static site '" + site.name() + "'");
        }
      }
    }
    String mail = domains.primary().isEmpty() ? null : domains.mailFqdn();
    for (String k : claimed.keySet()) {
      String host = k.substring(0, k.indexOf(' '));
      if (host.equals(mail) || (domains.primary().length() > 0
          && (host.equals("mta-sts." + domains.primary()) || host.equals("autoconfig." + domains.primary())))) {
        at(SERVICES, claimedAt.getOrDefault(k, "routes"), "host '" + host + "' is reserved for mail (mox)");
      }
    }
  }

  private void databases(Catalogue c) {
    Map<String, String> seen = new HashMap<>();
    boolean hasPostgres = c.firstOfKind(ServiceKind.POSTGRES).isPresent();
    for (Service s : c.services().values()) {
      if (!s.enabled()) {
        continue;
      }
      for (int i = 0; i < s.databases().size(); i++) {
        Database d = s.databases().get(i);
        String p = "services." + s.name() + ".postgres.databases[" + i + "]";
        if (!hasPostgres) {
          at(SERVICES, p, "database '" + d.name() + "' needs an enabled service of kind postgres");
        }
        String prev = seen.putIfAbsent(d.name(), s.name());
        if (prev != null && !d.name().isEmpty()) {
          at(SERVICES, p + ".name", "database '" + d.name() + "' is already declared by service '" + prev + "'");
        }
      }
    }
  }

  private void secrets(SecretTemplate t, String file, String path, Set<String> names, String secretsFile) {
    // every "${" must start a well-formed ${secret:NAME}: anything else (no closing brace, ${env:HOME}, a
    // misspelt prefix) would otherwise reach the generated files as literal text
    String raw = t.raw();
    for (int i = raw.indexOf("${"); i >= 0; i = raw.indexOf("${", i + 2)) {
      java.util.regex.Matcher m = SecretTemplate.REF.matcher(raw).region(i, raw.length());
      if (!m.lookingAt()) {
        int close = raw.indexOf('}', i);
        String bad = close < 0 ? raw.substring(i, Math.min(raw.length(), i + 40)) : raw.substring(i, close + 1);
        at(file, path, "malformed reference '" + bad + "': " + (close < 0 ? "no closing '}'; " : bad.startsWith("${secret:")
            ? "a secret name is letters, digits and '_'; " : "only secrets can be referenced; ") + "write ${secret:NAME}");
      }
    }
    for (String ref : t.references()) {
      if (!names.contains(ref)) {
        at(file, path, "reference to undefined secret '" + ref + "'" + Suggest.hint(ref, names) + " (not in " + secretsFile + ")");
      }
    }
  }
}
