package com.dimosaic.vps.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.profile.Engine;
import com.dimosaic.vps.profile.FleetHost;
import com.dimosaic.vps.profile.HostSpec;
import com.dimosaic.vps.profile.Inventory;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.SshSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The demo catalogue as a Swarm stack: secrets and configs by content hash, placement, update and rollback policy. */
class SwarmStackGeneratorTest {
  static Profile swarm(String... roles) {
    Profile demo = ComposeGeneratorTest.load(ComposeGeneratorTest.DEMO);
    List<FleetHost> hosts = new java.util.ArrayList<>();
    for (int i = 0; i < roles.length; i++) {
      hosts.add(new FleetHost("n" + (i + 1), new HostSpec("203.0.113." + (51 + i), Optional.empty(), new SshSettings(22, "root",
          Optional.empty(), Optional.empty())), Optional.empty(), List.of(roles[i].split(",")), List.of(), demo.resources()));
    }
    return demo.toBuilder().engine(Engine.SWARM).inventory(new Inventory(hosts)).build();
  }

  static JsonNode yaml(String text) throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(text);
  }

  @Test
  void secretsAreSwarmSecretsReadThroughFileVariablesAndNeverInTheStackFile() throws Exception {
    Profile p = swarm("web,manager", "db");
    SwarmStack stack = SwarmStackGenerator.forProfile(p).render();
    String postgresPassword = p.secrets().get("POSTGRES_PASSWORD").reveal();
    assertFalse(stack.stackFile().contains(postgresPassword), "a secret in the stack file");
    stack.secrets().forEach(s -> assertFalse(s.toString().contains(s.text()), "toString shows a secret"));
    JsonNode pg = yaml(stack.stackFile()).get("services").get("postgres");
    assertEquals("/run/secrets/POSTGRES_PASSWORD", pg.get("environment").get("POSTGRES_PASSWORD_FILE").asText());
    assertTrue(pg.get("environment").get("POSTGRES_PASSWORD") == null);
    String source = pg.get("secrets").get(0).get("source").asText();
    JsonNode declared = yaml(stack.stackFile()).get("secrets").get(source);
    assertTrue(declared.get("external").asBoolean());
    SwarmObject secret = stack.secrets().stream().filter(s -> s.key().equals(source)).findFirst().orElseThrow();
    assertEquals(secret.name(), declared.get("name").asText());
    assertEquals(postgresPassword, secret.text());
    assertTrue(secret.name().matches("demo_postgres_postgres_password_[0-9a-f]{12}"), secret.name());
  }

  @Test
  void statefulServicesArePinnedAndStopFirstTheRestStartFirstWithRollbackAndCaddyIsGlobalWithHostPorts() throws Exception {
    JsonNode services = yaml(SwarmStackGenerator.forProfile(swarm("web,manager", "web", "db")).render().stackFile()).get("services");
    JsonNode pg = services.get("postgres").get("deploy");
    assertEquals("node.labels.vps.db == true", pg.get("placement").get("constraints").get(0).asText());
    assertEquals("stop-first", pg.get("update_config").get("order").asText());
    assertEquals("node.labels.vps.db == true", services.get("redis").get("deploy").get("placement").get("constraints").get(0).asText());
    JsonNode caddy = services.get("caddy");
    assertEquals("global", caddy.get("deploy").get("mode").asText());
    assertEquals("node.labels.vps.web == true", caddy.get("deploy").get("placement").get("constraints").get(0).asText());
    for (JsonNode port : caddy.get("ports")) {
      assertEquals("host", port.get("mode").asText(), "no routing mesh: " + port);
    }
    assertEquals("/etc/caddy/Caddyfile", caddy.get("configs").get(0).get("target").asText());
    JsonNode relay = services.get("postfix-relay").get("deploy");
    assertEquals("start-first", relay.get("update_config").get("order").asText());
    assertEquals("rollback", relay.get("update_config").get("failure_action").asText());
    assertTrue(relay.get("placement") == null, "a stateless service goes anywhere");
    // a service with a named volume keeps its data on one node: pinned like the databases
    assertEquals("node.labels.vps.db == true", services.get("zitadel").get("deploy").get("placement").get("constraints").get(0).asText());
    // without db or web hosts: the managers
    JsonNode single = yaml(SwarmStackGenerator.forProfile(swarm("manager", "worker")).render().stackFile()).get("services");
    assertEquals("node.role == manager", single.get("postgres").get("deploy").get("placement").get("constraints").get(0).asText());
    assertEquals("node.role == manager", single.get("caddy").get("deploy").get("placement").get("constraints").get(0).asText());
  }

  @Test
  void aChangedConfigIsANewObjectAndTheSameProfileTheSameStack() {
    Profile p = swarm("web,manager");
    SwarmStack a = SwarmStackGenerator.forProfile(p).render();
    assertEquals(a, SwarmStackGenerator.forProfile(p).render(), "deterministic");
    Profile other = p.toBuilder().domains(new com.dimosaic.vps.profile.Domains("example.org", true, true, "mail")).build();
    SwarmStack b = SwarmStackGenerator.forProfile(other).render();
    String ca = a.configs().stream().filter(c -> c.key().equals("caddyfile")).findFirst().orElseThrow().name();
    String cb = b.configs().stream().filter(c -> c.key().equals("caddyfile")).findFirst().orElseThrow().name();
    assertNotEquals(ca, cb, "a changed Caddyfile is a new config, so Caddy rolls");
    assertTrue(b.stackFile().contains(cb) && !b.stackFile().contains(ca));
  }

  @Test
  void theMonitorPeriodCoversTheHealthCheck() {
    assertEquals("10s", SwarmStackGenerator.monitor(Optional.empty()));
    assertEquals("25s", SwarmStackGenerator.monitor(Optional.of(new com.dimosaic.vps.profile.Healthcheck(List.of("CMD", "true"), "5s", "2s", 3,
        "10s"))));
    assertEquals("300s", SwarmStackGenerator.monitor(Optional.of(new com.dimosaic.vps.profile.Healthcheck(List.of("CMD", "true"), "1m", "2s",
        10, "1m"))));
  }

  @Test
  void servicesResolveToTheirTasksAndCaddyRetriesWhileATaskIsReplaced() throws Exception {
    SwarmStack stack = SwarmStackGenerator.forProfile(swarm("web,manager")).render();
    for (JsonNode s : yaml(stack.stackFile()).get("services")) {
      assertEquals("dnsrr", s.get("deploy").get("endpoint_mode").asText());
    }
    String caddyfile = stack.configs().stream().filter(c -> c.key().equals("caddyfile")).findFirst().orElseThrow().text();
    assertTrue(caddyfile.contains("\treverse_proxy @zitadel_login http://zitadel-login:3000 {\n\t\tlb_try_duration 10s\n\t\tlb_try_interval 250ms\n\t}\n"),
        caddyfile);
    assertTrue(caddyfile.contains("\treverse_proxy h2c://zitadel:8080 {\n\t\tlb_try_duration 10s\n\t\tlb_try_interval 250ms\n\t\theader_up -TE\n"),
        caddyfile);
  }

  static Profile withService(Profile p, com.dimosaic.vps.profile.Service extra) {
    java.util.Map<String, com.dimosaic.vps.profile.Service> all = new java.util.LinkedHashMap<>(p.catalogue().services());
    all.put(extra.name(), extra);
    com.dimosaic.vps.profile.Catalogue c = p.catalogue();
    return p.toBuilder().catalogue(new com.dimosaic.vps.profile.Catalogue(all, c.networks(), c.routes(), c.sites(), c.defaults())).build();
  }

  @Test
  void aServiceBuiltOnTheHostIsBuiltOnTheFirstManagerAndRunsThereAGitBuildIsRefused() throws Exception {
    Profile p = swarm("web", "manager,db");
    com.dimosaic.vps.profile.Service tools = p.catalogue().services().get("postfix-relay").toBuilder().name("tools").image(Optional.empty())
        .builtFrom(Optional.of(new com.dimosaic.vps.profile.Build("tools", Optional.of("debian:trixie-slim"), List.of("curl"), Optional.empty())))
        .build();
    SwarmStack stack = SwarmStackGenerator.forProfile(withService(p, tools)).render();
    SwarmBuild b = stack.builds().get(0);
    assertEquals("tools", b.service());
    assertTrue(b.image().matches("127\\.0\\.0\\.1:5000/demo/tools:[0-9a-f]{12}"), b.image());
    assertTrue(new String(b.context().get("Dockerfile"), java.nio.charset.StandardCharsets.UTF_8).contains("FROM debian:trixie-slim"));
    JsonNode svc = yaml(stack.stackFile()).get("services").get("tools");
    assertEquals(b.image(), svc.get("image").asText());
    assertEquals("node.labels.vps.host == n2", svc.get("deploy").get("placement").get("constraints").get(0).asText(),
        "the first manager, the one node that pulls from its 127.0.0.1 registry");
    // another package: another context, another tag
    com.dimosaic.vps.profile.Service more = tools.toBuilder().builtFrom(Optional.of(new com.dimosaic.vps.profile.Build("tools",
        Optional.of("debian:trixie-slim"), List.of("curl", "jq"), Optional.empty()))).build();
    assertNotEquals(b.image(), SwarmStackGenerator.forProfile(withService(p, more)).render().builds().get(0).image());

    com.dimosaic.vps.profile.Service git = tools.toBuilder().builtFrom(Optional.of(new com.dimosaic.vps.profile.Build("src/tools",
        Optional.empty(), List.of(), Optional.empty(), Optional.of("https://git.example.com/tools.git"), "main", Optional.empty()))).build();
    GenerationException e = org.junit.jupiter.api.Assertions.assertThrows(GenerationException.class,
        () -> SwarmStackGenerator.forProfile(withService(p, git)).render());
    assertTrue(e.getMessage().contains("services.tools.build.git: engine: swarm builds generated build contexts"), e.getMessage());
  }
}
