package com.dimosaic.vps.deploy;

import com.dimosaic.vps.phase.RemoteFiles;
import com.dimosaic.vps.render.RenderedFile;
import com.dimosaic.vps.rollout.Strategy;
import com.dimosaic.vps.stack.StackDir;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Computes a {@link DeployPlan} from the files on the host and the files the profile renders now. */
public final class PlanDiff {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)");
  private static final String DB_ENV = "VPS_DB_PASSWORD_";

  private PlanDiff() {}

  /**
   * The plan.
   *
   * @param current the deploy folder's files as they are on the host (relative path → content; missing files absent)
   * @param next the rendered files
   * @param order every service of the new profile in dependency order
   * @param backup where the backup will go (for the action list)
   */
  public static DeployPlan compute(Map<String, byte[]> current, List<RenderedFile> next, List<String> order, String backup) {
    return compute(current, next, order, backup, Set.of(), List.of());
  }

  /**
   * The plan, with what lives beside the files: the services app delivery pinned to another image
   * ({@link ImagePins}) and the DNS changes the profile needs.
   *
   * @param pinned services with an image pin on the host (a profile image change removes the pin)
   * @param dnsChanges the DNS record changes, one line each ({@code + A hello.example.com 203.0.113.50})
   */
  public static DeployPlan compute(Map<String, byte[]> current, List<RenderedFile> next, List<String> order, String backup,
      Set<String> pinned, List<String> dnsChanges) {
    return compute(current, next, order, backup, pinned, dnsChanges, Map.of());
  }

  /**
   * The plan, naming how each recreated service is replaced.
   *
   * @param strategies per service, how its containers are replaced ({@link Strategy#of}); a service
   *     not in it is restarted
   */
  public static DeployPlan compute(Map<String, byte[]> current, List<RenderedFile> next, List<String> order, String backup,
      Set<String> pinned, List<String> dnsChanges, Map<String, Strategy> strategies) {
    List<String> changedFiles = new ArrayList<>();
    Map<String, byte[]> nextFiles = new LinkedHashMap<>();
    StringBuilder hashInput = new StringBuilder();
    for (RenderedFile f : next) {
      nextFiles.put(f.path(), f.content());
      hashInput.append(f.path()).append(' ').append(RemoteFiles.sha256(f.content())).append('\n');
      byte[] have = current.get(f.path());
      if (have == null || !java.util.Arrays.equals(have, f.content())) {
        changedFiles.add(f.path());
      }
    }
    String hash = RemoteFiles.sha256(hashInput.toString().getBytes(StandardCharsets.UTF_8));

    Map<String, Map<String, Object>> oldServices = services(current.get("docker-compose.yml"));
    Map<String, Map<String, Object>> newServices = services(nextFiles.get("docker-compose.yml"));
    Map<String, String> oldEnv = env(current.get(".env"));
    Map<String, String> newEnv = env(nextFiles.get(".env"));
    Set<String> envChanged = new LinkedHashSet<>();
    for (String k : union(oldEnv.keySet(), newEnv.keySet())) {
      if (!Objects.equals(oldEnv.get(k), newEnv.get(k))) {
        envChanged.add(k);
      }
    }
    // files mounted into a service: a changed one recreates it (a Caddyfile only reloads Caddy)
    Set<String> changedMounts = new LinkedHashSet<>(changedFiles);
    changedMounts.removeAll(List.of("docker-compose.yml", ".env", "Caddyfile"));

    Map<String, List<String>> serviceChanges = new LinkedHashMap<>();
    Map<String, String> imageUpdates = new LinkedHashMap<>();
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    Set<String> recreate = new LinkedHashSet<>();
    for (String s : oldServices.keySet()) {
      if (!newServices.containsKey(s)) {
        removed.add(s);
      }
    }
    for (String s : order) {
      Map<String, Object> now = newServices.get(s);
      if (now == null) {
        continue;
      }
      Map<String, Object> before = oldServices.get(s);
      if (before == null) {
        added.add(s);
        recreate.add(s);
        continue;
      }
      List<String> keys = new ArrayList<>();
      for (String k : union(before.keySet(), now.keySet())) {
        if (Objects.equals(before.get(k), now.get(k))) {
          continue;
        }
        if (k.equals("environment") && before.get(k) instanceof Map<?, ?> b && now.get(k) instanceof Map<?, ?> n) {
          for (Object e : unionKeys(b, n)) {
            if (!Objects.equals(b.get(e), n.get(e))) {
              keys.add("environment." + e);
            }
          }
        } else {
          keys.add(k);
        }
      }
      if (!Objects.equals(before.get("image"), now.get("image"))) {
        imageUpdates.put(s, before.get("image") + " → " + now.get("image"));
      }
      // a changed .env variable the service refers to changes its container's environment
      String definition = String.valueOf(now);
      for (String v : envChanged) {
        if (refersTo(definition, v) && !keys.contains("environment (.env " + v + ")")) {
          keys.add("environment (.env " + v + ")");
        }
      }
      for (String m : changedMounts) {
        if (definition.contains("./" + m) || definition.contains("./" + m.substring(0, Math.max(0, m.indexOf('/'))) + ":")) {
          keys.add("mounted " + m);
        }
      }
      if (!keys.isEmpty()) {
        serviceChanges.put(s, keys);
        recreate.add(s);
      }
    }

    List<String> newDatabases = new ArrayList<>();
    // the generator gives postgres one VPS_DB_PASSWORD_<ROLE> per database; a new one is a new database
    for (Map<String, Object> svc : newServices.values()) {
      if (svc.get("environment") instanceof Map<?, ?> env) {
        for (Object k : env.keySet()) {
          String name = String.valueOf(k);
          boolean before = oldServices.values().stream().anyMatch(o -> o.get("environment") instanceof Map<?, ?> oe && oe.containsKey(k));
          if (name.startsWith(DB_ENV) && !before) {
            newDatabases.add(name.substring(DB_ENV.length()).toLowerCase(java.util.Locale.ROOT));
          }
        }
      }
    }

    Map<String, String> oldSites = sites(current.get("Caddyfile"));
    Map<String, String> newSites = sites(nextFiles.get("Caddyfile"));
    List<String> sitesAdded = newSites.keySet().stream().filter(k -> !oldSites.containsKey(k)).toList();
    List<String> sitesRemoved = oldSites.keySet().stream().filter(k -> !newSites.containsKey(k)).toList();
    List<String> sitesChanged = newSites.keySet().stream().filter(k -> oldSites.containsKey(k) && !oldSites.get(k).equals(newSites.get(k)))
        .toList();

    List<String> actions = new ArrayList<>();
    if (!changedFiles.isEmpty() || !recreate.isEmpty() || !removed.isEmpty()) {
      actions.add("back up the current files (.env encrypted with age) and image IDs to " + backup);
    }
    if (!dnsChanges.isEmpty()) {
      actions.add("DNS: " + dnsChanges.size() + " record change(s) at the provider (before Caddy asks for certificates)");
    }
    if (!changedFiles.isEmpty()) {
      actions.add("upload " + changedFiles.size() + " file(s): " + String.join(", ", changedFiles));
    }
    // the service that mounts the Caddyfile reloads it, unless it is recreated anyway
    boolean caddyRecreated = newServices.entrySet().stream().anyMatch(e -> recreate.contains(e.getKey())
        && e.getValue().toString().contains("/etc/caddy/Caddyfile"));
    Map<String, String> strategy = new LinkedHashMap<>();
    if (changedFiles.contains("Caddyfile") && !caddyRecreated) {
      actions.add("validate the new Caddyfile, then reload Caddy gracefully (sites +" + sitesAdded.size() + " -" + sitesRemoved.size()
          + " ~" + sitesChanged.size() + "; in-flight requests finish)");
      newServices.entrySet().stream().filter(e -> e.getValue().toString().contains("/etc/caddy/Caddyfile")).findFirst()
          .ifPresent(e -> strategy.put(e.getKey(), Strategy.RELOAD.displayName()));
    }
    List<String> unpin = imageUpdates.keySet().stream().filter(pinned::contains).sorted().toList();
    unpin.forEach(s -> actions.add("unpin " + s + " (the profile's new image replaces the one app redeploy pinned)"));
    List<String> pulls = recreate.stream().filter(s -> imageUpdates.containsKey(s) || added.contains(s)).toList();
    if (!pulls.isEmpty()) {
      actions.add("pull images: " + String.join(", ", pulls));
    }
    for (String s : recreate) {
      Strategy how = strategies.getOrDefault(s, Strategy.RESTART);
      if (!added.contains(s)) {
        strategy.put(s, how.displayName());
      }
      String replace = how == Strategy.BLUE_GREEN ? "blue-green: start the new container beside the old one, wait for health, switch"
          + " Caddy, drain and remove the old one (no interruption)" : "restart: stop-start, wait for health (interrupted until it answers)";
      if (added.contains(s)) {
        actions.add("start new service " + s + ", wait for health");
      } else if (imageUpdates.containsKey(s)) {
        actions.add("update " + s + " (" + imageUpdates.get(s) + ") by " + replace + "; on failure restore the backup and previous images");
      } else {
        actions.add("recreate " + s + " (" + String.join(", ", serviceChanges.get(s)) + ") by " + replace);
      }
      if (!newDatabases.isEmpty() && newServices.get(s).toString().contains(DB_ENV)) {
        actions.add("create databases " + String.join(", ", newDatabases) + " in " + s + " (existing ones are never dropped)");
      }
    }
    removed.forEach(s -> actions.add("stop and remove " + s + " (volumes and data kept)"));
    if (!actions.isEmpty()) {
      actions.add("validate and record the deployment state");
    }
    return new DeployPlan(hash, changedFiles, serviceChanges, added, removed, imageUpdates, List.copyOf(recreate), sitesAdded, sitesRemoved,
        sitesChanged, List.copyOf(envChanged), newDatabases, unpin, List.copyOf(dnsChanges), strategy, actions);
  }

  private static boolean refersTo(String definition, String var) {
    Matcher m = VAR.matcher(definition);
    while (m.find()) {
      if (m.group(1).equals(var)) {
        return true;
      }
    }
    return false;
  }

  /** The services of a compose file's content, by name (empty for null). See {@link StackDir#composeServices}. */
  public static Map<String, Map<String, Object>> services(byte[] compose) {
    return StackDir.composeServices(compose);
  }

  /** {@code .env} as name → value (values are compared, never shown). */
  static Map<String, String> env(byte[] dotEnv) {
    Map<String, String> out = new TreeMap<>();
    if (dotEnv == null) {
      return out;
    }
    for (String l : new String(dotEnv, StandardCharsets.UTF_8).split("\n")) {
      int eq = l.indexOf('=');
      if (!l.startsWith("#") && eq > 0) {
        out.put(l.substring(0, eq).strip(), l.substring(eq + 1));
      }
    }
    return out;
  }

  /** Caddyfile site blocks: address line → block text (the global options block is not a site). */
  static Map<String, String> sites(byte[] caddyfile) {
    Map<String, String> out = new LinkedHashMap<>();
    if (caddyfile == null) {
      return out;
    }
    String current = null;
    StringBuilder block = new StringBuilder();
    for (String l : new String(caddyfile, StandardCharsets.UTF_8).split("\n")) {
      if (current == null && l.endsWith("{") && !l.startsWith("#") && !l.isBlank() && !Character.isWhitespace(l.charAt(0))) {
        current = l.substring(0, l.length() - 1).strip();
        block.setLength(0);
      } else if (current != null && l.equals("}")) {
        if (!current.isEmpty()) {
          out.put(current, block.toString());
        }
        current = null;
      } else if (current != null) {
        block.append(l).append('\n');
      }
    }
    return out;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> u = new LinkedHashSet<>(a);
    u.addAll(b);
    return u;
  }

  private static Set<Object> unionKeys(Map<?, ?> a, Map<?, ?> b) {
    Set<Object> u = new LinkedHashSet<>(a.keySet());
    u.addAll(b.keySet());
    return u;
  }
}
