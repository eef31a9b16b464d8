package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.DnsProviders;
import com.dimosaic.vps.Vps;
import com.dimosaic.vps.VpsSession;
import com.dimosaic.vps.app.Delivery;
import com.dimosaic.vps.app.DeliveryOptions;
import com.dimosaic.vps.deploy.DeployOptions;
import com.dimosaic.vps.deploy.DeployReport;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.provision.ProvisionReport;
import com.dimosaic.vps.stack.DeployException;
import com.dimosaic.vps.rollout.CaddyRoutes;
import com.dimosaic.vps.stack.StackDir;
import com.dimosaic.vps.testing.FakeNetcupServer;
import com.dimosaic.vps.testing.LoadGenerator;
import com.dimosaic.vps.testing.Processes;
import com.dimosaic.vps.testing.StackImages;
import com.dimosaic.vps.testing.VpsBox;
import com.dimosaic.vps.validation.Status;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Container delivery on a provisioned "VPS in a box" (see {@link ProvisionE2eIT}), the way an
 * application's CI does it, against the box's real Docker, Compose, registries, git and Caddy:
 * redeploys of a moving tag and of a new tag from a registry that needs a login (token on stdin,
 * not left on the host), a redeploy to an image whose health check fails (the old container serves
 * again, the call fails with its log tail), and builds on the host from a repository checkout at a
 * branch and a tag, including a broken commit that is put back; provisioning again leaves the
 * deliveries alone; a deploy that changes a pinned service's image removes the pin, and a rollback
 * to the point before it brings the pin back.
 */
class AppDeliveryE2eIT {
  private static final Logger log = LoggerFactory.getLogger(AppDeliveryE2eIT.class);
  private static final String ROOT_CA = "/var/lib/docker/volumes/e2e_caddy_data/_data/caddy/pki/authorities/local/root.crt";
  static final String HEALTH = String.join("\n",
      "    healthcheck:",
      "      test: [\"CMD\", \"wget\", \"-q\", \"-O\", \"/dev/null\", \"http://127.0.0.1:8080/\"]",
      "      interval: 2s",
      "      startPeriod: 2s",
      "      retries: 3",
      "    networks: [web]",
      "    ports: [8080]");
  private static final String APPS = String.join("\n",
      "",
      "  hello:",
      "    kind: generic",
      "    image: 127.0.0.1:5000/vps/hello:main",
      HEALTH,
      "    rollout: { health: / }",
      "    routes:",
      "      - { host: hello, port: 8080 }",
      "  shop:",
      "    kind: generic",
      "    build: { git: /srv/git/shop.git, ref: main }",
      HEALTH,
      "    routes:",
      "      - { host: shop, port: 8080 }",
      "");

  @TempDir Path tmp;

  @Test
  void redeploysAndBuildsOnHostReplaceOnlyTheirServiceAndFallBackToThePreviousImage() throws Exception {
    E2eFixture e2e = new E2eFixture(tmp);
    String token = "tok-" + Long.toHexString(System.nanoTime());
    try (VpsBox box = e2e.box(); FakeNetcupServer netcup = E2eFixture.netcup()) {
      int registry = box.publishedPort(5000);
      // pushed now: once provisioned, the box's firewall closes 5000 to the outside
      String v1 = pushImage(registry, "hello:main", "hello v1", false);
      String v2 = pushImage(registry, "hello:v2", "hello v2", false);
      pushImage(registry, "hello:v3", "hello v3", false);
      pushImage(registry, "hello:broken", "hello broken", true);
      box.installAuthRegistry(5001, "ci", token);
      shopRepository(box);

      Path dir = e2e.profileDir("", "");
      Files.writeString(dir.resolve("services.yaml"), Files.readString(dir.resolve("services.yaml")) + APPS);
      try (VpsSession vps = Vps.connect(e2e.target(box))) {
        ProvisionReport r = vps.provision(E2eFixture.load(dir), e2e.options(box, netcup), ProgressListener.NONE);
        assertEquals(ProvisionReport.Result.SUCCESS, r.result(), r.toText() + E2eFixture.diagnostics(box));
        assertTrue(r.toText().contains("checkout shop"), r.toText());
      }
      assertEquals("hello v1", get(box, "hello"));
      assertEquals("shop v1", get(box, "shop"));
      String redisStarted = startedAt(box, "redis");
      List<String> runner = runnerFlags(e2e, box, dir);

      // 1. a moving tag: CI pushed a new :main; the runner redeploys only hello
      box.exec("R=127.0.0.1:5000/vps/hello; docker pull -q $R:v2 && docker tag $R:v2 $R:main && docker push -q $R:main"
          + " && docker rmi $R:v2 $R:main").requireSuccess(); // CI pushed a new :main
      Run[] ran = new Run[1];
      underLoad(box, "hello", "/", "hello v1", "hello v2", "app redeploy of a moving tag",
          () -> ran[0] = run(runner, Map.of(), "app", "redeploy", "--service", "hello", "--who", "ci@e2e"));
      Run out = ran[0];
      assertEquals(0, out.code, out.all());
      log.info("runner: {}", out.out.strip());
      assertTrue(out.out.contains("now runs 127.0.0.1:5000/vps/hello:main"), out.all());
      assertTrue(out.out.contains("blue-green in"), out.all());
      assertEquals("hello v2", get(box, "hello"));
      assertEquals(redisStarted, startedAt(box, "redis"), "another service was restarted");

      // 2. nothing new: nothing is recreated
      String helloStarted = startedAt(box, "hello");
      Delivery same;
      try (VpsSession vps = Vps.connect(e2e.target(box))) {
        same = vps.containerApps(E2eFixture.load(dir)).redeploy("hello", DeliveryOptions.builder().who("ci@e2e").build());
      }
      log.info("{}", same.toText());
      assertFalse(same.changed(), same.toText());
      assertEquals(helloStarted, startedAt(box, "hello"), "an unchanged redeploy recreated the container");

      // 3. a new tag from a registry that needs a login: the token goes over stdin and is not left on the host
      Run wrong = run(runner, Map.of("GHCR_TOKEN", "not-the-token"), "app", "redeploy", "--service", "hello", "--image",
          "127.0.0.1:5001/vps/hello:v3", "--registry-user", "ci");
      assertEquals(1, wrong.code, wrong.all());
      assertTrue(wrong.err.contains("docker login to 127.0.0.1:5001 as ci failed"), wrong.all());
      assertEquals("hello v2", get(box, "hello"));
      assertEquals(1, box.exec("test -e /home/app/docker/docker-compose.override.yml").exitCode(), "a failed pull left a pin");
      Run v3run = run(runner, Map.of("GHCR_TOKEN", token), "app", "redeploy", "--service", "hello", "--image",
          "127.0.0.1:5001/vps/hello:v3", "--registry-user", "ci", "--who", "ci@e2e");
      assertEquals(0, v3run.code, v3run.all() + E2eFixture.diagnostics(box));
      log.info("runner: {}", v3run.out.strip());
      assertEquals("hello v3", get(box, "hello"));
      assertTrue(box.exec("cat /home/app/docker/docker-compose.override.yml").output().contains("127.0.0.1:5001/vps/hello:v3"));
      assertFalse(box.exec("cat /home/app/.docker/config.json 2>/dev/null").output().contains("127.0.0.1:5001"),
          "the registry login was left on the host");
      // the image before the previous one (v1, untagged since :main moved) is pruned; v2 stays for a quick way back
      assertNotEquals(0, box.exec("docker image inspect " + v1 + " >/dev/null 2>&1").exitCode(), "v1 was not pruned");
      assertEquals(0, box.exec("docker image inspect " + v2 + " >/dev/null 2>&1").exitCode(), "the previous image was pruned");

      // 4. an image whose health check fails: the old container serves again; the delivery says so, with its log tail
      Delivery[] attempt = new Delivery[1];
      String helloV3 = containerOf(box, "hello");
      underLoad(box, "hello", "/", "hello v3", "hello v3", "app redeploy of an image whose health check never passes", () -> {
        try (VpsSession vps = Vps.connect(e2e.target(box))) {
          attempt[0] = vps.containerApps(E2eFixture.load(dir)).redeploy("hello",
              DeliveryOptions.builder().image("127.0.0.1:5000/vps/hello:broken").healthTimeout(Duration.ofSeconds(60)).who("ci@e2e")
                  .build());
        }
      });
      Delivery broken = attempt[0];
      log.info("broken redeploy: {}", broken.toText());
      assertEquals(Delivery.Outcome.REJECTED, broken.outcome(), broken.toText());
      String why = broken.failure().orElseThrow();
      assertTrue(why.contains("did not become healthy: Docker marked it unhealthy"), why);
      assertTrue(why.contains("the old container(s) never stopped and serve on"), why);
      assertTrue(why.contains("health check said"), why);
      assertTrue(why.contains("last log lines"), why);
      assertEquals(helloV3, containerOf(box, "hello"), "the old container was replaced");
      assertEquals("1", box.exec("docker ps -aq --filter label=com.docker.compose.service=hello | wc -l").output().strip(),
          "the rejected container was left behind");
      assertEquals(broken.previousImage().orElseThrow(), broken.image(), "after a rollback the delivery names the image serving");
      assertEquals("hello v3", get(box, "hello"));
      assertTrue(box.exec("cat /home/app/docker/docker-compose.override.yml").output().contains("hello:v3"), "the pin was not restored");

      // 5. build on host: a new commit on main, then a tag, then a commit whose image fails its health check
      commit(box, "shop v2", false, null);
      underLoad(box, "shop", "/", "shop v1", "shop v2", "app build-on-host",
          () -> ran[0] = run(runner, Map.of(), "app", "build-on-host", "--service", "shop", "--who", "ci@e2e"));
      out = ran[0];
      assertEquals(0, out.code, out.all() + E2eFixture.diagnostics(box));
      log.info("runner: {}", out.out.strip());
      assertTrue(out.out.contains("shop v2"), out.all());
      assertEquals("shop v2", get(box, "shop"));
      try (VpsSession vps = Vps.connect(e2e.target(box))) {
        Profile p = E2eFixture.load(dir);
        Delivery again = vps.containerApps(p).buildOnHost("shop", DeliveryOptions.builder().build());
        assertFalse(again.changed(), again.toText());
        Delivery tag = vps.containerApps(p).buildOnHost("shop", DeliveryOptions.builder().ref("v1").build());
        log.info("{}\n{}", again.toText(), tag.toText());
        assertTrue(tag.changed(), tag.toText());
        assertEquals("shop v1", get(box, "shop"));
        String good = checkoutHead(box);
        commit(box, "shop v4", true, null);
        Delivery e = vps.containerApps(p).buildOnHost("shop", DeliveryOptions.builder().healthTimeout(Duration.ofSeconds(60)).build());
        log.info("broken build: {}", e.toText());
        assertEquals(Delivery.Outcome.REJECTED, e.outcome(), e.toText());
        assertTrue(e.failure().orElseThrow().contains("did not become healthy") && e.failure().get().contains("serve on"), e.toText());
        assertEquals("shop v1", get(box, "shop"));
        assertEquals(good, checkoutHead(box), "the checkout was not put back");
        DeployException unknown = assertThrows(DeployException.class, () -> vps.containerApps(p).buildOnHost("shop",
            DeliveryOptions.builder().ref("no-such-branch").build()));
        assertTrue(unknown.getMessage().contains("no-such-branch") && unknown.getMessage().contains("(branches: main)"),
            unknown.getMessage());
      }

      // provisioning again leaves the deliveries alone: the pinned image (from a registry whose login is gone) and the built one
      String helloBefore = startedAt(box, "hello");
      String shopBefore = startedAt(box, "shop");
      try (VpsSession vps = Vps.connect(e2e.target(box))) {
        ProvisionReport again = vps.provision(E2eFixture.load(dir), e2e.options(box, netcup), ProgressListener.NONE);
        assertEquals(ProvisionReport.Result.SUCCESS, again.result(), again.toText() + E2eFixture.diagnostics(box));
        log.info("provisioning after the deliveries:\n{}", again.toText());
        assertEquals(0, again.phases().stream().mapToLong(ph -> ph.steps().stream().filter(st -> st.changed()).count()).sum(), again.toText());
        // a clean stack validates clean: no warning, including none caused by the validator's own earlier probes
        assertEquals(0, again.validation().orElseThrow().count(Status.WARN) + again.validation().orElseThrow().count(Status.FAIL),
            again.toText());
      }
      assertEquals("hello v3", get(box, "hello"));
      assertEquals("shop v1", get(box, "shop"));
      assertEquals(helloBefore, startedAt(box, "hello"), "provisioning recreated the redeployed service");
      assertEquals(shopBefore, startedAt(box, "shop"), "provisioning recreated the service built on the host");

      // a configuration change that needs a new container, and a Caddyfile change adding a route, under load
      DeployOptions deployOptions = DeployOptions.builder().yes().who("e2e@test").validation(E2eFixture.validation(box))
          .healthTimeout(Duration.ofMinutes(3)).dnsProviders(p -> DnsProviders.open(p, Optional.empty(), Optional.of(netcup.endpoint())))
          .build();
      Files.writeString(dir.resolve("services.yaml"), Files.readString(dir.resolve("services.yaml"))
          .replace("    rollout: { health: / }\n", "    rollout: { health: / }\n    environment: { SUFFIX: \" greeted\" }\n"));
      DeployReport[] deployed = new DeployReport[1];
      underLoad(box, "hello", "/", "hello v3", "hello v3 greeted", "deploy of a configuration change", () -> {
        try (VpsSession vps = Vps.connect(e2e.target(box))) {
          deployed[0] = vps.deploy(E2eFixture.load(dir), deployOptions, ProgressListener.NONE);
        }
      });
      log.info("configuration deploy:\n{}", deployed[0].toText());
      assertEquals(DeployReport.Result.SUCCESS, deployed[0].result(), deployed[0].toText() + E2eFixture.diagnostics(box));
      assertEquals(Map.of("hello", "blue-green"), deployed[0].plan().strategies(), deployed[0].toText());
      assertTrue(deployed[0].plan().toJson().contains("\"strategies\" : {\n    \"hello\" : \"blue-green\""), deployed[0].plan().toJson());
      assertTrue(deployed[0].plan().toText().contains("hello  blue-green  none"), deployed[0].plan().toText());
      Files.writeString(dir.resolve("services.yaml"), Files.readString(dir.resolve("services.yaml"))
          .replace("      - { host: shop, port: 8080 }\n", "      - { host: shop, port: 8080 }\n      - { host: hello, paths: [/index.html],"
              + " port: 8080 }\n"));
      underLoad(box, "hello", "/index.html", "hello v3 greeted", "shop v1", "deploy of a Caddyfile change adding a route", () -> {
        try (VpsSession vps = Vps.connect(e2e.target(box))) {
          deployed[0] = vps.deploy(E2eFixture.load(dir), deployOptions, ProgressListener.NONE);
        }
      });
      log.info("route deploy:\n{}", deployed[0].toText());
      assertEquals(DeployReport.Result.SUCCESS, deployed[0].result(), deployed[0].toText() + E2eFixture.diagnostics(box));
      assertEquals(Map.of("caddy", "reload"), deployed[0].plan().strategies(), deployed[0].toText());
      assertEquals(List.of(), deployed[0].plan().recreate(), deployed[0].toText());
      // a Caddyfile Caddy rejects changes nothing: the running Caddy says why before anything is uploaded
      try (VpsSession vps = Vps.connect(e2e.target(box))) {
        String caddyfile = box.exec("cat /home/app/docker/Caddyfile").requireSuccess().output();
        DeployException rejected = assertThrows(DeployException.class, () -> new CaddyRoutes(StackDir.of(vps.host()), "caddy")
            .validate((caddyfile + "\nexample.com {\n\tno_such_directive\n}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(rejected.getMessage().contains("no_such_directive"), rejected.getMessage());
        assertEquals(caddyfile, box.exec("cat /home/app/docker/Caddyfile").output());
      }

      // a deploy whose profile changes the pinned service's image removes the pin; a rollback to the point before brings it back
      Files.writeString(dir.resolve("services.yaml"), Files.readString(dir.resolve("services.yaml"))
          .replace("image: 127.0.0.1:5000/vps/hello:main", "image: 127.0.0.1:5000/vps/hello:v2"));
      DeployOptions deploy = deployOptions;
      underLoad(box, "hello", "/", "hello v3 greeted", "hello v2 greeted", "deploy of an image update", () -> {
        try (VpsSession vps = Vps.connect(e2e.target(box))) {
          deployed[0] = vps.deploy(E2eFixture.load(dir), deploy, ProgressListener.NONE);
        }
      });
      try (VpsSession vps = Vps.connect(e2e.target(box))) {
        DeployReport d = deployed[0];
        log.info("deploy over the pin:\n{}", d.toText());
        assertEquals(DeployReport.Result.SUCCESS, d.result(), d.toText() + E2eFixture.diagnostics(box));
        assertEquals(List.of("hello"), d.plan().unpin(), d.toText());
        assertEquals(List.of("hello"), d.plan().recreate(), d.toText());
        assertEquals("hello v2 greeted", get(box, "hello"));
        assertEquals(1, box.exec("test -e /home/app/docker/docker-compose.override.yml").exitCode(), "the pin file outlived its only pin");
        vps.rollback(E2eFixture.load(dir), deploy).to(d.backup().orElseThrow().timestamp());
      }
      assertEquals("hello v3 greeted", get(box, "hello"));
      assertTrue(box.exec("cat /home/app/docker/docker-compose.override.yml").output().contains("127.0.0.1:5001/vps/hello:v3"),
          "the rollback did not bring the pin back");
      assertEquals("shop v1", get(box, "shop"));

      String audit = box.exec("cat /home/app/docker/.vps-state/audit.log").output();
      log.info("audit log:\n{}", audit);
      for (String s : List.of("\"action\":\"redeploy\"", "\"action\":\"build-on-host\"", "\"result\":\"unchanged\"", "\"result\":\"failed\"", "no-such-branch",
          "\"who\":\"ci@e2e\"")) {
        assertTrue(audit.contains(s), s + " missing:\n" + audit);
      }
      assertFalse(audit.contains(token), "the registry token in the audit log");
      assertEquals(1, box.exec("grep -rq '" + token + "' /home/app /var/log 2>/dev/null").exitCode(), "the registry token on the host");
      assertEquals(1, box.exec("test -d /home/app/docker/.vps-state/lock").exitCode(), "a delivery left the lock behind");
    }
  }

  /** The stack's caddy image answering {@code body} on :8080 (without wget when {@code broken}), pushed to the box registry. */
  static String pushImage(int registry, String nameTag, String body, boolean broken) {
    String ref = "127.0.0.1:" + registry + "/vps/" + nameTag;
    String name = "vps-box-mkimg-" + Long.toHexString(System.nanoTime());
    VpsBox.docker(Duration.ofMinutes(2), "run", "--name", name, StackImages.image("caddy"), "sh", "-c", broken ? "rm -f /usr/bin/wget"
        : "true").requireSuccess();
    try {
      // the body ends with $SUFFIX from the environment, so that a configuration change shows in the answers
      VpsBox.docker(Duration.ofMinutes(2), "commit", "--change", "CMD [\"sh\", \"-c\", \"exec caddy respond --listen :8080 --body \\\""
          + body + "$SUFFIX\\\"\"]", name, ref).requireSuccess();
      VpsBox.docker(Duration.ofMinutes(5), "push", "--quiet", ref).requireSuccess();
      return VpsBox.docker(Duration.ofSeconds(30), "image", "inspect", "--format", "{{.Id}}", ref).requireSuccess().output().strip();
    } finally {
      VpsBox.docker(Duration.ofSeconds(30), "rm", "-f", name);
      VpsBox.docker(Duration.ofSeconds(30), "rmi", ref);
    }
  }

  /** A repository in the box: a Dockerfile on the stack's caddy image serving index.html on :8080; main at "shop v1", tag v1. */
  private static void shopRepository(VpsBox box) {
    box.exec("DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends git >/dev/null"
        + " && git init -q --bare -b main /srv/git/shop.git && git config --system --add safe.directory /srv/git/shop.git"
        + " && git config --system user.email ci@example.com && git config --system user.name ci"
        + " && git clone -q /srv/git/shop.git /root/shop").requireSuccess();
    commit(box, "shop v1", false, "v1");
  }

  private static void commit(VpsBox box, String body, boolean broken, String tag) {
    String dockerfile = "'FROM 127.0.0.1:5000/vps/caddy:e2e' " + (broken ? "'RUN rm -f /usr/bin/wget' " : "")
        + "'COPY index.html /srv/index.html' 'CMD [\"caddy\", \"file-server\", \"--root\", \"/srv\", \"--listen\", \":8080\"]'";
    box.exec("cd /root/shop && printf '%s\\n' " + dockerfile + " > Dockerfile && printf '%s' '" + body + "' > index.html && git add -A"
        + " && git commit -q -m '" + body + "' && git push -q origin HEAD:main" + (tag == null ? "" : " && git tag " + tag
        + " && git push -q origin " + tag)).requireSuccess();
  }

  private static String checkoutHead(VpsBox box) {
    return box.exec("runuser -u app -- git -C /home/app/docker/src/shop rev-parse HEAD").requireSuccess().output().strip();
  }

  private static String get(VpsBox box, String host) {
    return box.exec("for i in $(seq 1 30); do curl -fsS --resolve " + host + ".example.com:443:127.0.0.1 --cacert " + ROOT_CA
        + " https://" + host + ".example.com/ && exit 0; sleep 1; done; exit 1").output().strip();
  }

  private static String startedAt(VpsBox box, String service) {
    return box.exec("docker inspect --format '{{.State.StartedAt}}' " + containerOf(box, service)).requireSuccess().output().strip();
  }

  /** The service's one container (its name changes with each blue/green switch). */
  private static String containerOf(VpsBox box, String service) {
    String ids = box.exec("docker ps -q --filter label=com.docker.compose.project=e2e --filter label=com.docker.compose.service="
        + service).requireSuccess().output().strip();
    assertEquals(1, ids.lines().count(), service + " runs " + ids.lines().count() + " containers");
    return ids;
  }

  interface Action {
    void run() throws Exception;
  }

  /**
   * Runs {@code action} while this machine requests {@code https://<host>.example.com<path>} through the
   * box's published 443 (Caddy, {@code tls internal}) 20 times a second, at most 120 s: no request may
   * fail, and the answers go from {@code before} to {@code after} once. Prints the count and p99.
   */
  static LoadGenerator.Result underLoad(VpsBox box, String host, String path, String before, String after, String what, Action action)
      throws Exception {
    String ca = box.exec("cat " + ROOT_CA).requireSuccess().output();
    LoadGenerator.Result r;
    try (LoadGenerator load = LoadGenerator.start(host.equals("@") ? "example.com" : host + ".example.com", box.publishedPort(443), path,
        ca, 20, Duration.ofSeconds(120))) {
      Processes.sleep(2000); // answers from before
      action.run();
      Processes.sleep(2000); // answers from after
      r = load.stop();
    }
    log.info("LOAD during {}: {}", what, r.summary());
    assertEquals(0, r.failed(), what + ": failed requests " + r.failures() + "\n" + r.summary());
    assertTrue(r.switchedOnce(before, after, Duration.ofSeconds(2)), what + ": expected " + before + " then " + after + ", got "
        + r.summary());
    return r;
  }

  private static List<String> runnerFlags(E2eFixture e2e, VpsBox box, Path dir) {
    return List.of("--profile", dir.toString(), "--host", "127.0.0.1", "--port", String.valueOf(box.sshPort()), "--user", "root",
        "--identity", e2e.key.toString(), "--host-key", box.hostKeyFingerprint(), "--age-key-file", dir.resolve("demo-age-key.txt").toString());
  }

  private record Run(int code, String out, String err) {
    String all() {
      return "exit " + code + "\n" + out + err;
    }
  }

  private static Run run(List<String> flags, Map<String, String> env, String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(flags);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new BufferedReader(new StringReader("")), new PrintWriter(out), new PrintWriter(err), env,
        args.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }
}
