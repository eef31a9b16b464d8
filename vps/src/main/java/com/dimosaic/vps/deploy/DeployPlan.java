package com.dimosaic.vps.deploy;

import com.dimosaic.vps.rollout.Strategy;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a deploy would change, computed before anything changes: the structured diff (per service
 * the compose keys that differ, services added and removed, Caddyfile sites added/removed/changed,
 * {@code .env} variables by name only) and the numbered actions. Secret values never appear: the
 * compose file refers to them as {@code ${NAME}} and {@code .env} changes are listed by name.
 *
 * @param hash SHA-256 over the files the deploy would upload (identifies the plan in backups and the audit log)
 * @param changedFiles files whose content differs (relative to the deploy folder)
 * @param serviceChanges per existing service, the compose keys that differ (e.g. {@code environment.GREETING}, {@code image})
 * @param addedServices services new to the compose file
 * @param removedServices services no longer in it (stopped and removed; volumes kept)
 * @param imageUpdates per service, {@code old → new} image reference
 * @param recreate services whose containers must be recreated (config or image), in dependency order
 * @param sitesAdded Caddyfile sites added
 * @param sitesRemoved Caddyfile sites removed
 * @param sitesChanged Caddyfile sites whose block changed
 * @param envChanged {@code .env} variables added, removed or changed (names only)
 * @param newDatabases databases (by role) new to PostgreSQL
 * @param unpin services whose image pin (set by app redeploy) the profile's image change removes
 * @param dnsChanges DNS record changes at the profile's provider, one line each (e.g. a new route's A record)
 * @param strategies per changed service, how it is put into service: {@code blue-green}, {@code restart},
 *     or {@code reload} (Caddy, for a Caddyfile change)
 * @param actions the numbered steps, as shown before confirmation
 */
public record DeployPlan(String hash, List<String> changedFiles, Map<String, List<String>> serviceChanges, List<String> addedServices,
    List<String> removedServices, Map<String, String> imageUpdates, List<String> recreate, List<String> sitesAdded,
    List<String> sitesRemoved, List<String> sitesChanged, List<String> envChanged, List<String> newDatabases, List<String> unpin,
    List<String> dnsChanges, Map<String, String> strategies, List<String> actions) {

  /** Copies the strategies, keeping their order. */
  public DeployPlan {
    strategies = Collections.unmodifiableMap(new LinkedHashMap<>(strategies));
  }

  /** Whether there is nothing to do. */
  public boolean isEmpty() {
    return changedFiles.isEmpty() && recreate.isEmpty() && addedServices.isEmpty() && removedServices.isEmpty() && dnsChanges.isEmpty();
  }

  /** Whether only files and Caddy change (no container is recreated, added or removed). */
  public boolean configOnly() {
    return recreate.isEmpty() && addedServices.isEmpty() && removedServices.isEmpty();
  }

  /** A one-line summary for backups and rollback lists. */
  public String summary() {
    if (isEmpty()) {
      return "no changes";
    }
    StringBuilder sb = new StringBuilder();
    if (!addedServices.isEmpty()) {
      sb.append("+").append(String.join(",", addedServices)).append(' ');
    }
    if (!removedServices.isEmpty()) {
      sb.append("-").append(String.join(",", removedServices)).append(' ');
    }
    if (!imageUpdates.isEmpty()) {
      sb.append("images ").append(String.join(",", imageUpdates.keySet())).append(' ');
    }
    List<String> config = recreate.stream().filter(s -> !imageUpdates.containsKey(s) && !addedServices.contains(s)).toList();
    if (!config.isEmpty()) {
      sb.append("config ").append(String.join(",", config)).append(' ');
    }
    if (!sitesAdded.isEmpty() || !sitesRemoved.isEmpty() || !sitesChanged.isEmpty()) {
      sb.append("sites ").append(sitesAdded.size() + sitesRemoved.size() + sitesChanged.size()).append(' ');
    }
    if (!dnsChanges.isEmpty()) {
      sb.append("dns ").append(dnsChanges.size()).append(' ');
    }
    if (sb.length() == 0) {
      sb.append(changedFiles.size()).append(" file(s)");
    }
    return sb.toString().strip();
  }

  /** The diff and the actions, as printed before confirmation. */
  public String toText() {
    StringBuilder sb = new StringBuilder("Deployment plan ").append(hash, 0, 12).append("\n");
    if (isEmpty()) {
      return sb.append("  no changes\n").toString();
    }
    if (!serviceChanges.isEmpty() || !addedServices.isEmpty() || !removedServices.isEmpty()) {
      sb.append("\nServices\n");
      addedServices.forEach(s -> sb.append("  + ").append(s).append('\n'));
      removedServices.forEach(s -> sb.append("  - ").append(s).append(" (volumes kept)\n"));
      serviceChanges.forEach((s, keys) -> {
        sb.append("  ~ ").append(s).append('\n');
        keys.forEach(k -> sb.append("      ").append(k).append(imageUpdates.containsKey(s) && k.equals("image") ? ": "
            + imageUpdates.get(s) : "").append('\n'));
      });
    }
    if (!sitesAdded.isEmpty() || !sitesRemoved.isEmpty() || !sitesChanged.isEmpty()) {
      sb.append("\nCaddyfile sites\n");
      sitesAdded.forEach(s -> sb.append("  + ").append(s).append('\n'));
      sitesRemoved.forEach(s -> sb.append("  - ").append(s).append('\n'));
      sitesChanged.forEach(s -> sb.append("  ~ ").append(s).append('\n'));
    }
    if (!strategies.isEmpty()) {
      sb.append("\nRollout (expected interruption)\n");
      int width = strategies.keySet().stream().mapToInt(String::length).max().orElse(0);
      strategies.forEach((s, how) -> sb.append(String.format(java.util.Locale.ROOT, "  %-" + width + "s  %-10s  %s%n", s, how,
          Arrays.stream(Strategy.values()).filter(x -> x.displayName().equals(how)).map(Strategy::interruption).findFirst().orElse(""))));
    }
    if (!dnsChanges.isEmpty()) {
      sb.append("\nDNS\n");
      dnsChanges.forEach(s -> sb.append("  ").append(s).append('\n'));
    }
    if (!envChanged.isEmpty()) {
      sb.append("\n.env (names only)\n");
      envChanged.forEach(s -> sb.append("  ~ ").append(s).append('\n'));
    }
    sb.append("\nActions\n");
    for (int i = 0; i < actions.size(); i++) {
      sb.append(String.format(java.util.Locale.ROOT, "  %d. %s%n", i + 1, actions.get(i)));
    }
    return sb.toString();
  }

  /** The plan as JSON (what {@code deploy --dry-run --json} prints). */
  public String toJson() {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode().put("hash", hash).put("summary", summary());
    addAll(root.putArray("changedFiles"), changedFiles);
    ObjectNode services = root.putObject("serviceChanges");
    serviceChanges.forEach((s, keys) -> addAll(services.putArray(s), keys));
    addAll(root.putArray("addedServices"), addedServices);
    addAll(root.putArray("removedServices"), removedServices);
    ObjectNode images = root.putObject("imageUpdates");
    imageUpdates.forEach(images::put);
    addAll(root.putArray("recreate"), recreate);
    ObjectNode how = root.putObject("strategies");
    strategies.forEach(how::put);
    ObjectNode sites = root.putObject("sites");
    addAll(sites.putArray("added"), sitesAdded);
    addAll(sites.putArray("removed"), sitesRemoved);
    addAll(sites.putArray("changed"), sitesChanged);
    addAll(root.putArray("envChanged"), envChanged);
    addAll(root.putArray("newDatabases"), newDatabases);
    addAll(root.putArray("unpin"), unpin);
    addAll(root.putArray("dns"), dnsChanges);
    addAll(root.putArray("actions"), actions);
    try {
      return json.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void addAll(ArrayNode a, List<String> xs) {
    xs.forEach(a::add);
  }
}
