package com.dimosaic.vps.rollout;

import com.dimosaic.vps.profile.Route;
import com.dimosaic.vps.profile.Service;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.secrets.Redactor;
import com.dimosaic.vps.stack.DeployException;
import com.dimosaic.vps.stack.StackDir;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a routed service's containers without a failed request, the way kamal-proxy does, but
 * with the stack's own Caddy and Docker Compose:
 * <ol>
 *   <li>Caddy's upstreams for the service are pointed at the running containers by name (until now
 *       they dialled the service's name, which Docker's DNS would soon answer with the new container too);</li>
 *   <li>{@code docker compose up --no-recreate --scale <service>=2n} starts the new containers beside
 *       the old ones, with the new image and configuration;</li>
 *   <li>each new container must be running, healthy by its compose health check and, when the service
 *       has {@code rollout.health}, answer that HTTP path with 2xx/3xx on each route port, tried once a
 *       second from inside the Caddy container;</li>
 *   <li>Caddy's upstreams are switched to the new containers (a graceful load: requests in flight finish);</li>
 *   <li>the old containers drain: until Caddy has no request in flight to them (its admin API's
 *       {@code /reverse_proxy/upstreams}), at most the drain time ({@code rollout.drain}, 30 s by default);</li>
 *   <li>they are stopped and removed, and Caddy loads the Caddyfile again (the service's name now
 *       resolves to the new containers only).</li>
 * </ol>
 * When anything fails before the switch, the new containers are removed, Caddy goes back to its
 * Caddyfile and the old containers, which never stopped, go on serving; the exception says why, with
 * the health check's output and the new containers' last log lines.
 */
public final class BlueGreen {
  private static final Logger log = LoggerFactory.getLogger(BlueGreen.class);

  private final StackDir stack;
  private final CaddyRoutes caddy;
  private final String caddyService;

  /** Switches on {@code stack}, through the Caddy that runs as compose service {@code caddyService}. */
  public BlueGreen(StackDir stack, String caddyService) {
    this.stack = Objects.requireNonNull(stack, "stack == null");
    this.caddyService = Objects.requireNonNull(caddyService, "caddyService == null");
    this.caddy = new CaddyRoutes(stack, caddyService);
  }

  /** The running containers of a service (IDs), in compose's order. */
  public List<String> running(String service) {
    return lines(stack.run(stack.compose("ps", "-q", "--status", "running", service)).stdout());
  }

  /**
   * Replaces {@code service}'s running containers with new ones from its current compose definition.
   *
   * @param routes the service's routes (their ports are switched and checked)
   * @param healthTimeout how long the new containers may take to become healthy
   * @param drain the longest the old containers may keep connections after the switch
   * @param progress step names while they run ({@code start}, {@code health}, {@code switch}, …)
   * @throws DeployException {@code HEALTH} when the new containers do not become healthy (the old ones serve on)
   */
  public Switch replace(Service service, List<Route> routes, Duration healthTimeout, Duration drain, Consumer<String> progress) {
    String name = service.name();
    List<Integer> ports = routes.stream().filter(r -> r.service().equals(name)).map(Route::port).distinct().toList();
    if (ports.isEmpty()) {
      throw new DeployException(DeployException.Reason.INVALID, name + " has no route through Caddy: blue/green needs one");
    }
    List<String> old = running(name);
    if (old.isEmpty()) {
      throw new DeployException(name + " has no running container to switch from");
    }
    Map<String, String> oldNames = names(old);
    long t0 = System.nanoTime();
    progress.accept("pin " + name + " to " + String.join(", ", oldNames.values()));
    int pinned = caddy.routeTo(dials(name, ports, oldNames.values()));
    if (pinned == 0) {
      caddy.reload();
      throw new DeployException(DeployException.Reason.INVALID, "Caddy's configuration has no upstream " + name + ":" + ports.get(0)
          + "; blue/green switches only upstreams that name the service");
    }
    List<String> fresh = List.of();
    Map<String, String> freshNames;
    Duration ready;
    try {
      progress.accept("start new " + name);
      int scale = old.size() + Math.max(1, service.replicas());
      stack.composeOk(Duration.ofMinutes(10), "up", "-d", "--no-deps", "--no-recreate", "--scale", name + "=" + scale, name);
      Set<String> after = new LinkedHashSet<>(lines(stack.run(stack.compose("ps", "-q", "--all", name)).stdout()));
      old.forEach(after::remove);
      fresh = List.copyOf(after);
      if (fresh.isEmpty()) {
        throw new DeployException("docker compose started no new container of " + name);
      }
      Map<String, String> named = names(fresh);
      freshNames = named;
      progress.accept("waiting for " + String.join(", ", named.values()));
      awaitHealthy(name, named, healthTimeout);
      service.rollout().healthPath().ifPresent(path -> awaitHttp(name, named, ports, path, healthTimeout));
      ready = Duration.ofNanos(System.nanoTime() - t0);
      progress.accept("switch " + name + " to " + String.join(", ", freshNames.values()));
      caddy.routeTo(dials(name, ports, freshNames.values()));
    } catch (RuntimeException e) {
      abandon(name, fresh);
      throw e;
    }
    long switched = System.nanoTime();
    List<String> oldDials = oldNames.values().stream().flatMap(c -> ports.stream().map(p -> c + ":" + p)).toList();
    int open = inFlight(old, oldDials, ports);
    int left = open;
    progress.accept("drain " + String.join(", ", oldNames.values()) + " (" + open + " request(s) in flight, at most " + drain.toSeconds()
        + " s)");
    long drainEnd = switched + drain.toNanos();
    while (left > 0 && System.nanoTime() < drainEnd) {
      sleep(Duration.ofMillis(200));
      left = inFlight(old, oldDials, ports);
    }
    Duration drained = Duration.ofNanos(System.nanoTime() - switched);
    if (left > 0) {
      log.info("{}: {} request(s) still in flight after the drain time ({} s); stopping the old container(s)", name, left,
          drain.toSeconds());
    }
    progress.accept("remove " + String.join(", ", oldNames.values()));
    List<String> stop = new ArrayList<>(List.of("docker", "stop", "--time", "10"));
    stop.addAll(old);
    stack.run(stack.command(stop).withTimeout(Duration.ofMinutes(2))).requireSuccess();
    List<String> rm = new ArrayList<>(List.of("docker", "rm"));
    rm.addAll(old);
    stack.run(stack.command(rm)).requireSuccess();
    try {
      caddy.reload(); // back to the Caddyfile: the service's name resolves to the new containers only now
    } catch (RuntimeException e) {
      // the switched configuration serves the new containers by name until the next reload
      log.warn("{}: Caddy could not load the Caddyfile again after the switch: {}", name, e.getMessage());
    }
    return new Switch(name, List.copyOf(oldNames.values()), List.copyOf(freshNames.values()), ready, drained, open,
        Duration.ofNanos(System.nanoTime() - t0));
  }

  /** Removes the new containers and puts Caddy back on its Caddyfile: the old containers never stopped. */
  private void abandon(String service, List<String> fresh) {
    if (!fresh.isEmpty()) {
      List<String> rm = new ArrayList<>(List.of("docker", "rm", "--force"));
      rm.addAll(fresh);
      CommandResult r = stack.run(stack.command(rm).withTimeout(Duration.ofMinutes(2)));
      if (!r.ok()) {
        log.warn("{}: removing the new container(s) failed: {}", service, CommandResult.tail(r.stderr(), 3));
      }
    }
    try {
      caddy.reload();
    } catch (RuntimeException e) {
      log.warn("{}: Caddy could not load the Caddyfile again: {}", service, e.getMessage());
    }
  }

  private static Map<String, List<String>> dials(String service, List<Integer> ports, java.util.Collection<String> containers) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (int p : ports) {
      out.put(service + ":" + p, containers.stream().map(c -> c + ":" + p).toList());
    }
    return out;
  }

  /** Container ID → name (without Docker's leading slash). */
  private Map<String, String> names(List<String> ids) {
    List<String> argv = new ArrayList<>(List.of("docker", "inspect", "--format", "{{.Id}} {{.Name}}"));
    argv.addAll(ids);
    Map<String, String> byId = new LinkedHashMap<>();
    for (String l : lines(stack.run(stack.command(argv)).requireSuccess().stdout())) {
      String[] w = l.split(" ", 2);
      byId.put(w[0], w.length > 1 ? w[1].replaceFirst("^/", "") : w[0]);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String id : ids) {
      out.put(id, byId.entrySet().stream().filter(e -> e.getKey().startsWith(id)).map(Map.Entry::getValue).findFirst().orElse(id));
    }
    return out;
  }

  /** Every container running and, where it has a health check, healthy; fails at once on unhealthy or exited. */
  private void awaitHealthy(String service, Map<String, String> containers, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long t0 = System.nanoTime();
    String last = "";
    while (true) {
      List<String> argv = new ArrayList<>(List.of("docker", "inspect", "--format",
          "{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}"));
      argv.addAll(containers.keySet());
      List<String> states = lines(stack.run(stack.command(argv)).stdout());
      boolean ready = states.size() == containers.size();
      String verdict = null;
      for (String st : states) {
        String[] w = st.split(" ");
        String status = w.length > 1 ? w[1] : "";
        String health = w.length > 2 ? w[2] : "";
        ready &= status.equals("running") && (health.isEmpty() || health.equals("healthy"));
        if (health.equals("unhealthy")) {
          verdict = "Docker marked it unhealthy after " + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s";
        } else if (status.equals("exited") || status.equals("dead")) {
          verdict = "it exited";
        }
      }
      last = String.join("; ", states).replace("/", "");
      if (ready) {
        return;
      }
      if (verdict != null || System.nanoTime() > deadline) {
        throw failure(service, containers, (verdict != null ? verdict : "not healthy within " + timeout.toSeconds() + " s")
            + " (last state: " + last + ")");
      }
      sleep(Duration.ofSeconds(1));
    }
  }

  /** Kamal's {@code /up}: an HTTP GET from where Caddy stands, once a second, until 2xx/3xx on every route port. */
  private void awaitHttp(String service, Map<String, String> containers, List<Integer> ports, String path, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (String c : containers.values()) {
      for (int port : ports) {
        String url = "http://" + c + ":" + port + path;
        while (true) {
          CommandResult r = stack.run(stack.compose("exec", "-T", caddyService, "wget", "-q", "-O", "/dev/null", "-T", "5", url)
              .withTimeout(Duration.ofSeconds(30)));
          if (r.ok()) {
            break;
          }
          if (System.nanoTime() > deadline) {
            throw failure(service, containers, "GET " + url + " did not answer 2xx/3xx within " + timeout.toSeconds() + " s: "
                + CommandResult.tail(r.stderr() + r.stdout(), 3).strip());
          }
          sleep(Duration.ofSeconds(1));
        }
      }
    }
  }

  private DeployException failure(String service, Map<String, String> containers, String why) {
    Redactor redactor = stack.host().redactor();
    StringBuilder sb = new StringBuilder(service).append(": the new container(s) ").append(String.join(", ", containers.values()))
        .append(" did not become healthy: ").append(why).append("; the old container(s) never stopped and serve on");
    for (Map.Entry<String, String> c : containers.entrySet()) {
      String probe = stack.run(stack.command(List.of("docker", "inspect", "--format",
          "{{if .State.Health}}{{range .State.Health.Log}}exit {{.ExitCode}}: {{.Output}}\n{{end}}{{end}}", c.getKey()))).stdout();
      String attempts = String.join("\n", new LinkedHashSet<>(probe.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()));
      if (!attempts.isEmpty()) {
        sb.append("\nhealth check said (").append(c.getValue()).append("):\n").append(redactor.apply(CommandResult.tail(attempts, 3)));
      }
      CommandResult logs = stack.run(stack.command(List.of("docker", "logs", "--tail", "20", c.getKey())));
      sb.append("\nlast log lines (").append(c.getValue()).append("):\n")
          .append(redactor.apply(CommandResult.tail(logs.stdout() + logs.stderr(), 20)));
    }
    return new DeployException(DeployException.Reason.HEALTH, sb.toString());
  }

  /**
   * The requests still in flight to the old containers: Caddy's own count per upstream (an upstream
   * no running configuration names any more has none), or, when Caddy's admin API cannot be read,
   * the open connections to the route ports (idle keep-alive connections included, so the drain
   * may then run its full time).
   */
  private int inFlight(List<String> old, List<String> oldDials, List<Integer> ports) {
    return caddy.inFlight().map(m -> oldDials.stream().mapToInt(d -> m.getOrDefault(d, 0)).sum())
        .orElseGet(() -> openConnections(old, ports));
  }

  /**
   * The established TCP connections to {@code ports} inside the containers' network namespaces, read
   * from {@code /proc/<pid>/net/tcp{,6}} on the host (no tool needed in the image). A container whose
   * table cannot be read counts as drained.
   */
  private int openConnections(List<String> containers, List<Integer> ports) {
    List<String> argv = new ArrayList<>(List.of("docker", "inspect", "--format", "{{.State.Pid}}"));
    argv.addAll(containers);
    int open = 0;
    for (String pid : lines(stack.run(stack.command(argv)).stdout())) {
      if (!pid.matches("[1-9][0-9]*")) {
        continue;
      }
      CommandResult t = stack.run(stack.command(List.of("cat", "/proc/" + pid + "/net/tcp", "/proc/" + pid + "/net/tcp6")));
      open += established(t.stdout(), ports);
    }
    return open;
  }

  /** Rows of a {@code /proc/net/tcp} table in state ESTABLISHED (01) whose local port is one of {@code ports}. */
  static int established(String table, List<Integer> ports) {
    int n = 0;
    for (String row : table.lines().toList()) {
      String[] w = row.strip().split("\\s+");
      if (w.length < 4 || !w[3].equals("01")) {
        continue;
      }
      int colon = w[1].lastIndexOf(':');
      try {
        if (colon > 0 && ports.contains(Integer.parseInt(w[1].substring(colon + 1), 16))) {
          n++;
        }
      } catch (NumberFormatException e) {
        // a header or foreign line
      }
    }
    return n;
  }

  private static List<String> lines(String s) {
    return s.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeployException("interrupted during a blue/green switch", e);
    }
  }
}
