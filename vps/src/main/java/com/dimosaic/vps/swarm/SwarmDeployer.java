package com.dimosaic.vps.swarm;

import com.dimosaic.vps.compose.SwarmBuild;
import com.dimosaic.vps.compose.SwarmObject;
import com.dimosaic.vps.compose.SwarmStack;
import com.dimosaic.vps.compose.SwarmStackGenerator;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.remote.FileSpec;
import com.dimosaic.vps.remote.RemoteHost;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Deploys a profile's stack to its swarm, on a manager: the configs and secrets it names are created
 * (content on stdin, never on disk or a command line), the stack file is written to
 * {@code /etc/vps/swarm/<stack>/stack.yml} (root only), {@code docker stack deploy} applies it, and the
 * deploy waits until every service has converged: its update completed, its replicas running. An update
 * whose new tasks fail their health check is rolled back by Swarm itself ({@code failure_action:
 * rollback}); the report says so ({@link SwarmDeployReport.Result#ROLLED_BACK}). Configs and secrets the
 * stack no longer uses are removed afterwards. Databases are never dropped: volumes are left alone.
 */
public final class SwarmDeployer {
  /** Where the stack files live on the manager (root only). */
  public static final String DIR = "/etc/vps/swarm";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RemoteHost manager;
  private final ProgressListener listener;

  /** A deployer on a manager of the swarm (root). */
  public SwarmDeployer(RemoteHost manager, ProgressListener listener) {
    this.manager = Objects.requireNonNull(manager, "manager == null");
    this.listener = Objects.requireNonNull(listener, "listener == null");
  }

  /**
   * Deploys and waits up to {@code timeout} for the stack to converge (or roll back).
   *
   * @throws com.dimosaic.vps.compose.GenerationException when the stack cannot be rendered (nothing is touched)
   */
  public SwarmDeployReport deploy(Profile profile, Duration timeout) {
    long t0 = System.nanoTime();
    SwarmStack stack = SwarmStackGenerator.forProfile(profile).render();
    String phase = "swarm deploy";
    listener.phaseStarted(phase);
    List<StepResult> steps = new ArrayList<>();
    try {
      return deploy(stack, phase, steps, timeout, t0);
    } catch (RuntimeException e) {
      // every phaseStarted is followed by its phaseFinished
      listener.phaseFinished(new com.dimosaic.vps.phase.PhaseResult(phase, com.dimosaic.vps.phase.PhaseResult.Status.FAILED, steps,
          Duration.ofNanos(System.nanoTime() - t0), "failed"));
      throw e;
    }
  }

  private SwarmDeployReport deploy(SwarmStack stack, String phase, List<StepResult> steps, Duration timeout, long t0) {
    Map<String, String> before = versions(stack.name());
    Set<String> haveConfigs = names("config");
    Set<String> haveSecrets = names("secret");
    for (SwarmObject o : stack.configs()) {
      steps.add(create("config", o, haveConfigs, stack.name()));
    }
    for (SwarmObject o : stack.secrets()) {
      steps.add(create("secret", o, haveSecrets, stack.name()));
    }
    if (!stack.builds().isEmpty()) {
      steps.add(registry());
      for (SwarmBuild b : stack.builds()) {
        listener.stepStarted(phase, "building " + b.service());
        steps.add(build(stack.name(), b));
      }
    }
    String dir = DIR + "/" + stack.name();
    String file = dir + "/stack.yml";
    byte[] content = stack.stackFile().getBytes(StandardCharsets.UTF_8);
    boolean fileChanged = !manager.sha256(file).equals(Optional.of(sha256(content)));
    if (fileChanged) {
      run(Command.of("install", "-d", "-m", "0700", "-o", "root", "-g", "root", dir));
      manager.upload(file, content, FileSpec.of(0600, "root"));
    }
    steps.add(fileChanged ? StepResult.changed(file, "written") : StepResult.unchanged(file));
    listener.stepStarted(phase, "docker stack deploy " + stack.name());
    run(Command.of("docker", "stack", "deploy", "--with-registry-auth", "--prune", "-c", file, stack.name()).withTimeout(Duration.ofMinutes(10)));
    Map<String, String> after = versions(stack.name());
    List<String> updated = new ArrayList<>();
    after.forEach((svc, v) -> {
      if (!v.equals(before.get(svc))) {
        updated.add(svc);
      }
    });
    before.keySet().stream().filter(s -> !after.containsKey(s)).forEach(s -> updated.add(s + " (removed)"));
    steps.add(updated.isEmpty() ? StepResult.unchanged("services of " + stack.name())
        : StepResult.changed("services of " + stack.name(), "updated " + String.join(", ", updated)));

    Optional<String> failure = Optional.empty();
    SwarmDeployReport.Result result;
    listener.stepStarted(phase, "waiting for " + stack.name() + " to converge");
    Set<String> rolling = new HashSet<>(updated);
    rolling.retainAll(before.keySet());
    Convergence c = await(stack.name(), rolling, timeout);
    if (c.rolledBack().isEmpty() && c.stuck().isEmpty()) {
      boolean changed = steps.stream().anyMatch(StepResult::changed);
      result = changed ? SwarmDeployReport.Result.SUCCESS : SwarmDeployReport.Result.NO_CHANGES;
    } else if (c.stuck().isEmpty()) {
      result = SwarmDeployReport.Result.ROLLED_BACK;
      failure = Optional.of("rolled back by Swarm: " + String.join("; ", c.rolledBack()));
    } else {
      result = SwarmDeployReport.Result.FAILED;
      failure = Optional.of("did not converge in " + timeout.toSeconds() + " s: " + String.join("; ", c.stuck())
          + (c.rolledBack().isEmpty() ? "" : "; rolled back: " + String.join("; ", c.rolledBack())));
    }
    steps.addAll(prune(stack));
    listener.phaseFinished(new com.dimosaic.vps.phase.PhaseResult(phase, result == SwarmDeployReport.Result.FAILED
        ? com.dimosaic.vps.phase.PhaseResult.Status.FAILED : com.dimosaic.vps.phase.PhaseResult.Status.OK, steps,
        Duration.ofNanos(System.nanoTime() - t0), failure.orElse("")));
    return new SwarmDeployReport(stack.name(), result, steps, c.services(), Duration.ofNanos(System.nanoTime() - t0), failure);
  }

  /**
   * Moves one service of the stack to {@code image} ({@code docker service update --image}, with the
   * registry login forwarded to the nodes when given: the token on stdin of {@code docker login}, logged
   * out again afterwards), start-first and health-gated like every update: a new task that fails its
   * health check makes Swarm roll the service back ({@link SwarmDeployReport.Result#ROLLED_BACK}). The
   * next stack deploy sets the image {@code services.yaml} names again: put the image there to keep it.
   */
  public SwarmDeployReport redeploy(String stack, String service, String image, Optional<com.dimosaic.vps.app.RegistryLogin> login,
      Duration timeout) {
    long t0 = System.nanoTime();
    String name = stack + "_" + service;
    if (inspect(stack).stream().noneMatch(s -> s.path("Spec").path("Name").asText().equals(name))) {
      throw new SwarmException(SwarmException.Reason.FAILED, "no service " + service + " in stack " + stack + " (deploy the stack first)");
    }
    List<StepResult> steps = new ArrayList<>();
    boolean loggedIn = false;
    try {
      if (login.isPresent()) {
        com.dimosaic.vps.app.RegistryLogin l = login.get();
        if (!l.serves(image)) {
          throw new SwarmException(SwarmException.Reason.FAILED, image + " is not in " + l.registry() + " (the registry the login is for)");
        }
        byte[] token = l.tokenBytes();
        try {
          run(Command.of("docker", "login", "--username", l.user(), "--password-stdin", l.registry()).withStdin(token));
        } finally {
          java.util.Arrays.fill(token, (byte) 0);
        }
        loggedIn = true;
      }
      run(Command.of("docker", "service", "update", "--detach", "--with-registry-auth", "--image", image, name)
          .withTimeout(Duration.ofMinutes(5)));
    } finally {
      if (loggedIn) {
        manager.run(Command.of("docker", "logout", login.get().registry()));
      }
    }
    steps.add(StepResult.changed(name, "image " + image));
    Convergence c = await(stack, Set.of(name), timeout);
    SwarmDeployReport.Result result = !c.stuck().isEmpty() ? SwarmDeployReport.Result.FAILED
        : c.rolledBack().isEmpty() ? SwarmDeployReport.Result.SUCCESS : SwarmDeployReport.Result.ROLLED_BACK;
    Optional<String> failure = result == SwarmDeployReport.Result.SUCCESS ? Optional.empty()
        : Optional.of(String.join("; ", c.stuck()) + (c.rolledBack().isEmpty() ? "" : "rolled back by Swarm: " + String.join("; ", c.rolledBack())));
    return new SwarmDeployReport(stack, result, steps, c.services(), Duration.ofNanos(System.nanoTime() - t0), failure);
  }

  /**
   * The registry built images go to ({@link SwarmStackGenerator#REGISTRY}): one that answers there is
   * used as it is; otherwise Debian's {@code docker-registry} is installed and configured to listen on
   * {@code 127.0.0.1:5000} only.
   */
  private StepResult registry() {
    String at = SwarmStackGenerator.REGISTRY;
    if (manager.run(Command.of("curl", "-fsS", "-o", "/dev/null", "http://" + at + "/v2/").withTimeout(Duration.ofSeconds(30))).ok()) {
      return StepResult.unchanged("registry " + at);
    }
    run(Command.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-q", "--no-install-recommends", "docker-registry")
        .withTimeout(Duration.ofMinutes(10)));
    manager.upload("/etc/docker/registry/config.yml", ("# Written by vps: the swarm's registry for images built on this manager, on 127.0.0.1 only.\n"
        + "version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: /var/lib/docker-registry\nhttp:\n  addr: " + at + "\n")
        .getBytes(StandardCharsets.UTF_8), FileSpec.of(0644, "root"));
    run(Command.of("systemctl", "restart", "docker-registry"));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!manager.run(Command.of("curl", "-fsS", "-o", "/dev/null", "http://" + at + "/v2/").withTimeout(Duration.ofSeconds(10))).ok()) {
      if (System.nanoTime() > deadline) {
        throw new SwarmException(SwarmException.Reason.FAILED, "the registry at " + at + " does not answer after its installation");
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SwarmException(SwarmException.Reason.FAILED, "interrupted while waiting for the registry");
      }
    }
    return StepResult.changed("registry " + at, "docker-registry installed, listening on 127.0.0.1 only");
  }

  /** Builds and pushes a built service's image unless the registry has that tag (the tag is the context's hash). */
  private StepResult build(String stack, SwarmBuild b) {
    String ref = b.image();
    String repoAndTag = ref.substring(SwarmStackGenerator.REGISTRY.length() + 1);
    String repo = repoAndTag.substring(0, repoAndTag.lastIndexOf(':'));
    String tag = repoAndTag.substring(repoAndTag.lastIndexOf(':') + 1);
    if (manager.run(Command.of("curl", "-fsS", "-o", "/dev/null", "-H", "Accept: application/vnd.docker.distribution.manifest.v2+json",
        "http://" + SwarmStackGenerator.REGISTRY + "/v2/" + repo + "/manifests/" + tag).withTimeout(Duration.ofSeconds(30))).ok()) {
      return StepResult.unchanged("image " + ref);
    }
    String dir = DIR + "/" + stack + "/build/" + b.service();
    run(Command.of("rm", "-rf", dir));
    run(Command.of("install", "-d", "-m", "0700", dir));
    for (Map.Entry<String, byte[]> f : b.context().entrySet()) {
      String path = dir + "/" + f.getKey();
      if (f.getKey().contains("/")) {
        run(Command.of("install", "-d", "-m", "0700", path.substring(0, path.lastIndexOf('/'))));
      }
      manager.upload(path, f.getValue(), FileSpec.of(0644, "root"));
    }
    run(Command.of("docker", "build", "--quiet", "--tag", ref, dir).withTimeout(Duration.ofMinutes(30)));
    run(Command.of("docker", "push", "--quiet", ref).withTimeout(Duration.ofMinutes(10)));
    return StepResult.changed("image " + ref, "built on the manager and pushed");
  }

  /** Rolls a service of the stack back to its previous spec ({@code docker service rollback}) and waits for it. */
  public List<StepResult> rollback(String stack, String service, Duration timeout) {
    String name = stack + "_" + service;
    run(Command.of("docker", "service", "rollback", "--detach", name).withTimeout(Duration.ofMinutes(2)));
    Convergence c = await(stack, Set.of(name), timeout);
    if (!c.stuck().isEmpty()) {
      throw new SwarmException(SwarmException.Reason.TIMEOUT, "rollback of " + name + " did not converge: " + String.join("; ", c.stuck()));
    }
    return List.of(StepResult.changed(name, "rolled back to its previous spec"));
  }

  private record Convergence(Map<String, String> services, List<String> rolledBack, List<String> stuck) {}

  /**
   * Polls until every service's replicas run and the update of each service in {@code updating} has
   * ended (completed, or rolled back), or the time is up, or an update paused.
   */
  private Convergence await(String stack, Set<String> updating, Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (true) {
      // a spec change that starts no task update (labels only) leaves no update status: after 15 s, running replicas are enough
      boolean grace = System.nanoTime() - start > Duration.ofSeconds(15).toNanos();
      Map<String, String> services = new LinkedHashMap<>();
      List<String> rolledBack = new ArrayList<>();
      List<String> stuck = new ArrayList<>();
      Map<String, String> allReplicas = replicas(stack);
      for (JsonNode s : inspect(stack)) {
        String name = s.path("Spec").path("Name").asText();
        String state = s.path("UpdateStatus").path("State").asText("");
        String message = s.path("UpdateStatus").path("Message").asText("");
        String replicas = allReplicas.getOrDefault(name, "0/0");
        services.put(name, replicas + " " + s.path("Spec").path("TaskTemplate").path("ContainerSpec").path("Image").asText().replaceAll("@sha256:.*", ""));
        String[] rr = replicas.split("/");
        boolean full = rr.length == 2 && rr[0].equals(rr[1].replaceAll("\\D.*", "")) && !rr[0].equals("0");
        switch (state) {
          case "rollback_completed" -> {
            rolledBack.add(name + ": " + message);
            if (!full) {
              stuck.add(name + " " + replicas + " after its rollback");
            }
          }
          case "updating", "rollback_started" -> stuck.add(name + " " + state + " (" + replicas + ")");
          case "paused", "rollback_paused" -> stuck.add(name + " " + state + ": " + message);
          case "completed" -> {
            if (!full) {
              stuck.add(name + " " + replicas);
            }
          }
          default -> {
            if (updating.contains(name) && !(grace && full)) {
              stuck.add(name + " update not started (" + replicas + ")");
            } else if (!full) {
              stuck.add(name + " " + replicas);
            }
          }
        }
      }
      if (stuck.isEmpty() || System.nanoTime() > deadline || stuck.stream().anyMatch(x -> x.contains("paused"))) {
        return new Convergence(services, rolledBack, stuck);
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Convergence(services, rolledBack, List.of("interrupted"));
      }
    }
  }

  /** Each service of the stack's {@code running/desired}, as {@code docker service ls} shows it: one command for all. */
  private Map<String, String> replicas(String stack) {
    CommandResult r = run(Command.of("docker", "service", "ls", "--filter", "label=com.docker.stack.namespace=" + stack, "--format",
        "{{.Name}} {{.Replicas}}"));
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : r.stdout().strip().split("\n")) {
      String[] f = line.strip().split(" ", 2);
      if (f.length == 2) {
        out.put(f[0], f[1].strip());
      }
    }
    return out;
  }

  private List<JsonNode> inspect(String stack) {
    CommandResult ids = run(Command.of("docker", "service", "ls", "-q", "--filter", "label=com.docker.stack.namespace=" + stack));
    List<String> argv = new ArrayList<>(List.of("docker", "service", "inspect"));
    for (String id : ids.stdout().strip().split("\\s+")) {
      if (!id.isBlank()) {
        argv.add(id);
      }
    }
    if (argv.size() == 3) {
      return List.of();
    }
    try {
      List<JsonNode> out = new ArrayList<>();
      JSON.readTree(run(Command.of(argv)).stdout()).forEach(out::add);
      return out;
    } catch (java.io.IOException e) {
      throw new SwarmException(SwarmException.Reason.FAILED, "cannot read the services of " + stack + ": " + e.getMessage());
    }
  }

  /**
   * Each service's spec, as a hash: what a deploy changed. (Not the spec's version: {@code docker stack
   * deploy} updates every service of the stack, and Swarm bumps the version of an unchanged spec too.)
   */
  private Map<String, String> versions(String stack) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode s : inspect(stack)) {
      out.put(s.path("Spec").path("Name").asText(), sha256(s.path("Spec").toString().getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  private Set<String> names(String kind) {
    return new HashSet<>(List.of(run(Command.of("docker", kind, "ls", "--format", "{{.Name}}")).stdout().strip().split("\\s+")));
  }

  private StepResult create(String kind, SwarmObject o, Set<String> have, String stack) {
    if (have.contains(o.name())) {
      return StepResult.unchanged(kind + " " + o.name());
    }
    run(Command.of("docker", kind, "create", "--label", "vps.stack=" + stack, "--label", "vps.key=" + o.key(), o.name(), "-")
        .withStdin(o.content()));
    return StepResult.changed(kind + " " + o.name(), "created");
  }

  /** Removes the stack's configs and secrets that it no longer names (those still in use by a rolling task stay). */
  private List<StepResult> prune(SwarmStack stack) {
    List<StepResult> out = new ArrayList<>();
    Set<String> keep = new HashSet<>(stack.objectNames());
    for (String kind : List.of("config", "secret")) {
      CommandResult r = run(Command.of("docker", kind, "ls", "--filter", "label=vps.stack=" + stack.name(), "--format", "{{.Name}}"));
      for (String n : r.stdout().strip().split("\\s+")) {
        if (!n.isBlank() && !keep.contains(n) && manager.run(Command.of("docker", kind, "rm", n)).ok()) {
          out.add(StepResult.changed(kind + " " + n, "removed (no longer used)"));
        }
      }
    }
    return out;
  }

  private CommandResult run(Command c) {
    CommandResult r = manager.run(c.withTimeout(c.timeout().compareTo(Command.DEFAULT_TIMEOUT) == 0 ? Duration.ofMinutes(2) : c.timeout()));
    if (!r.ok()) {
      throw new SwarmException(SwarmException.Reason.FAILED, c + " failed (exit " + r.exitCode() + "): "
          + CommandResult.tail((r.stderr() + r.stdout()).strip(), 8));
    }
    return r;
  }

  private static String sha256(byte[] b) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
