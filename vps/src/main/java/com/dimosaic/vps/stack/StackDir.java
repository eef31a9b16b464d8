package com.dimosaic.vps.stack;

import com.dimosaic.vps.core.HostLayout;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.remote.OutputListener;
import com.dimosaic.vps.remote.RemoteHost;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The deploy folder on the host ({@link HostLayout#STACK_DIR}) and how commands run there: as
 * {@code app}, through {@code sudo -u app} when the session is root, directly when it is app.
 *
 * @param host the connection
 * @param dir the deploy folder
 * @param asApp whether commands need {@code sudo -u app}
 */
public record StackDir(RemoteHost host, String dir, boolean asApp) {
  /** The standard deploy folder ({@link HostLayout#STACK_DIR}). */
  public static final String DEFAULT_DIR = HostLayout.STACK_DIR;
  /** Timestamps of rollback points and releases: {@code 20261203T171800Z} (UTC, sorts by time). */
  public static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final YAMLMapper YAML = new YAMLMapper();

  /** The deploy folder on this host, for the session's user (root or app). */
  public static StackDir of(RemoteHost host) {
    String user = host.run(Command.of("id", "-un")).requireSuccess().stdout().strip();
    if (!user.equals("root") && !user.equals(HostLayout.APP_USER)) {
      throw new DeployException(DeployException.Reason.INVALID, "deploy connects as " + HostLayout.APP_USER + " or root, not " + user);
    }
    return new StackDir(host, DEFAULT_DIR, !user.equals(HostLayout.APP_USER));
  }

  /**
   * Whether a file of the deploy folder is bind-mounted on its own into a container (the Caddyfile,
   * init-db.sh): such files are rewritten in place, since an atomic replace would leave a running
   * container reading the old one. {@code .env} and the compose files are read by Compose, and files
   * in sub-folders are mounted with their folder.
   */
  public static boolean singleFileMount(String relativePath) {
    return !relativePath.contains("/") && !relativePath.equals(".env") && !relativePath.equals("docker-compose.yml")
        && !relativePath.equals(ImagePins.FILE);
  }

  /** The state folder. */
  public String stateDir() {
    return dir + "/" + HostLayout.STATE;
  }

  /** A command run as app in the deploy folder. */
  public Command command(List<String> argv) {
    Command c = Command.of(argv).inDirectory(dir);
    return asApp ? c.asUser(HostLayout.APP_USER) : c;
  }

  /** {@code docker compose ...} as app in the deploy folder. */
  public Command compose(String... args) {
    List<String> argv = new ArrayList<>(List.of("docker", "compose"));
    argv.addAll(List.of(args));
    return command(argv);
  }

  /** Runs a command as app in the deploy folder. */
  public CommandResult run(Command c) {
    return host.run(c);
  }

  /** Runs {@code docker compose ...}, failing on a non-zero exit. */
  public CommandResult composeOk(Duration timeout, String... args) {
    return host.run(compose(args).withTimeout(timeout)).requireSuccess();
  }

  /** Runs {@code docker compose ...} with its output streamed line by line to {@code output}, failing on a non-zero exit. */
  public CommandResult composeOk(Duration timeout, OutputListener output, String... args) {
    return host.run(compose(args).withTimeout(timeout), output).requireSuccess();
  }

  /**
   * Service → image ID of its running container(s), from one {@code docker compose ps} and one
   * {@code docker inspect} of them all; only {@code services} when any are given.
   */
  public Map<String, String> runningImages(String... services) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> ps = new ArrayList<>(List.of("ps", "-q"));
    ps.addAll(List.of(services));
    List<String> ids = run(compose(ps.toArray(String[]::new))).stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    if (ids.isEmpty()) {
      return out;
    }
    List<String> inspect = new ArrayList<>(List.of("docker", "inspect", "--format",
        "{{index .Config.Labels \"com.docker.compose.service\"}} {{.Image}}"));
    inspect.addAll(ids);
    for (String l : run(command(inspect)).stdout().strip().split("\n")) {
      String[] w = l.strip().split(" ");
      if (w.length == 2 && !w[0].isEmpty()) {
        out.putIfAbsent(w[0], w[1]);
      }
    }
    return out;
  }

  /** The services of a compose file's content (name → its keys, as parsed); empty for {@code null}. */
  @SuppressWarnings("unchecked")
  public static Map<String, Map<String, Object>> composeServices(byte[] compose) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    if (compose == null) {
      return out;
    }
    try {
      Map<String, Object> root = YAML.readValue(compose, Map.class);
      if (root != null && root.get("services") instanceof Map<?, ?> services) {
        services.forEach((k, v) -> out.put(String.valueOf(k), v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of()));
      }
      return out;
    } catch (IOException e) {
      throw new DeployException(DeployException.Reason.FAILED, "the host's docker-compose.yml is not valid YAML: " + e.getMessage(), e);
    }
  }

  /** Reads a file of the deploy folder (empty when missing). */
  public Optional<byte[]> read(String relative) {
    return host.read(dir + "/" + relative);
  }

  /** Writes a file as app (mode 0600 for secrets, else 0644), atomically unless {@code inPlace}. */
  public void write(String path, byte[] content, boolean secret, boolean inPlace) {
    if (inPlace && host.exists(path)) {
      host.run(command(List.of("sh", "-c", "cat > \"$1\"", "sh", path)).withStdin(content)).requireSuccess();
      return;
    }
    host.run(command(List.of("sh", "-c", "umask 077; mkdir -p \"$(dirname \"$1\")\" && cat > \"$1.tmp\" && chmod \"$2\" \"$1.tmp\""
        + " && mv -f \"$1.tmp\" \"$1\"", "sh", path, secret ? "600" : "644")).withStdin(content)).requireSuccess();
  }
}
