package com.dimosaic.vps.rollout;

import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.stack.DeployException;
import com.dimosaic.vps.stack.StackDir;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The running Caddy of a stack, driven through its own command line inside its container
 * ({@code docker compose exec}), which talks to Caddy's admin API on the container's loopback:
 * <ul>
 *   <li>{@link #validate}: {@code caddy validate} of a Caddyfile before it is uploaded;</li>
 *   <li>{@link #reload}: {@code caddy reload} of the deployed Caddyfile — graceful: requests in flight
 *       finish on the old configuration, new ones take the new;</li>
 *   <li>{@link #routeTo}: the deployed Caddyfile, adapted to JSON, with the upstreams that dial a
 *       service's name replaced by given containers' names, loaded the same graceful way. This is the
 *       switch of a blue/green deploy; a {@link #reload} goes back to the names in the file;</li>
 *   <li>{@link #inFlight}: the requests in flight per upstream, which tell when a drain is over.</li>
 * </ul>
 */
public final class CaddyRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CADDYFILE = "/etc/caddy/Caddyfile";
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final StackDir stack;
  private final String service;

  /** The Caddy that runs as compose service {@code caddyService} of {@code stack}. */
  public CaddyRoutes(StackDir stack, String caddyService) {
    this.stack = Objects.requireNonNull(stack, "stack == null");
    this.service = Objects.requireNonNull(caddyService, "caddyService == null");
  }

  /**
   * Checks a Caddyfile with the running Caddy's own {@code caddy validate}, without writing it anywhere.
   *
   * @throws DeployException {@code INVALID} with Caddy's words when it rejects the file
   */
  public void validate(byte[] caddyfile) {
    CommandResult r = stack.run(stack.compose("exec", "-T", service, "caddy", "validate", "--config", "/dev/stdin", "--adapter",
        "caddyfile").withStdin(caddyfile).withTimeout(TIMEOUT));
    if (!r.ok()) {
      throw new DeployException(DeployException.Reason.INVALID, "Caddy rejects the new Caddyfile; nothing was changed:\n"
          + CommandResult.tail(r.stderr() + r.stdout(), 10));
    }
  }

  /** Loads the deployed Caddyfile gracefully. */
  public void reload() {
    stack.composeOk(TIMEOUT, "exec", "-T", service, "caddy", "reload", "--config", CADDYFILE, "--adapter", "caddyfile");
  }

  /**
   * Loads the deployed Caddyfile with every upstream that dials a key of {@code dials} (such as
   * {@code hello:8080}) replaced by the upstreams of its value (such as {@code e2e-hello-2:8080}),
   * gracefully.
   *
   * @return how many upstreams were replaced
   * @throws DeployException when Caddy cannot adapt or load it
   */
  public int routeTo(Map<String, List<String>> dials) {
    CommandResult adapted = stack.run(stack.compose("exec", "-T", service, "caddy", "adapt", "--config", CADDYFILE, "--adapter",
        "caddyfile").withTimeout(TIMEOUT));
    if (!adapted.ok()) {
      throw new DeployException("caddy adapt of the deployed Caddyfile failed:\n" + CommandResult.tail(adapted.stderr(), 10));
    }
    JsonNode config;
    try {
      config = JSON.readTree(adapted.stdout());
    } catch (IOException e) {
      throw new DeployException("caddy adapt printed no JSON: " + e.getMessage(), e);
    }
    int replaced = replaceUpstreams(config, dials);
    CommandResult loaded = stack.run(stack.compose("exec", "-T", service, "caddy", "reload", "--config", "/dev/stdin")
        .withStdin(config.toString().getBytes(StandardCharsets.UTF_8)).withTimeout(TIMEOUT));
    if (!loaded.ok()) {
      throw new DeployException("Caddy did not load the switched configuration:\n" + CommandResult.tail(loaded.stderr(), 10));
    }
    return replaced;
  }

  /**
   * The requests Caddy has in flight to each upstream address ({@code num_requests} of the admin
   * API's {@code /reverse_proxy/upstreams}, read with {@code wget} inside the container), every
   * configuration still running included; empty when it cannot be read.
   */
  public Optional<Map<String, Integer>> inFlight() {
    CommandResult r = stack.run(stack.compose("exec", "-T", service, "wget", "-q", "-O", "-", "http://127.0.0.1:2019/reverse_proxy/upstreams")
        .withTimeout(Duration.ofSeconds(30)));
    if (!r.ok()) {
      return Optional.empty();
    }
    try {
      return Optional.of(inFlight(JSON.readTree(r.stdout())));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static Map<String, Integer> inFlight(JsonNode upstreams) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (JsonNode u : upstreams) {
      out.merge(u.path("address").asText(), u.path("num_requests").asInt(0), Integer::sum);
    }
    return out;
  }

  /** Replaces, in every {@code reverse_proxy} handler of a Caddy JSON configuration, the upstreams named in {@code dials}. */
  static int replaceUpstreams(JsonNode node, Map<String, List<String>> dials) {
    int replaced = 0;
    if (node instanceof ObjectNode o && "reverse_proxy".equals(o.path("handler").asText()) && o.get("upstreams") instanceof ArrayNode ups) {
      ArrayNode next = JSON.createArrayNode();
      for (JsonNode u : ups) {
        List<String> to = dials.get(u.path("dial").asText());
        if (to == null) {
          next.add(u);
          continue;
        }
        replaced++;
        for (String d : to) {
          next.add(((ObjectNode) u.deepCopy()).put("dial", d));
        }
      }
      o.set("upstreams", next);
    }
    for (JsonNode child : node) {
      replaced += replaceUpstreams(child, dials);
    }
    return replaced;
  }
}
