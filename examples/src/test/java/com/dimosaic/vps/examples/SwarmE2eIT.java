package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.Vps;
import com.dimosaic.vps.VpsFleet;
import com.dimosaic.vps.fleet.FleetReport;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Engine;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.provision.ProvisionOptions;
import com.dimosaic.vps.provision.ProvisionReport;
import com.dimosaic.vps.swarm.SwarmDeployReport;
import com.dimosaic.vps.testing.LoadGenerator;
import com.dimosaic.vps.testing.Processes;
import com.dimosaic.vps.testing.StackImages;
import com.dimosaic.vps.testing.VpsBox;
import com.dimosaic.vps.validation.Outcome;
import com.dimosaic.vps.validation.Status;
import com.dimosaic.vps.validation.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Docker Swarm across two "VPS in a box" hosts (a manager that is also the web and db node, and a
 * worker) on a Docker network this test creates (the fleet's private network; nothing else is
 * reached): provisioned in parallel (phases 1-5), the swarm formed over SSH (twice: the second changes
 * nothing), the stand-in stack (Caddy, PostgreSQL, Redis, a web app with two replicas, a service built on
 * the manager) deployed as a stack, an image update rolled with 0 failed requests under load, a failing image rolled back by Swarm
 * itself, one service redeployed to another image, and the worker killed: its replicas move to the manager and validation reports the reduced
 * capacity as WARN.
 */
class SwarmE2eIT {
  private static final Logger log = LoggerFactory.getLogger(SwarmE2eIT.class);
  private static final String ROOT_CA = "/var/lib/docker/volumes/swarm_caddy_data/_data/caddy/pki/authorities/local/root.crt";

  @TempDir Path tmp;

  @Test
  void aTwoBoxSwarmRunsTheStackRollsUpdatesRollsBackFailuresAndSurvivesLosingTheWorker() throws Exception {
    E2eFixture e2e = new E2eFixture(tmp);
    // a network a killed run left behind would hold the address range: remove it first
    for (String stale : VpsBox.docker(Duration.ofSeconds(30), "network", "ls", "-q", "--filter", "name=vps-e2e-swarm-").output().lines()
        .filter(l -> !l.isBlank()).toList()) {
      VpsBox.docker(Duration.ofSeconds(30), "network", "rm", stale.strip());
    }
    String network = "vps-e2e-swarm-" + Long.toHexString(System.nanoTime());
    VpsBox.docker(Duration.ofSeconds(30), "network", "create", network).requireSuccess();
    String caddy = StackImages.image("caddy");
    // the web app: the Caddy stand-in answering its version on :8080; and an image that never becomes healthy
    String v1 = E2eImages.derived(caddy, "CMD [\"caddy\", \"respond\", \"--listen\", \":8080\", \"web v1\"]");
    String v2 = E2eImages.derived(caddy, "CMD [\"caddy\", \"respond\", \"--listen\", \":8080\", \"web v2\"]");
    String broken = E2eImages.derived(caddy, "ENTRYPOINT [\"sh\", \"-c\", \"exec sleep 600\"]");
    Map<String, VpsBox> boxes = new LinkedHashMap<>();
    try {
      List<CompletableFuture<VpsBox>> starting = new ArrayList<>();
      String[][] spec = {{"swarm-1", "203.0.113.61"}, {"swarm-2", "203.0.113.62"}};
      for (String[] s : spec) {
        starting.add(CompletableFuture.supplyAsync(() -> {
          VpsBox box = s[0].equals("swarm-1") ? VpsBox.start(s[1], Path.of(e2e.key + ".pub"), network, s[0], 443, 5000)
              : VpsBox.start(s[1], Path.of(e2e.key + ".pub"), network, s[0], 5000);
          try {
            // every node pulls the stand-in images from a registry of its own on 127.0.0.1:5000 (the test's fixture)
            box.installRegistry();
            String registry = "127.0.0.1:" + box.publishedPort(5000);
            StackImages.pushTo(registry, "e2e");
            E2eImages.push(v1, registry + "/vps/web:v1");
            E2eImages.push(v2, registry + "/vps/web:v2");
            E2eImages.push(broken, registry + "/vps/web:broken");
            return box;
          } catch (RuntimeException e) {
            box.close();
            throw e;
          }
        }));
      }
      for (int i = 0; i < spec.length; i++) {
        boxes.put(spec[i][0], starting.get(i).join());
      }
      VpsBox manager = boxes.get("swarm-1");
      VpsBox worker = boxes.get("swarm-2");

      Profile profile = E2eFixture.load(profileDir(boxes, network, "v1"));
      assertEquals(Engine.SWARM, profile.engine());
      VpsFleet fleet = Vps.fleet(profile, profile.inventory().hosts(), h -> e2e.target(boxes.get(h.name())));

      // 1. phases 1-5 on both, in parallel (the compose phases leave the stack to the swarm)
      FleetReport<ProvisionReport> provisioned = fleet.provision(h -> ProvisionOptions.builder().validate(false)
          .healthTimeout(Duration.ofMinutes(3)).build(profile.forHost(h)));
      assertTrue(provisioned.succeeded(), provisioned.toText());
      String deployNote = provisioned.host("swarm-1").orElseThrow().value().orElseThrow().phases().stream()
          .filter(p -> p.phase().equals("deploy")).findFirst().orElseThrow().note();
      assertTrue(deployNote.contains("engine: swarm"), deployNote);

      // 2. the swarm: formed, then found formed
      List<StepResult> formed = fleet.formSwarm(ProgressListener.NONE);
      log.info("swarm formed:\n{}", text(formed));
      assertTrue(formed.stream().anyMatch(s -> s.changed() && s.step().equals("swarm on swarm-1")), text(formed));
      assertTrue(formed.stream().anyMatch(s -> s.changed() && s.step().equals("swarm-2 in the swarm")), text(formed));
      List<StepResult> again = fleet.formSwarm(ProgressListener.NONE);
      assertTrue(again.stream().noneMatch(StepResult::changed), "a second formation changes nothing:\n" + text(again));
      String nodes = manager.exec("docker node ls --format '{{.Hostname}} {{.Status}} {{.ManagerStatus}}' | sort").output();
      assertEquals("swarm-1 Ready Leader\nswarm-2 Ready", nodes.strip());
      assertTrue(manager.exec("docker node inspect swarm-1 --format '{{json .Spec.Labels}}'").output().contains("\"vps.db\":\"true\""));
      String ufw = worker.exec("ufw status").output();
      assertTrue(ufw.contains("4789/udp") && ufw.contains(manager.addressOn(network)), ufw);
      // the join token is in no log or report
      String token = manager.exec("docker swarm join-token -q worker").output().strip();
      assertTrue(!text(formed).contains(token));

      // 3. the stack, deployed; a second deploy changes nothing
      SwarmDeployReport first = fleet.deploySwarm(Duration.ofMinutes(5), ProgressListener.NONE);
      log.info("stack deployed:\n{}", first.toText());
      assertEquals(SwarmDeployReport.Result.SUCCESS, first.result(), first.toText() + diagnostics(manager));
      assertTrue(first.services().get("swarm_web").startsWith("2/2"), first.toText());
      // overlay (VXLAN) traffic crosses between the boxes: Caddy's container on the manager reaches the web task on the worker
      String workerTask = manager.exec("docker service ps swarm_web --filter desired-state=running --filter node=swarm-2 -q | head -1").output()
          .strip();
      String workerTaskIp = manager.exec("docker inspect --format '{{range .NetworksAttachments}}{{if eq .Network.Spec.Name \"swarm_web\"}}"
          + "{{index .Addresses 0}}{{end}}{{end}}' " + workerTask).output().strip().replaceAll("/.*", "");
      String caddyContainer = manager.exec("docker ps -q --filter name=swarm_caddy").output().strip();
      String across = manager.exec("docker exec " + caddyContainer + " wget -qO- http://" + workerTaskIp + ":8080/").output();
      assertTrue(across.contains("web v1"), "from the manager's Caddy to the worker's task at " + workerTaskIp + ": " + across);
      // the built service: built on the manager, pushed to its 127.0.0.1 registry, run there
      assertTrue(first.steps().stream().anyMatch(s -> s.changed() && s.step().startsWith("image 127.0.0.1:5000/swarm/tools:")), first.toText());
      assertEquals("swarm-1", manager.exec("docker service ps swarm_tools --filter desired-state=running --format '{{.Node}}'").output().strip());
      String webNodes = manager.exec("docker service ps swarm_web --filter desired-state=running --format '{{.Node}}' | sort").output();
      assertEquals("swarm-1\nswarm-2", webNodes.strip(), "the web app's replicas spread over both nodes");
      assertTrue(!first.toText().contains(profile.secrets().get("POSTGRES_PASSWORD").reveal()));
      assertEquals(0, manager.exec("test ! -e /home/app/docker/.env").exitCode(), "no .env on a swarm host");
      String specBefore = manager.exec("docker service inspect --format '{{json .Spec}}' swarm_web swarm_caddy swarm_postgres swarm_redis"
          + " swarm_tools").output();
      String tasksBefore = manager.exec("docker service ps -q swarm_web swarm_caddy swarm_postgres swarm_redis | sort").output();
      SwarmDeployReport second = fleet.deploySwarm(Duration.ofMinutes(2), ProgressListener.NONE);
      assertEquals(SwarmDeployReport.Result.NO_CHANGES, second.result(), second.toText());
      assertEquals(specBefore, manager.exec("docker service inspect --format '{{json .Spec}}' swarm_web swarm_caddy swarm_postgres"
          + " swarm_redis swarm_tools").output(), "the services' specs did not change");
      String tasks = "docker service ps -q swarm_web swarm_caddy swarm_postgres swarm_redis | sort";
      assertEquals(tasksBefore, manager.exec(tasks).output(), "no task was replaced");
      ValidationReport healthy = fleet.validateSwarm();
      assertEquals(Status.PASS, healthy.status(), healthy.toText());

      // 4. an image update rolls, start-first, under load: no request fails
      String ca = manager.exec("cat " + ROOT_CA).requireSuccess().output();
      VpsFleet fleetV2 = Vps.fleet(E2eFixture.load(profileDir(boxes, network, "v2")), profile.inventory().hosts(),
          h -> e2e.target(boxes.get(h.name())));
      LoadGenerator.Result load;
      SwarmDeployReport rolled;
      try (LoadGenerator gen = LoadGenerator.start("app.example.com", manager.publishedPort(443), "/", ca, 20, Duration.ofSeconds(180))) {
        Processes.sleep(2000);
        rolled = fleetV2.deploySwarm(Duration.ofMinutes(5), ProgressListener.NONE);
        Processes.sleep(2000);
        load = gen.stop();
      }
      log.info("LOAD during the swarm image update: {}", load.summary());
      assertEquals(SwarmDeployReport.Result.SUCCESS, rolled.result(), rolled.toText() + diagnostics(manager));
      assertEquals(0, load.failed(), "failed requests during the rolling update: " + load.failures() + "\n" + load.summary());
      assertTrue(load.switchedOnce("web v1", "web v2", Duration.ofSeconds(2)), load.summary());

      // 5. an image that never becomes healthy: Swarm rolls it back by itself
      VpsFleet fleetBroken = Vps.fleet(E2eFixture.load(profileDir(boxes, network, "broken")), profile.inventory().hosts(),
          h -> e2e.target(boxes.get(h.name())));
      SwarmDeployReport failed = fleetBroken.deploySwarm(Duration.ofMinutes(5), ProgressListener.NONE);
      log.info("failing image:\n{}", failed.toText());
      assertEquals(SwarmDeployReport.Result.ROLLED_BACK, failed.result(), failed.toText() + diagnostics(manager));
      assertTrue(manager.exec("docker service inspect --format '{{.Spec.TaskTemplate.ContainerSpec.Image}}' swarm_web").output()
          .contains("vps/web:v2"), "back on v2");
      String answer = manager.exec("curl -sk --resolve app.example.com:443:127.0.0.1 https://app.example.com/").output();
      assertTrue(answer.contains("web v2"), answer);

      // 5b. app redeploy of one service to another image (docker service update --image), health-gated
      SwarmDeployReport redeployed = fleetV2.redeploySwarm("web", "127.0.0.1:5000/vps/web:v1", java.util.Optional.empty(),
          Duration.ofMinutes(3));
      assertEquals(SwarmDeployReport.Result.SUCCESS, redeployed.result(), redeployed.toText() + diagnostics(manager));
      answer = manager.exec("curl -sk --resolve app.example.com:443:127.0.0.1 https://app.example.com/").output();
      assertTrue(answer.contains("web v1"), answer);

      // 6. the worker dies: its replica moves to the manager; validation says WARN (reduced capacity)
      VpsBox.docker(Duration.ofSeconds(60), "kill", worker.container()).requireSuccess();
      ValidationReport reduced = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (System.nanoTime() < deadline) {
        reduced = fleetV2.validateSwarm();
        Outcome web = outcome(reduced, "swarm.services.web");
        if (outcome(reduced, "swarm.nodes").result().status() == Status.WARN && web.result().status() == Status.PASS
            && web.result().detail().contains("swarm-1 x2")) {
          break;
        }
        Processes.sleep(2000);
      }
      log.info("after the worker died:\n{}", reduced.toText());
      assertEquals(Status.WARN, reduced.status(), reduced.toText());
      assertTrue(outcome(reduced, "swarm.nodes").result().detail().contains("reduced capacity: 1 of 2 nodes ready; not: swarm-2 down"),
          reduced.toText());
      assertEquals("2/2 running on swarm-1 x2", outcome(reduced, "swarm.services.web").result().detail(), reduced.toText());
      answer = manager.exec("curl -sk --resolve app.example.com:443:127.0.0.1 https://app.example.com/").output();
      assertTrue(answer.contains("web v1"), answer);
    } finally {
      boxes.values().forEach(VpsBox::close);
      VpsBox.docker(Duration.ofSeconds(30), "network", "rm", network);
      List.of(v1, v2, broken).forEach(E2eImages::remove);
    }
  }

  private static Outcome outcome(ValidationReport r, String id) {
    return r.outcomes().stream().filter(o -> o.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id + " in " + r.toText()));
  }

  private static String text(List<StepResult> steps) {
    StringBuilder sb = new StringBuilder();
    steps.forEach(s -> sb.append(s.changed() ? "~ " : "= ").append(s.step()).append(s.detail().isEmpty() ? "" : " (" + s.detail() + ")")
        .append('\n'));
    return sb.toString();
  }

  private static String diagnostics(VpsBox manager) {
    return "\n--- swarm ---\n" + manager.exec("docker node ls; docker service ls; for s in $(docker service ls -q); do"
        + " docker service ps --no-trunc $s | head -6; done; docker service logs --tail 10 swarm_postgres 2>&1 | tail -10").output();
  }

  /** The swarm profile with the demo's secrets and key, the web app at {@code version}, and hosts.yaml naming the boxes. */
  private Path profileDir(Map<String, VpsBox> boxes, String network, String version) throws Exception {
    Path dir = Files.createTempDirectory(tmp, "swarm-profile");
    Path src = Path.of("src/test/resources/profiles/swarm");
    Files.copy(src.resolve("profile.yaml"), dir.resolve("profile.yaml"));
    Files.writeString(dir.resolve("services.yaml"), Files.readString(src.resolve("services.yaml")).replace("vps/web:v1", "vps/web:" + version));
    for (String f : List.of("secrets.enc.yaml", "demo-age-key.txt")) {
      Files.copy(E2eFixture.DEMO.resolve(f), dir.resolve(f));
    }
    VpsBox m = boxes.get("swarm-1");
    VpsBox w = boxes.get("swarm-2");
    Files.writeString(dir.resolve("hosts.yaml"), "hosts:\n"
        + "  - name: swarm-1\n    address: " + m.publicAddress() + "\n    private: " + m.addressOn(network) + "\n    roles: [manager, web, db]\n"
        + "  - name: swarm-2\n    address: " + w.publicAddress() + "\n    private: " + w.addressOn(network) + "\n    roles: [worker]\n");
    return dir;
  }
}
