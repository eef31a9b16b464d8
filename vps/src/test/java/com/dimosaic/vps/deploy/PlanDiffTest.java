package com.dimosaic.vps.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.render.RenderedFile;
import com.dimosaic.vps.rollout.Strategy;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The structured diff: per-service keys, .env by name only, Caddyfile sites, new databases, the action list. */
class PlanDiffTest {
  private static final String COMPOSE = String.join("\n",
      "name: t",
      "services:",
      "  caddy:",
      "    image: caddy:2",
      "    volumes: [./Caddyfile:/etc/caddy/Caddyfile:ro]",
      "  postgres:",
      "    image: postgres:17",
      "    environment:",
      "      POSTGRES_PASSWORD: \"${POSTGRES_PASSWORD}\"",
      "%PGENV%",
      "    volumes: [./init-db.sh:/docker-entrypoint-initdb.d/10-init-db.sh:ro]",
      "  redis:",
      "    image: %REDIS%",
      "%EXTRA%",
      "");
  private static final String CADDY = "{\n\temail a@example.com\n}\n\nexample.com {\n\tfile_server\n}\n%SITES%";

  private static Map<String, byte[]> files(String pgEnv, String redis, String extra, String env, String sites) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("docker-compose.yml", COMPOSE.replace("%PGENV%", pgEnv).replace("%REDIS%", redis).replace("%EXTRA%", extra)
        .getBytes(StandardCharsets.UTF_8));
    m.put(".env", env.getBytes(StandardCharsets.UTF_8));
    m.put("Caddyfile", CADDY.replace("%SITES%", sites).getBytes(StandardCharsets.UTF_8));
    return m;
  }

  private static List<RenderedFile> rendered(Map<String, byte[]> m) {
    return m.entrySet().stream().map(e -> new RenderedFile(e.getKey(), e.getValue(), e.getKey().equals(".env") ? 0600 : 0644,
        e.getKey().equals(".env"))).toList();
  }

  @Test
  void aChangedSecretIsNamedNeverShownAndRecreatesOnlyWhatRefersToIt() {
    Map<String, byte[]> now = files("", "redis:7", "", "POSTGRES_PASSWORD=old-secret-value\n", "");
    Map<String, byte[]> next = files("", "redis:7", "", "POSTGRES_PASSWORD=new-secret-value\n", "");
    DeployPlan p = PlanDiff.compute(now, rendered(next), List.of("caddy", "postgres", "redis"), "b");
    assertEquals(List.of("POSTGRES_PASSWORD"), p.envChanged());
    assertEquals(List.of("postgres"), p.recreate());
    assertFalse(p.configOnly());
    for (String text : List.of(p.toText(), p.toJson())) {
      assertFalse(text.contains("old-secret-value") || text.contains("new-secret-value"), text);
    }
  }

  @Test
  void servicesSitesImagesAndDatabasesAreListedWithNumberedActions() {
    Map<String, byte[]> now = files("", "redis:7", "", "POSTGRES_PASSWORD=x\n", "");
    Map<String, byte[]> next = files("      VPS_DB_PASSWORD_HELLO: \"${HELLO_DB}\"", "redis:8",
        "  hello:\n    image: hello:1\n", "POSTGRES_PASSWORD=x\nHELLO_DB=y\n", "hello.example.com {\n\treverse_proxy hello:8080\n}\n");
    DeployPlan p = PlanDiff.compute(now, rendered(next), List.of("caddy", "postgres", "redis", "hello"), "b");
    assertEquals(List.of("hello"), p.addedServices());
    assertEquals(List.of("hello"), p.newDatabases());
    assertEquals(Map.of("redis", "redis:7 → redis:8"), p.imageUpdates());
    assertEquals(List.of("postgres", "redis", "hello"), p.recreate());
    assertEquals(List.of("hello.example.com"), p.sitesAdded());
    assertEquals(List.of("HELLO_DB"), p.envChanged());
    assertTrue(p.serviceChanges().get("postgres").contains("environment.VPS_DB_PASSWORD_HELLO"), p.toText());
    String text = p.toText();
    assertTrue(text.contains("validate the new Caddyfile, then reload Caddy gracefully (sites +1 -0 ~0"), text);
    assertTrue(text.contains("create databases hello in postgres"), text);
    assertTrue(text.contains("update redis (redis:7 → redis:8) by restart: stop-start, wait for health (interrupted until it answers); on"
        + " failure restore"), text);
    assertTrue(text.indexOf("recreate postgres") < text.indexOf("start new service hello"), text);
  }

  @Test
  void removedServicesAreStoppedWithTheirVolumesKeptAndAnUnchangedStackIsEmpty() {
    Map<String, byte[]> now = files("", "redis:7", "  old:\n    image: old:1\n", "A=1\n", "");
    Map<String, byte[]> next = files("", "redis:7", "", "A=1\n", "");
    DeployPlan p = PlanDiff.compute(now, rendered(next), List.of("caddy", "postgres", "redis"), "b");
    assertEquals(List.of("old"), p.removedServices());
    assertTrue(p.toText().contains("stop and remove old (volumes and data kept)"), p.toText());
    DeployPlan same = PlanDiff.compute(next, rendered(next), List.of("caddy", "postgres", "redis"), "b");
    assertTrue(same.isEmpty(), same.toText());
    assertEquals("no changes", same.summary());
  }

  @Test
  void dnsChangesAloneMakeAPlanRunFirstAndAProfileImageChangeUnpinsTheService() {
    Map<String, byte[]> same = files("", "redis:7", "", "A=1\n", "");
    DeployPlan dnsOnly = PlanDiff.compute(same, rendered(same), List.of("caddy", "postgres", "redis"), "b", Set.of(),
        List.of("+ A hello 203.0.113.50 (zone example.com)"));
    assertFalse(dnsOnly.isEmpty(), "a zone out of step with the profile is something to deploy");
    assertTrue(dnsOnly.toText().contains("DNS\n  + A hello 203.0.113.50"), dnsOnly.toText());
    assertTrue(dnsOnly.toJson().contains("\"dns\" : [ \"+ A hello 203.0.113.50 (zone example.com)\" ]"), dnsOnly.toJson());
    Map<String, byte[]> next = files("", "redis:8", "", "A=1\n", "hello.example.com {\n\treverse_proxy hello:8080\n}\n");
    DeployPlan p = PlanDiff.compute(same, rendered(next), List.of("caddy", "postgres", "redis"), "b", Set.of("redis", "hello"),
        List.of("+ A hello 203.0.113.50 (zone example.com)"));
    assertEquals(List.of("redis"), p.unpin(), "only a pinned service whose profile image changed is unpinned");
    String text = p.toText();
    assertTrue(text.indexOf("DNS: 1 record change") < text.indexOf("reload Caddy"), text);
    assertEquals(Map.of("caddy", "reload", "redis", "restart"), p.strategies(), "a service without a strategy restarts");
    assertTrue(text.indexOf("unpin redis") < text.indexOf("pull images: redis"), text);
  }

  @Test
  void caddyfileSitesAreParsedByTheirAddressLines() {
    Map<String, String> sites = PlanDiff.sites(("{\n\temail x\n}\n\na.example.com, www.a.example.com {\n\tfile_server\n}\n"
        + "b.example.com {\n\trespond \"x\" 404\n}\n").getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of("a.example.com, www.a.example.com", "b.example.com"), List.copyOf(sites.keySet()));
  }

  @Test
  void thePlanNamesHowEachChangedServiceIsReplacedAndTheInterruptionToExpect() {
    Map<String, byte[]> now = files("", "redis:7", "  hello:\n    image: hello:1\n", "A=1\n", "hello.example.com {\n\treverse_proxy hello:8080\n}\n");
    Map<String, byte[]> next = files("", "redis:8", "  hello:\n    image: hello:2\n", "A=1\n",
        "hello.example.com {\n\treverse_proxy hello:8080\n}\nshop.example.com {\n\treverse_proxy hello:8080\n}\n");
    DeployPlan p = PlanDiff.compute(now, rendered(next), List.of("caddy", "postgres", "redis", "hello"), "b", Set.of(), List.of(),
        Map.of("hello", Strategy.BLUE_GREEN, "redis", Strategy.RESTART, "caddy", Strategy.RESTART));
    assertEquals(List.of("caddy", "redis", "hello"), List.copyOf(p.strategies().keySet()));
    assertEquals(List.of("reload", "restart", "blue-green"), List.copyOf(p.strategies().values()));
    String text = p.toText();
    assertTrue(text.contains("Rollout (expected interruption)\n  caddy  reload      none: Caddy's graceful reload\n"
        + "  redis  restart     until the new container answers (stop-start)\n"
        + "  hello  blue-green  none: the old container serves until the new one is healthy, then drains\n"), text);
    assertTrue(text.contains("update hello (hello:1 → hello:2) by blue-green: start the new container beside the old one, wait for"
        + " health, switch Caddy, drain and remove the old one (no interruption)"), text);
    assertTrue(p.toJson().contains("\"strategies\" : {\n    \"caddy\" : \"reload\",\n    \"redis\" : \"restart\",\n"
        + "    \"hello\" : \"blue-green\"\n  }"), p.toJson());
  }
}
