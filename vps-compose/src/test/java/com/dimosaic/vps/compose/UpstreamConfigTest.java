package com.dimosaic.vps.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The generated Zitadel and Windmill configuration, held against the upstream projects' own files
 * (copies with their provenance in {@code src/test/resources/upstream/}): Zitadel's
 * {@code cmd/defaults.yaml} (an excerpt: the external-access, TLS and database keys) and Windmill's
 * {@code docker-compose.yml}. The box e2e then runs wiring probes under the same settings.
 */
class UpstreamConfigTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Path UPSTREAM = Path.of("src/test/resources/upstream");

  /** Top-level keys of the generated config that the upstream excerpt does not cover, each with where it is documented. */
  static final Map<String, String> OUTSIDE_THE_EXCERPT = Map.of(
      "Log", "defaults.yaml's legacy Log.Level (outside the excerpt)",
      "OIDC", "OIDC.DefaultLoginURLV2/DefaultLogoutURLV2 of login v2 (outside the excerpt)",
      "SAML", "SAML.DefaultLoginURLV2 of login v2 (outside the excerpt)",
      "DefaultInstance", "DefaultInstance.Features.LoginV2 (outside the excerpt)");

  @Test
  void everyZitadelKeyTheGeneratorWritesIsOneZitadelDefines() throws Exception {
    JsonNode generated = YAML.readTree(ComposeGeneratorTest.render(ComposeGeneratorTest.DEMO).get("zitadel/zitadel-config.yaml").text());
    JsonNode defaults = YAML.readTree(Files.readString(UPSTREAM.resolve("zitadel-defaults.excerpt.yaml")));
    List<String> unknown = new ArrayList<>();
    Set<String> outside = new TreeSet<>();
    for (Iterator<String> it = generated.fieldNames(); it.hasNext(); ) {
      String top = it.next();
      if (OUTSIDE_THE_EXCERPT.containsKey(top)) {
        outside.add(top);
      } else {
        compare(generated.get(top), defaults.get(top), top, unknown);
      }
    }
    assertEquals(List.of(), unknown, "keys Zitadel's defaults.yaml does not define");
    assertEquals(OUTSIDE_THE_EXCERPT.keySet(), outside, "a new top-level key must be classified");
    // the values the external-TLS setup behind Caddy needs
    assertEquals(443, generated.path("ExternalPort").asInt());
    assertTrue(generated.path("ExternalSecure").asBoolean());
    assertEquals(false, generated.path("TLS").path("Enabled").asBoolean(true));
    assertEquals("postgres", generated.path("Database").path("postgres").path("Admin").path("Username").asText());
  }

  private static void compare(JsonNode ours, JsonNode theirs, String path, List<String> unknown) {
    if (theirs == null || theirs.isMissingNode()) {
      unknown.add(path);
      return;
    }
    if (ours.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = ours.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        compare(e.getValue(), theirs.get(e.getKey()), path + "." + e.getKey(), unknown);
      }
    }
  }

  @Test
  void windmillServicesGetTheEnvironmentUpstreamGivesThem() throws Exception {
    JsonNode compose = YAML.readTree(ComposeGeneratorTest.render(ComposeGeneratorTest.DEMO).get("docker-compose.yml").text());
    JsonNode upstream = YAML.readTree(Files.readString(UPSTREAM.resolve("windmill-docker-compose.yml"))).path("services");
    Map<String, String> counterpart = Map.of("windmill-server", "windmill_server", "windmill-worker", "windmill_worker",
        "windmill-lsp", "windmill_extra");
    // documented Windmill settings upstream's compose file does not set
    Set<String> documentedExtras = Set.of("BASE_URL");
    for (Map.Entry<String, String> c : counterpart.entrySet()) {
      Set<String> ours = names(compose.path("services").path(c.getKey()).path("environment"));
      Set<String> theirs = names(upstream.path(c.getValue()).path("environment"));
      Set<String> extra = new TreeSet<>(ours);
      extra.removeAll(theirs);
      extra.removeAll(documentedExtras);
      assertEquals(Set.of(), extra, c.getKey() + " sets variables upstream's " + c.getValue() + " does not: " + ours + " vs " + theirs);
      for (String must : List.of("DATABASE_URL", "MODE")) {
        if (theirs.contains(must)) {
          assertTrue(ours.contains(must), c.getKey() + " lacks " + must);
        }
      }
      assertEquals(value(upstream.path(c.getValue()).path("environment"), "MODE"), value(compose.path("services").path(c.getKey())
          .path("environment"), "MODE"), c.getKey() + " MODE");
    }
    // DATABASE_URL has upstream's shape; the value itself is interpolated from .env
    String env = new String(ComposeGeneratorTest.render(ComposeGeneratorTest.DEMO).get(".env").content(), java.nio.charset.StandardCharsets.UTF_8);
    String url = env.lines().filter(l -> l.startsWith("VPS_WINDMILL_SERVER_DATABASE_URL=")).findFirst().orElseThrow();
    assertTrue(url.matches("VPS_WINDMILL_SERVER_DATABASE_URL='postgres://windmill:[^@]+@postgres:5432/windmill\\?sslmode=disable'"), url);
  }

  /** Variable names of a Compose environment, as a map or as a list of {@code NAME=value}. */
  static Set<String> names(JsonNode env) {
    Set<String> out = new TreeSet<>();
    if (env.isObject()) {
      env.fieldNames().forEachRemaining(out::add);
    } else {
      env.forEach(e -> out.add(e.asText().split("=", 2)[0]));
    }
    return out;
  }

  static String value(JsonNode env, String name) {
    if (env.isObject()) {
      return env.path(name).asText(null);
    }
    for (JsonNode e : env) {
      String[] kv = e.asText().split("=", 2);
      if (kv[0].equals(name)) {
        return kv.length > 1 ? kv[1].replaceAll("\\s+#.*", "").strip() : "";
      }
    }
    return null;
  }
}
