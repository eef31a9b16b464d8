package com.dimosaic.vps.compose;

import com.dimosaic.vps.compose.internal.BuildContexts;
import com.dimosaic.vps.compose.internal.CaddyfileRenderer;
import com.dimosaic.vps.compose.internal.ComposeFile;
import com.dimosaic.vps.compose.internal.EnvNames;
import com.dimosaic.vps.compose.internal.InitDbScript;
import com.dimosaic.vps.compose.internal.PostgresConfig;
import com.dimosaic.vps.compose.internal.ZitadelConfig;
import com.dimosaic.vps.core.HostLayout;
import com.dimosaic.vps.profile.Database;
import com.dimosaic.vps.profile.Healthcheck;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.Service;
import com.dimosaic.vps.profile.ServiceKind;
import com.dimosaic.vps.profile.VolumeMount;
import com.dimosaic.vps.render.YamlWriter;
import com.dimosaic.vps.secrets.SecretTemplate;
import com.dimosaic.vps.secrets.SecretsSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a profile's catalogue as a Docker Swarm stack ({@code engine: swarm}), from the same
 * catalogue the Compose generator reads:
 * <ul>
 *   <li>secrets are Swarm secrets, mounted at {@code /run/secrets/<VAR>} with {@code <VAR>_FILE} in the
 *       environment (the convention of the official images); no {@code .env} file;</li>
 *   <li>the Caddyfile, PostgreSQL's configuration and its init script, Zitadel's configuration are Swarm configs; configs and
 *       secrets are named with a hash of their content, so a change is a new object and rolls the services
 *       using it;</li>
 *   <li>stateful services (PostgreSQL, Redis, anything with a named volume) are pinned: to the nodes
 *       labelled {@code vps.db} when the fleet has a {@code db} host, else to a manager; they update
 *       stop-first (two tasks must never share a data folder);</li>
 *   <li>every other service updates start-first, one task at a time, gated by its health check for a
 *       monitor period, and rolls back by itself when the new tasks fail ({@code failure_action: rollback});</li>
 *   <li>Caddy runs once per web node ({@code mode: global} on {@code vps.web}, else on the managers) with
 *       its ports in {@code mode: host}: the ingress routing mesh is not used, and Caddy sees client
 *       addresses;</li>
 *   <li>names resolve to the tasks' addresses ({@code endpoint_mode: dnsrr}, no virtual IP), and Caddy's
 *       {@code reverse_proxy} retries for 10 s, so a task being replaced costs no request;</li>
 *   <li>mox is not in the stack: it stays a host service on the mail host;</li>
 *   <li>a service built on the host ({@code build:} with a generated context) is built on the first manager,
 *       pushed to the registry there ({@link #REGISTRY}, {@code 127.0.0.1} only) and placed on that manager.</li>
 * </ul>
 *
 * <pre>{@code
 * SwarmStack stack = SwarmStackGenerator.forProfile(profile).render();
 * }</pre>
 */
public final class SwarmStackGenerator {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  /**
   * The registry built images go to: Debian's {@code docker-registry} on the first manager, listening on
   * {@code 127.0.0.1} only (no TLS to set up, nothing reachable from outside); the services built there run
   * on that manager, the one node that can pull from it.
   */
  public static final String REGISTRY = "127.0.0.1:5000";

  private final Profile profile;
  private final SecretsSource secrets;

  private SwarmStackGenerator(Profile profile, SecretsSource secrets) {
    this.profile = profile;
    this.secrets = secrets;
  }

  /** A generator for the profile, with its secrets. */
  public static SwarmStackGenerator forProfile(Profile profile) {
    Objects.requireNonNull(profile, "profile == null");
    return new SwarmStackGenerator(profile, profile.secrets());
  }

  /** The same generator reading secrets from {@code source} (e.g. masked, for a plan). */
  public SwarmStackGenerator secrets(SecretsSource source) {
    return new SwarmStackGenerator(profile, Objects.requireNonNull(source, "source == null"));
  }

  /**
   * Renders the stack.
   *
   * @throws GenerationException when a service cannot run on a swarm (a build from a git checkout)
   */
  public SwarmStack render() {
    String stack = profile.name();
    Map<String, SwarmObject> configs = new LinkedHashMap<>();
    Map<String, SwarmObject> secretObjects = new LinkedHashMap<>();
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", "3.8");
    Map<String, Object> services = new LinkedHashMap<>();
    TreeSet<String> namedVolumes = new TreeSet<>();
    boolean dbNodes = profile.inventory().hosts().stream().anyMatch(h -> h.has("db"));
    boolean webNodes = profile.inventory().hosts().stream().anyMatch(h -> h.has("web"));
    List<SwarmBuild> builds = new ArrayList<>();
    for (Service s : profile.catalogue().enabledInDependencyOrder()) {
      if (s.build().isPresent() && s.image().isEmpty()) {
        if (s.build().get().fromGit()) {
          throw new GenerationException("services.yaml: services." + s.name() + ".build.git: engine: swarm builds generated build contexts"
              + " (base, packages, templates/); a git checkout is for engine: compose, or build it in CI and name the image");
        }
        builds.add(build(stack, s));
      }
      services.put(s.name(), service(stack, s, namedVolumes, configs, secretObjects, dbNodes, webNodes, builds));
    }
    root.put("services", services);
    Map<String, Object> networks = new LinkedHashMap<>();
    profile.catalogue().networks().values().forEach(n -> {
      Map<String, Object> def = new LinkedHashMap<>();
      def.put("driver", "overlay");
      if (n.internal()) {
        def.put("internal", true);
      } else {
        def.put("attachable", true);
      }
      networks.put(n.name(), def);
    });
    if (!networks.isEmpty()) {
      root.put("networks", networks);
    }
    if (!namedVolumes.isEmpty()) {
      Map<String, Object> volumes = new LinkedHashMap<>();
      namedVolumes.forEach(v -> volumes.put(v, new LinkedHashMap<>()));
      root.put("volumes", volumes);
    }
    if (!configs.isEmpty()) {
      root.put("configs", external(configs));
    }
    if (!secretObjects.isEmpty()) {
      root.put("secrets", external(secretObjects));
    }
    String text = "# Generated by vps from profile '" + profile.name() + "' for Docker Swarm. Do not edit: deploy overwrites it.\n"
        + "# Secrets are not in this file: they are Swarm secrets, read from /run/secrets through <VAR>_FILE.\n" + YamlWriter.write(root);
    return new SwarmStack(stack, text, List.copyOf(configs.values()), List.copyOf(secretObjects.values()), builds);
  }

  /**
   * A built service: its generated context (the Dockerfile and the profile's templates for it), and the
   * image reference on the first manager's registry, tagged with a hash of the context (a changed
   * context is a new image, and the service rolls).
   */
  private SwarmBuild build(String stack, Service s) {
    com.dimosaic.vps.profile.Build b = s.build().get();
    Map<String, byte[]> context = new java.util.TreeMap<>();
    context.put("Dockerfile", BuildContexts.dockerfile(profile, s, b).getBytes(StandardCharsets.UTF_8));
    java.nio.file.Path templates = profile.directory().resolve("templates").resolve(b.context());
    if (java.nio.file.Files.isDirectory(templates)) {
      try (java.util.stream.Stream<java.nio.file.Path> walk = java.nio.file.Files.walk(templates)) {
        for (java.nio.file.Path f : walk.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
          context.put(templates.relativize(f).toString().replace('\\', '/'), java.nio.file.Files.readAllBytes(f));
        }
      } catch (java.io.IOException e) {
        throw new GenerationException("cannot read " + templates + ": " + e.getMessage());
      }
    }
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      context.forEach((path, content) -> {
        d.update((path + "\0").getBytes(StandardCharsets.UTF_8));
        d.update(content);
        d.update((byte) 0);
      });
      String tag = HexFormat.of().formatHex(d.digest()).substring(0, 12);
      return new SwarmBuild(s.name(), REGISTRY + "/" + stack + "/" + s.name() + ":" + tag, context);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> external(Map<String, SwarmObject> objects) {
    Map<String, Object> m = new LinkedHashMap<>();
    objects.values().forEach(o -> {
      Map<String, Object> def = new LinkedHashMap<>();
      def.put("external", true);
      def.put("name", o.name());
      m.put(o.key(), def);
    });
    return m;
  }

  private Map<String, Object> service(String stack, Service s, TreeSet<String> namedVolumes, Map<String, SwarmObject> configs,
      Map<String, SwarmObject> secretObjects, boolean dbNodes, boolean webNodes, List<SwarmBuild> builds) {
    Map<String, Object> m = new LinkedHashMap<>();
    Optional<SwarmBuild> built = builds.stream().filter(b -> b.service().equals(s.name())).findFirst();
    m.put("image", built.map(SwarmBuild::image).orElseGet(() -> s.image().orElseThrow()));
    List<String> command = new ArrayList<>(s.command());
    if (command.isEmpty() && s.kind() == ServiceKind.POSTGRES) {
      command = List.of("postgres", "-c", "config_file=/etc/postgresql/postgresql.conf");
    }
    if (!command.isEmpty()) {
      m.put("command", command.stream().map(EnvNames::literal).toList());
    }
    s.user().ifPresent(u -> m.put("user", u));

    Map<String, Object> env = new LinkedHashMap<>();
    List<Object> serviceSecrets = new ArrayList<>();
    for (Map.Entry<String, SecretTemplate> e : s.environment().entrySet()) {
      SecretTemplate t = e.getValue();
      if (t.isLiteral()) {
        env.put(e.getKey(), EnvNames.literal(t.raw()));
      } else {
        SwarmObject o = secret(stack, s.name() + "_" + e.getKey(), t.render(n -> secrets.get(n).reveal()));
        secretObjects.put(o.key(), o);
        serviceSecrets.add(mount(o.key(), e.getKey(), null));
        env.put(e.getKey() + "_FILE", "/run/secrets/" + e.getKey());
      }
    }
    if (s.kind() == ServiceKind.POSTGRES) {
      for (Database d : profile.catalogue().databases()) {
        String var = EnvNames.dbPassword(d);
        if (!env.containsKey(var + "_FILE")) {
          SwarmObject o = secret(stack, s.name() + "_" + var, secrets.get(d.password().references().get(0)).reveal());
          secretObjects.put(o.key(), o);
          serviceSecrets.add(mount(o.key(), var, null));
          env.put(var + "_FILE", "/run/secrets/" + var);
        }
      }
    }
    if (!env.isEmpty()) {
      m.put("environment", env);
    }

    List<Object> serviceConfigs = new ArrayList<>();
    List<Object> ports = new ArrayList<>();
    List<String> volumes = new ArrayList<>();
    if (s.kind() == ServiceKind.CADDY) {
      for (Object[] p : new Object[][] {{80, "tcp"}, {443, "tcp"}, {443, "udp"}}) {
        Map<String, Object> port = new LinkedHashMap<>();
        port.put("target", p[0]);
        port.put("published", p[0]);
        port.put("protocol", p[1]);
        port.put("mode", "host");
        ports.add(port);
      }
      SwarmObject caddyfile = config(stack, "caddyfile", retrying(CaddyfileRenderer.render(profile,
          new CaddyfileRenderer.Options(n -> n, List.of()))));
      configs.put(caddyfile.key(), caddyfile);
      serviceConfigs.add(mount(caddyfile.key(), "/etc/caddy/Caddyfile", null));
      if (!profile.catalogue().sites().isEmpty()) {
        volumes.add(HostLayout.SITES_DIR + ":" + HostLayout.SITES_DIR + ":ro");
      }
    }
    if (s.kind() == ServiceKind.POSTGRES) {
      SwarmObject conf = config(stack, "postgresql_conf", PostgresConfig.conf(profile, profile.resources().memoryGb() * 1024L));
      SwarmObject hba = config(stack, "pg_hba_conf", PostgresConfig.hba(profile));
      // the init script reads each database password from its secret file, as the official entrypoint does for POSTGRES_PASSWORD
      SwarmObject init = config(stack, "init_db_sh", "for v in $(env | sed -n 's/^\\(VPS_DB_PASSWORD_[A-Z0-9_]*\\)_FILE=.*/\\1/p'); do\n"
          + "  export \"$v=$(cat \"$(printenv \"${v}_FILE\")\")\"\ndone\n" + InitDbScript.render(profile));
      for (SwarmObject o : List.of(conf, hba, init)) {
        configs.put(o.key(), o);
      }
      serviceConfigs.add(mount(conf.key(), "/etc/postgresql/postgresql.conf", null));
      serviceConfigs.add(mount(hba.key(), "/etc/postgresql/pg_hba.conf", null));
      serviceConfigs.add(mount(init.key(), "/docker-entrypoint-initdb.d/10-init-db.sh", 0555));
    }
    if (s.kind() == ServiceKind.ZITADEL) {
      SwarmObject config = config(stack, s.name() + "_config", ZitadelConfig.config(profile, s));
      SwarmObject steps = config(stack, s.name() + "_init_steps", ZitadelConfig.initSteps(profile, s));
      configs.put(config.key(), config);
      configs.put(steps.key(), steps);
      serviceConfigs.add(mount(config.key(), "/config/zitadel-config.yaml", null));
      serviceConfigs.add(mount(steps.key(), "/config/zitadel-init-steps.yaml", null));
    }
    boolean stateful = s.kind() == ServiceKind.POSTGRES || s.kind() == ServiceKind.REDIS;
    for (VolumeMount v : s.volumes()) {
      volumes.add(v.toString());
      if (v.named()) {
        namedVolumes.add(v.source());
        stateful = stateful || s.kind() != ServiceKind.CADDY;
      }
    }
    if (!ports.isEmpty()) {
      m.put("ports", ports);
    }
    if (!volumes.isEmpty()) {
      m.put("volumes", volumes);
    }
    if (!serviceConfigs.isEmpty()) {
      m.put("configs", serviceConfigs);
    }
    if (!serviceSecrets.isEmpty()) {
      m.put("secrets", serviceSecrets);
    }
    if (!s.networks().isEmpty()) {
      m.put("networks", s.networks());
    }
    s.healthcheck().ifPresent(h -> m.put("healthcheck", ComposeFile.healthcheck(h)));
    m.put("logging", ComposeFile.logging(profile));
    m.put("deploy", deploy(s, stateful, dbNodes, webNodes, built.isPresent()));
    return m;
  }

  private Map<String, Object> deploy(Service s, boolean stateful, boolean dbNodes, boolean webNodes, boolean built) {
    Map<String, Object> deploy = new LinkedHashMap<>();
    // names resolve to the tasks' addresses, not to a virtual IP: no IPVS load balancer between Caddy and the
    // services (what the ingress routing mesh also needs, and what did not answer in the nested test boxes)
    deploy.put("endpoint_mode", "dnsrr");
    List<String> constraints = new ArrayList<>();
    if (s.kind() == ServiceKind.CADDY) {
      deploy.put("mode", "global");
      constraints.add(webNodes ? "node.labels.vps.web == true" : "node.role == manager");
    } else {
      deploy.put("replicas", s.replicas());
      if (built) {
        // its image is in the first manager's 127.0.0.1-only registry: only that node can pull it
        String leader = profile.inventory().managers().stream().findFirst().map(h -> h.name()).orElse(profile.name());
        constraints.add("node.labels.vps.host == " + leader);
      } else if (stateful) {
        constraints.add(dbNodes ? "node.labels.vps.db == true" : "node.role == manager");
      }
    }
    if (!constraints.isEmpty()) {
      Map<String, Object> placement = new LinkedHashMap<>();
      placement.put("constraints", constraints);
      if (stateful && s.kind() != ServiceKind.CADDY) {
        placement.put("max_replicas_per_node", 1);
      }
      deploy.put("placement", placement);
    }
    String order = stateful || s.kind() == ServiceKind.CADDY ? "stop-first" : "start-first";
    Map<String, Object> update = new LinkedHashMap<>();
    update.put("parallelism", 1);
    update.put("delay", "2s");
    update.put("order", order);
    update.put("failure_action", "rollback");
    update.put("monitor", monitor(s.healthcheck()));
    update.put("max_failure_ratio", 0);
    deploy.put("update_config", update);
    Map<String, Object> rollback = new LinkedHashMap<>();
    rollback.put("parallelism", 1);
    rollback.put("order", order);
    rollback.put("failure_action", "pause");
    deploy.put("rollback_config", rollback);
    Map<String, Object> restart = new LinkedHashMap<>();
    restart.put("condition", "any");
    restart.put("delay", "5s");
    deploy.put("restart_policy", restart);
    ComposeFile.resources(s).ifPresent(r -> deploy.put("resources", r));
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put("vps.profile", profile.name());
    labels.put("vps.stateful", String.valueOf(stateful));
    deploy.put("labels", labels);
    return deploy;
  }

  /**
   * The Caddyfile with every {@code reverse_proxy} retrying for a while: on a swarm a service name
   * resolves to its tasks' addresses ({@code endpoint_mode: dnsrr}), and while a task is replaced an
   * address can refuse a connection for a moment; Caddy then tries again (another address) instead of
   * answering 502.
   */
  static String retrying(String caddyfile) {
    StringBuilder out = new StringBuilder();
    for (String line : caddyfile.split("\n", -1)) {
      String t = line.strip();
      if (!t.startsWith("reverse_proxy ") || t.contains("host.docker.internal")) {
        out.append(line).append('\n');
        continue;
      }
      String indent = line.substring(0, line.indexOf('r'));
      if (t.endsWith("{")) {
        out.append(line).append('\n').append(indent).append("\tlb_try_duration 10s\n").append(indent).append("\tlb_try_interval 250ms\n");
      } else {
        out.append(line).append(" {\n").append(indent).append("\tlb_try_duration 10s\n").append(indent).append("\tlb_try_interval 250ms\n")
            .append(indent).append("}\n");
      }
    }
    String r = out.toString();
    return r.endsWith("\n\n") && !caddyfile.endsWith("\n\n") ? r.substring(0, r.length() - 1) : r;
  }

  /**
   * How long Swarm watches an updated task before it counts the update a success: the health check's
   * start period plus its interval times its retries (a task that turns unhealthy in that time fails
   * the update), at least 10 s and at most 5 min; 10 s without a health check.
   */
  static String monitor(java.util.Optional<Healthcheck> h) {
    if (h.isEmpty()) {
      return "10s";
    }
    long ms = millis(h.get().startPeriod()) + millis(h.get().interval()) * h.get().retries();
    return Math.max(10, Math.min(300, (ms + 999) / 1000)) + "s";
  }

  private static long millis(String d) {
    Matcher m = DURATION.matcher(d);
    long total = 0;
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total += switch (m.group(2)) {
        case "ms" -> n;
        case "s" -> n * 1000;
        case "m" -> n * 60_000;
        default -> n * 3_600_000;
      };
    }
    return total;
  }

  private static Map<String, Object> mount(String source, String target, Integer mode) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", source);
    m.put("target", target);
    if (mode != null) {
      m.put("mode", mode);
    }
    return m;
  }

  private static SwarmObject config(String stack, String key, String content) {
    return object(stack, key, content, false);
  }

  private static SwarmObject secret(String stack, String key, String content) {
    return object(stack, key, content, true);
  }

  private static SwarmObject object(String stack, String key, String content, boolean secret) {
    String k = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return new SwarmObject(k, stack + "_" + k + "_" + hash(stack, k, bytes), bytes, secret);
  }

  /** 12 hex digits of SHA-256 over the stack, the key and the content. */
  private static String hash(String stack, String key, byte[] content) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update((stack + "\0" + key + "\0").getBytes(StandardCharsets.UTF_8));
      d.update(content);
      return HexFormat.of().formatHex(d.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
