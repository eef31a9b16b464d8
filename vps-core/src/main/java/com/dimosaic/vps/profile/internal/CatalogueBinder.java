package com.dimosaic.vps.profile.internal;

import com.dimosaic.vps.core.Suggest;
import com.dimosaic.vps.profile.Build;
import com.dimosaic.vps.profile.Catalogue;
import com.dimosaic.vps.profile.Database;
import com.dimosaic.vps.profile.Defaults;
import com.dimosaic.vps.profile.Dependency;
import com.dimosaic.vps.profile.Healthcheck;
import com.dimosaic.vps.profile.Limits;
import com.dimosaic.vps.profile.Network;
import com.dimosaic.vps.profile.Rollout;
import com.dimosaic.vps.profile.Route;
import com.dimosaic.vps.profile.Service;
import com.dimosaic.vps.profile.ServiceKind;
import com.dimosaic.vps.profile.StaticSite;
import com.dimosaic.vps.profile.VolumeMount;
import com.dimosaic.vps.secrets.SecretTemplate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Binds {@code services.yaml} (structure and per-value checks; cross references are {@link CrossChecks}). */
public final class CatalogueBinder {
  private static final Pattern SERVICE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern PG_IDENT = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Pattern SIZE = Pattern.compile("[0-9]+(\\.[0-9]+)?[kmg]?b?", Pattern.CASE_INSENSITIVE);
  private static final Pattern CPUS = Pattern.compile("[0-9]+(\\.[0-9]+)?");
  private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/:@-]*(:[A-Za-z0-9._-]+)?");
  private static final Pattern PATH_PATTERN = Pattern.compile("/[A-Za-z0-9._~%/*-]*");
  private static final Pattern HEALTH_PATH = Pattern.compile("/[A-Za-z0-9._~%/?&=+-]*");
  private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]*(=[A-Za-z0-9.+:~_-]+)?");

  private CatalogueBinder() {}

  /** A bound catalogue with the key path of each route, for cross-reference messages. */
  public record Result(Catalogue catalogue, List<String> routePaths) {}

  /** Binds the root mapping. */
  public static Result bind(Fields.Source src, YamlNode root) {
    Fields f = Fields.of(src, root, "", "services", "networks", "routes", "static", "defaults");
    Fields d = f.child("defaults", "restart", "logMaxSize", "logMaxFile");
    Defaults defaults = new Defaults(
        d.oneOf("restart", "unless-stopped", "no", "always", "on-failure", "unless-stopped"),
        d.string("logMaxSize", "10m", v -> SIZE.matcher(v).matches(), "a size such as 10m"),
        d.integer("logMaxFile", 3, 1, 100));

    Map<String, Network> networks = new LinkedHashMap<>();
    Fields n = f.child("networks");
    for (String name : n.keys()) {
      if (!SERVICE_NAME.matcher(name).matches()) {
        n.problemAtKey(name, "invalid network name '" + name + "'");
      }
      Fields nf = n.child(name, "internal");
      networks.put(name, new Network(name, nf.bool("internal", false)));
    }

    Map<String, Service> services = new LinkedHashMap<>();
    List<Route> routes = new ArrayList<>();
    List<String> routePaths = new ArrayList<>();
    if (!f.has("services")) {
      f.problem("services", "required key is missing");
    }
    Fields s = f.child("services");
    Map<String, Fields> serviceFields = new LinkedHashMap<>();
    for (String name : s.keys()) {
      if (!SERVICE_NAME.matcher(name).matches()) {
        s.problemAtKey(name, "invalid service name '" + name + "': lower-case letters, digits, '-' and '_'");
      }
      Fields sf = s.child(name, "enabled", "kind", "image", "build", "command", "environment", "dependsOn",
          "healthcheck", "networks", "volumes", "ports", "replicas", "resources", "routes", "postgres", "publishLocal",
          "user", "unsafeHostMounts", "rollout");
      serviceFields.put(name, sf);
      services.put(name, service(sf, name, routes, routePaths));
    }

    List<YamlNode> topRoutes = f.list("routes");
    for (int i = 0; i < topRoutes.size(); i++) {
      Fields r = f.item(topRoutes.get(i), f.path("routes") + "[" + i + "]", "host", "service", "port", "paths", "protocol");
      routes.add(route(r, r.string("service")));
      routePaths.add(r.path());
    }
    serviceFields.forEach((name, sf) -> checkRollout(sf, services.get(name), routes));

    List<StaticSite> sites = new ArrayList<>();
    Fields st = f.child("static");
    for (String name : st.keys()) {
      if (!SERVICE_NAME.matcher(name).matches()) {
        st.problemAtKey(name, "invalid site name '" + name + "'");
      }
      Fields sf = st.child(name, "hosts");
      List<String> hosts = sf.strings("hosts");
      if (hosts.isEmpty()) {
        sf.problem("hosts", "a static site needs at least one host");
      }
      for (int i = 0; i < hosts.size(); i++) {
        if (!Checks.routeHost(hosts.get(i))) {
          sf.problem(sf.list("hosts").get(i), sf.path("hosts") + "[" + i + "]", "invalid host '" + hosts.get(i) + "'");
        }
      }
      sites.add(new StaticSite(name, hosts));
    }
    return new Result(new Catalogue(services, networks, routes, sites, defaults), routePaths);
  }

  private static Service service(Fields f, String name, List<Route> routes, List<String> routePaths) {
    String kindName = f.string("kind", "generic");
    ServiceKind kind = ServiceKind.byYamlName(kindName).orElseGet(() -> {
      f.problem("kind", "unknown kind '" + kindName + "'" + Suggest.hint(kindName, ServiceKind.yamlNames())
          + "; known kinds: " + String.join(", ", ServiceKind.yamlNames()));
      return ServiceKind.GENERIC;
    });
    Optional<String> image = f.optString("image");
    if (image.isPresent() && !IMAGE.matcher(image.get()).matches()) {
      f.problem("image", "invalid image reference '" + image.get() + "'");
    }
    Optional<Build> build = Optional.empty();
    if (f.has("build")) {
      Fields b = f.child("build", "context", "base", "packages", "tag", "git", "ref", "dockerfile");
      Optional<String> git = b.optString("git");
      String ctx = b.string("context", git.isPresent() ? "src/" + name : name);
      if (ctx.startsWith("/") || ctx.contains("..")) {
        b.problem("context", "the build context must be a folder inside the deployment folder, not '" + ctx + "'");
      }
      if (git.isPresent()) {
        for (String generatedOnly : List.of("base", "packages")) {
          if (b.has(generatedOnly)) {
            b.problem(generatedOnly, "a git build uses the repository's own Dockerfile; '" + generatedOnly
                + "' is only for a generated one");
          }
        }
        if (git.get().isBlank() || git.get().startsWith("-")) {
          b.problem("git", "a repository URL or a path on the host, not '" + git.get() + "'");
        } else if (git.get().matches("(?i)[a-z][a-z0-9+.-]*://[^/@]*:[^/@]*@.*")) {
          b.problem("git", "the URL holds a password or token, which would show in process lists and logs; give app a deploy key"
              + " (ssh://git@… or git@host:repo) or use a public URL");
        }
      } else {
        for (String gitOnly : List.of("ref", "dockerfile")) {
          if (b.has(gitOnly)) {
            b.problem(gitOnly, "'" + gitOnly + "' belongs to a git build (set 'git' to the repository)");
          }
        }
      }
      String ref = b.optString("ref").orElse("main");
      if (ref.isBlank() || ref.startsWith("-") || ref.contains("..")) {
        b.problem("ref", "a branch, tag or commit, not '" + ref + "'");
      }
      Optional<String> dockerfile = b.optString("dockerfile");
      if (dockerfile.isPresent() && (dockerfile.get().startsWith("/") || dockerfile.get().contains(".."))) {
        b.problem("dockerfile", "a path inside the checkout, not '" + dockerfile.get() + "'");
      }
      // base and packages are written into the generated Dockerfile: a space or a line break would write more than an image name
      b.optString("base").filter(base -> !IMAGE.matcher(base).matches()).ifPresent(base ->
          b.problem("base", "invalid image reference '" + base.replace("\n", "\\n") + "' (no spaces or line breaks)"));
      List<String> packages = b.strings("packages");
      for (int i = 0; i < packages.size(); i++) {
        if (!PACKAGE.matcher(packages.get(i)).matches()) {
          b.problem(b.list("packages").get(i), b.path("packages") + "[" + i + "]", "invalid Debian package name '"
              + packages.get(i).replace("\n", "\\n") + "' (lower-case letters, digits, '+', '-', '.'; optionally =version)");
        }
      }
      build = Optional.of(new Build(ctx, b.optString("base"), packages, b.optString("tag"), git, ref, dockerfile));
    }
    boolean enabled = f.bool("enabled", true);
    if (image.isEmpty() && build.isEmpty()) {
      f.problem("image", "a service needs an image or a build");
    }

    List<String> command = new ArrayList<>();
    if (f.has("command")) {
      YamlNode c = f.node("command").orElseThrow();
      if (c instanceof YamlNode.Scalar sc) {
        command.addAll(List.of(sc.text().trim().split("\\s+")));
      } else {
        command.addAll(f.strings("command"));
      }
    }

    Map<String, SecretTemplate> env = new LinkedHashMap<>();
    Fields e = f.child("environment");
    for (String k : e.keys()) {
      if (!ENV_NAME.matcher(k).matches()) {
        e.problemAtKey(k, "invalid variable name '" + k + "'");
      }
      YamlNode v = e.node().entries().get(k);
      if (v instanceof YamlNode.Scalar sc) {
        env.put(k, new SecretTemplate(sc.isNull() ? "" : sc.text()));
      } else {
        e.problem(k, "expected a single value but found " + v.kindName());
      }
    }

    List<Dependency> deps = new ArrayList<>();
    List<YamlNode> depNodes = f.list("dependsOn");
    for (int i = 0; i < depNodes.size(); i++) {
      YamlNode dn = depNodes.get(i);
      String p = f.path("dependsOn") + "[" + i + "]";
      if (dn instanceof YamlNode.Scalar sc) {
        deps.add(new Dependency(sc.text(), Dependency.Condition.AUTO));
      } else {
        Fields df = f.item(dn, p, "service", "condition");
        String cond = df.oneOf("condition", "auto", "auto", "healthy", "started", "completed");
        deps.add(new Dependency(df.string("service"), Dependency.Condition.valueOf(cond.toUpperCase(Locale.ROOT))));
      }
    }

    Optional<Healthcheck> health = healthcheck(f, kind);

    List<VolumeMount> volumes = new ArrayList<>();
    List<String> vols = f.strings("volumes");
    for (int i = 0; i < vols.size(); i++) {
      String[] parts = vols.get(i).split(":", -1);
      boolean ro = parts.length == 3 && parts[2].equals("ro");
      if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !ro && !parts[2].equals("rw"))
          || parts[0].isEmpty() || !parts[1].startsWith("/")) {
        f.problem(f.list("volumes").get(i), f.path("volumes") + "[" + i + "]",
            "invalid volume '" + vols.get(i) + "': expected source:/container/path[:ro]");
        continue;
      }
      String hostProblem = hostMountProblem(parts[0], ro);
      if (hostProblem != null && !f.bool("unsafeHostMounts", false)) {
        f.problem(f.list("volumes").get(i), f.path("volumes") + "[" + i + "]", "host path '" + parts[0] + "' " + hostProblem
            + "; set unsafeHostMounts: true on the service if the container really needs it");
        continue;
      }
      volumes.add(new VolumeMount(parts[0], parts[1], ro));
    }

    List<Integer> ports = new ArrayList<>();
    List<YamlNode> portNodes = f.list("ports");
    for (int i = 0; i < portNodes.size(); i++) {
      Integer port = port(portNodes.get(i));
      if (port == null) {
        f.problem(portNodes.get(i), f.path("ports") + "[" + i + "]",
            "invalid port: expected a container port from 1 to 65535 (ports are never published; routes go through Caddy)");
      } else {
        ports.add(port);
      }
    }

    Fields res = f.child("resources", "cpus", "memory");
    Optional<String> cpus = res.optString("cpus");
    if (cpus.isPresent() && !CPUS.matcher(cpus.get()).matches()) {
      res.problem("cpus", "invalid CPU limit '" + cpus.get() + "': expected a number such as 1.5");
    }
    Optional<String> memory = res.optString("memory");
    if (memory.isPresent() && !SIZE.matcher(memory.get()).matches()) {
      res.problem("memory", "invalid memory limit '" + memory.get() + "': expected a size such as 512m or 2g");
    }

    List<YamlNode> routeNodes = f.list("routes");
    for (int i = 0; i < routeNodes.size(); i++) {
      Fields r = f.item(routeNodes.get(i), f.path("routes") + "[" + i + "]", "host", "port", "paths", "protocol");
      if (enabled) {
        routes.add(route(r, name));
        routePaths.add(r.path());
      } else {
        route(r, name); // still checked
      }
    }

    List<Database> databases = new ArrayList<>();
    Fields pg = f.child("postgres", "databases");
    List<YamlNode> dbNodes = pg.list("databases");
    for (int i = 0; i < dbNodes.size(); i++) {
      Fields db = pg.item(dbNodes.get(i), pg.path("databases") + "[" + i + "]", "name", "owner", "password", "extensions",
          "windmillRoles");
      String dbName = db.string("name");
      if (!dbName.isEmpty() && !PG_IDENT.matcher(dbName).matches()) {
        db.problem("name", "invalid database name '" + dbName + "': lower-case letters, digits and '_'");
      }
      String owner = db.string("owner", dbName);
      if (!owner.isEmpty() && !PG_IDENT.matcher(owner).matches()) {
        db.problem("owner", "invalid role name '" + owner + "': lower-case letters, digits and '_'");
      }
      String password = db.string("password");
      if (!password.isEmpty() && !new SecretTemplate(password).isSingleReference()) {
        db.problem("password", "a database password must be a secret reference such as ${secret:APP_DB_PASSWORD}");
      }
      List<String> ext = db.strings("extensions");
      for (int j = 0; j < ext.size(); j++) {
        if (!PG_IDENT.matcher(ext.get(j)).matches() && !ext.get(j).matches("[a-z][a-z0-9_-]*")) {
          db.problem(db.list("extensions").get(j), db.path("extensions") + "[" + j + "]", "invalid extension name");
        }
      }
      databases.add(new Database(dbName, owner, new SecretTemplate(password), ext, db.bool("windmillRoles", false), name));
    }

    return new Service(
        name, enabled, kind, image, build, command, env, deps, health, f.strings("networks"), volumes, ports,
        f.integer("replicas", 1, 0, 64), new Limits(cpus, memory), databases, f.bool("publishLocal", false),
        f.optString("user"), rollout(f));
  }

  private static Rollout rollout(Fields f) {
    if (!f.has("rollout")) {
      return Rollout.DEFAULT;
    }
    Fields r = f.child("rollout", "strategy", "health", "drain");
    String mode = r.oneOf("strategy", "auto", "auto", "blue-green", "restart");
    Optional<String> health = r.optString("health");
    if (health.isPresent() && !HEALTH_PATH.matcher(health.get()).matches()) {
      r.problem("health", "an HTTP path such as /up (starting with '/', no spaces), not '" + health.get() + "'");
    }
    String drain = r.string("drain", "30s", v -> Checks.duration(v).filter(d -> d.compareTo(Duration.ofMinutes(10)) <= 0).isPresent(),
        "a duration from 0s to 10m such as 30s");
    return new Rollout(Arrays.stream(Rollout.Mode.values()).filter(m -> m.yamlName().equals(mode)).findFirst().orElse(Rollout.Mode.AUTO),
        health, Checks.duration(drain).orElse(Rollout.DEFAULT.drain()));
  }

  /** An explicit {@code strategy: blue-green} only where a second container can take over the service's routes. */
  private static void checkRollout(Fields f, Service s, List<Route> routes) {
    if (s.rollout().equals(Rollout.DEFAULT)) {
      return; // no rollout: key, or not a mapping (said already)
    }
    Fields r = f.child("rollout");
    boolean routed = routes.stream().anyMatch(rt -> rt.service().equals(s.name()));
    if (s.rollout().mode() == Rollout.Mode.BLUE_GREEN) {
      String why = !s.kind().runsTwice() ? "a " + s.kind().yamlName() + " service cannot run twice"
          : !routed ? "it has no route: blue/green switches Caddy's routes to the new container"
          : s.publishLocal() ? "it publishes a host port, which two containers cannot share" : null;
      if (why != null) {
        r.problem("strategy", "blue-green is not possible for " + s.name() + ": " + why + "; use restart (or auto)");
      }
    }
    if (s.rollout().healthPath().isPresent() && !routed) {
      r.problem("health", "the HTTP check runs on the service's route ports, and " + s.name() + " has no route");
    }
  }

  /**
   * Why a volume's source is a host path the stack should not mount, or null: named volumes, folders
   * inside the stack folder ({@code ./x}), the static sites' root and the host's time zone files
   * (read-only) are allowed; anything else on the host, and any {@code ..}, needs {@code unsafeHostMounts}.
   */
  static String hostMountProblem(String source, boolean readOnly) {
    boolean hostPath = source.startsWith("/") || source.startsWith(".") || source.startsWith("~");
    if (!hostPath) {
      return null; // a named volume
    }
    if (java.util.Arrays.asList(source.split("/")).contains("..")) {
      return "leaves the stack folder ('..')";
    }
    if (source.startsWith("./") && source.length() > 2) {
      return null;
    }
    for (String allowed : List.of(com.dimosaic.vps.core.HostLayout.SITES_DIR, "/etc/localtime", "/etc/timezone")) {
      if (source.equals(allowed) || source.startsWith(allowed + "/")) {
        return readOnly ? null : "is allowed read-only only (add :ro)";
      }
    }
    return "is outside the stack folder and the allowed host paths (" + com.dimosaic.vps.core.HostLayout.SITES_DIR
        + ", /etc/localtime, /etc/timezone)";
  }

  private static Integer port(YamlNode n) {
    if (n instanceof YamlNode.Scalar s && s.plain() && s.text().matches("[0-9]{1,5}")) {
      int p = Integer.parseInt(s.text());
      return p >= 1 && p <= 65535 ? p : null;
    }
    return null;
  }

  private static Optional<Healthcheck> healthcheck(Fields f, ServiceKind kind) {
    Optional<YamlNode> n = f.node("healthcheck");
    List<String> kindDefault = kind.defaultHealthTest();
    if (n.isEmpty()) {
      return kindDefault.isEmpty() ? Optional.empty() : Optional.of(new Healthcheck(kindDefault, "10s", "5s", 5, "30s"));
    }
    if (n.get() instanceof YamlNode.Scalar s && s.plain() && s.text().equals("false")) {
      return Optional.empty();
    }
    Fields h = f.child("healthcheck", "test", "interval", "timeout", "retries", "startPeriod");
    List<String> test;
    Optional<YamlNode> t = h.node("test");
    if (t.isEmpty()) {
      if (kindDefault.isEmpty()) {
        h.problem("test", "required key is missing (kind '" + kind.yamlName() + "' has no default health check)");
      }
      test = kindDefault;
    } else if (t.get() instanceof YamlNode.Scalar sc) {
      test = List.of("CMD-SHELL", sc.text());
    } else {
      test = h.strings("test");
      if (test.isEmpty() || !(test.get(0).equals("CMD") || test.get(0).equals("CMD-SHELL")) || test.size() < 2) {
        h.problem("test", "a list test must start with CMD or CMD-SHELL and have a command");
      } else if (test.get(0).equals("CMD-SHELL") && test.size() > 2) {
        h.problem("test", "CMD-SHELL takes exactly one command string; extra items would be ignored by Docker");
      }
    }
    Pattern dur = Pattern.compile("[0-9]+(ms|s|m|h)");
    String interval = h.string("interval", "10s", v -> dur.matcher(v).matches(), "a duration such as 10s");
    String timeout = h.string("timeout", "5s", v -> dur.matcher(v).matches(), "a duration such as 5s");
    String start = h.string("startPeriod", "30s", v -> dur.matcher(v).matches(), "a duration such as 30s");
    return Optional.of(new Healthcheck(test, interval, timeout, h.integer("retries", 5, 1, 1000), start));
  }

  private static Route route(Fields r, String service) {
    String host = r.string("host");
    if (!host.isEmpty() && !Checks.routeHost(host)) {
      r.problem("host", "invalid host '" + host + "': a label such as auth, @ for the primary domain, or a full name ending with '.'");
    }
    int port = r.integer("port", 0, 1, 65535);
    if (!r.has("port")) {
      r.problem("port", "required key is missing");
    }
    List<String> paths = r.strings("paths");
    for (int i = 0; i < paths.size(); i++) {
      if (!PATH_PATTERN.matcher(paths.get(i)).matches()) {
        r.problem(r.list("paths").get(i), r.path("paths") + "[" + i + "]", "invalid path pattern '" + paths.get(i) + "'");
      }
    }
    return new Route(host, paths, service, port, r.oneOf("protocol", "http", "http", "h2c"));
  }
}
