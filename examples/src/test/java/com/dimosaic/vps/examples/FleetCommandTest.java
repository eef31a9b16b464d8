package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet flags of the runner: selection, usage errors before any connection, one report and the exit code. */
class FleetCommandTest {
  @TempDir Path tmp;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Main.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  /** The demo profile with a hosts.yaml of three hosts on 127.0.0.1 ports where nothing listens. */
  Path fleet() throws IOException {
    Path dir = Files.createTempDirectory(tmp, "fleet");
    try (Stream<Path> s = Files.list(PlanCommandTest.DEMO)) {
      for (Path f : s.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    StringBuilder hosts = new StringBuilder("hosts:\n");
    String[] roles = {"[web]", "[web]", "[mail, db]"};
    for (int i = 0; i < 3; i++) {
      hosts.append("  - name: h").append(i + 1).append("\n    address: 127.0.0.1\n    ssh: {port: ").append(closedPort())
          .append("}\n    roles: ").append(roles[i]).append('\n');
    }
    Files.writeString(dir.resolve("hosts.yaml"), hosts);
    return dir;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void usageErrorsComeBeforeAnyConnection() throws IOException {
    String dir = fleet().toString();
    String key = PlanCommandTest.DEMO.resolve("demo-age-key.txt").toString();
    assertEquals(Main.USAGE, run("validate", dir, "--all", "--host", "127.0.0.1", "--age-key-file", key));
    assertTrue(err.toString().contains("--host names one host; with --all, --hosts or --role the hosts come from hosts.yaml"), err.toString());
    assertEquals(Main.USAGE, run("validate", dir, "--hosts", "h1,h9", "--age-key-file", key));
    assertTrue(err.toString().contains("no host 'h9' in hosts.yaml") && err.toString().contains("(hosts: h1, h2, h3)"), err.toString());
    assertEquals(Main.USAGE, run("validate", dir, "--role", "wbe", "--age-key-file", key));
    assertTrue(err.toString().contains("no host in hosts.yaml has role or tag 'wbe'"), err.toString());
    assertEquals(Main.USAGE, run("validate", dir, "--all", "--rolling", "1", "--parallel", "2", "--age-key-file", key));
    assertEquals(Main.USAGE, run("validate", dir, "--all", "--parallel", "0", "--age-key-file", key));
    assertTrue(err.toString().contains("parallel must be 1 to 256"), err.toString());
    assertEquals(Main.USAGE, run("deploy", dir, "--all", "--age-key-file", key));
    assertTrue(err.toString().contains("review it with --dry-run, then deploy with --yes"), err.toString());
    assertEquals(Main.USAGE, run("drift", dir, "--all", "--repair", "--age-key-file", key));
    assertEquals(Main.USAGE, run("validate", PlanCommandTest.DEMO.toString(), "--all", "--age-key-file", key));
    assertTrue(err.toString().contains("the profile has no hosts.yaml"), err.toString());
  }

  @Test
  void everyUnreachableHostIsInTheReportAndTheExitCodeSaysUnreachable() throws Exception {
    String dir = fleet().toString();
    String key = PlanCommandTest.DEMO.resolve("demo-age-key.txt").toString();
    assertEquals(Main.UNREACHABLE, run("validate", dir, "--role", "web", "--format", "json", "--age-key-file", key), err.toString());
    JsonNode r = new ObjectMapper().readTree(out.toString());
    assertEquals(2, r.get("hosts").size(), "--role web: h1 and h2");
    for (JsonNode h : r.get("hosts")) {
      assertEquals("UNREACHABLE", h.get("status").asText(), h.toString());
    }
    assertEquals("2 of 2 host(s) failed (2 unreachable)", r.get("summary").asText());

    assertEquals(Main.UNREACHABLE, run("validate", dir, "--all", "--rolling", "1", "--age-key-file", key));
    assertTrue(out.toString().contains("[h1] started"), "live progress: " + out);
    assertTrue(out.toString().contains("- h2") && out.toString().contains("not started: the rolling validate stopped at h1"), out.toString());

    assertEquals(Main.UNREACHABLE, run("validate", dir, "--all", "--format", "junit", "--age-key-file", key));
    assertEquals(3, out.toString().split("<testsuite ", -1).length - 1, out.toString());
  }

  @Test
  void swarmAndComposeWorkflowsAreRoutedAndMisuseIsAUsageError() throws IOException {
    Path dir = fleet();
    String key = PlanCommandTest.DEMO.resolve("demo-age-key.txt").toString();
    assertEquals(Main.USAGE, run("rollback", dir.toString(), "--all", "--list", "--age-key-file", key));
    assertTrue(err.toString().contains("a Compose rollback runs on one host"), err.toString());
    Path profile = dir.resolve("profile.yaml");
    Files.writeString(profile, "engine: swarm\n" + Files.readString(profile));
    assertEquals(Main.USAGE, run("deploy", dir.toString(), "--age-key-file", key));
    assertTrue(err.toString().contains("engine: swarm: deploy with --yes"), err.toString());
    assertEquals(Main.USAGE, run("rollback", dir.toString(), "--list", "--age-key-file", key));
    assertTrue(err.toString().contains("engine: swarm: rollback --service S"), err.toString());
    // the plan of a swarm profile is its stack: the stack file, its configs; no .env (secrets are Swarm secrets)
    Path plan = tmp.resolve("plan");
    assertEquals(Main.OK, run("plan", dir.toString(), "--out", plan.toString(), "--age-key-file", key), err.toString());
    assertTrue(Files.readString(plan.resolve("stack.yml")).contains("endpoint_mode: dnsrr"));
    try (Stream<Path> configs = Files.list(plan.resolve("configs"))) {
      assertTrue(configs.anyMatch(c -> c.getFileName().toString().startsWith("demo_caddyfile_")));
    }
    assertTrue(!Files.exists(plan.resolve(".env")) && !Files.exists(plan.resolve("docker-compose.yml")));
    // the swarm is validated from its first manager: unreachable here
    assertEquals(Main.UNREACHABLE, run("validate", dir.toString(), "--age-key-file", key), err.toString());
  }
}
