package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.DnsProviders;
import com.dimosaic.vps.Vps;
import com.dimosaic.vps.VpsSession;
import com.dimosaic.vps.deploy.Backups;
import com.dimosaic.vps.deploy.DeployOptions;
import com.dimosaic.vps.deploy.DeployReport;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.provision.ProvisionReport;
import com.dimosaic.vps.secrets.age.AgeIdentity;
import com.dimosaic.vps.secrets.age.AgeRecipient;
import com.dimosaic.vps.secrets.sops.AgeKeys;
import com.dimosaic.vps.secrets.sops.Sops;
import com.dimosaic.vps.secrets.sops.SopsDocument;
import com.dimosaic.vps.stack.DeployException;
import com.dimosaic.vps.stack.DeployLock;
import com.dimosaic.vps.stack.StackDir;
import com.dimosaic.vps.testing.FakeNetcupServer;
import com.dimosaic.vps.testing.HostSnapshot;
import com.dimosaic.vps.testing.Processes;
import com.dimosaic.vps.testing.StackImages;
import com.dimosaic.vps.testing.VpsBox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploy and rollback on a provisioned "VPS in a box" (see {@link ProvisionE2eIT} for the box): a
 * changed secret recreates only the service that uses it and the diff names it without its value;
 * a dry run changes nothing; a new service with a route and a database starts, Caddy serves it, its
 * database exists and another database's rows are untouched; an update to an image whose health
 * check fails is rolled back automatically; a rollback after two deploys restores the first; a
 * deploy while another holds the lock fails naming the holder; the runner lists rollback points;
 * the new route's A record is created at the (fake Netcup) DNS provider.
 */
class DeployE2eIT {
  private static final Logger log = LoggerFactory.getLogger(DeployE2eIT.class);

  private static final String HELLO = String.join("\n",
      "",
      "  hello:",
      "    kind: generic",
      "    image: %IMAGE%",
      "    command: [\"caddy\", \"respond\", \"--listen\", \":8080\", \"--body\", \"hello v1\"]",
      "    healthcheck:",
      "      test: [\"CMD\", \"wget\", \"-q\", \"-O\", \"/dev/null\", \"http://127.0.0.1:8080/\"]",
      "      interval: 2s",
      "      startPeriod: 2s",
      "    dependsOn: [postgres]",
      "    networks: [web, backend]",
      "    volumes: [\"hello_data:/data\"]",
      "    ports: [8080]",
      "    routes:",
      "      - { host: hello, port: 8080 }",
      "    postgres:",
      "      databases:",
      "        - { name: hello, owner: hello, password: \"${secret:ZITADEL_DB_PASSWORD}\" }",
      "");

  @TempDir Path tmp;

  @Test
  void deploysChangeOnlyWhatDiffersAndFailedUpdatesAndRollbacksRestoreThePreviousState() throws Exception {
    E2eFixture e2e = new E2eFixture(tmp);
    try (VpsBox box = e2e.box(); FakeNetcupServer netcup = E2eFixture.netcup()) {
      String broken = pushBrokenImage(box);
      Path dir = e2e.profileDir("", "");
      try (VpsSession vps = Vps.connect(e2e.target(box))) {
        ProvisionReport provisioned = vps.provision(E2eFixture.load(dir), e2e.options(box, netcup), ProgressListener.NONE);
        assertEquals(ProvisionReport.Result.SUCCESS, provisioned.result(), provisioned.toText() + E2eFixture.diagnostics(box));
      }
      // data that must survive everything below
      psql(box, "CREATE DATABASE keep");
      psql(box, "-d keep -c \"CREATE TABLE t(n int); INSERT INTO t SELECT generate_series(1, 1000)\"");
      assertEquals("1000", count(box));
      DeployOptions.Builder base = DeployOptions.builder().yes().who("e2e@test").validation(E2eFixture.validation(box))
          .healthTimeout(Duration.ofMinutes(3))
          .dnsProviders(p -> DnsProviders.open(p, Optional.empty(), Optional.of(netcup.endpoint())));

      // 1. a changed secret: only postgres is recreated; the plan names the variable, never a value
      Map<String, String> started = startedAt(box);
      String oldPassword = secret(dir, "POSTGRES_PASSWORD");
      String newPassword = "rotated-" + Long.toHexString(System.nanoTime());
      rewriteSecret(dir, "POSTGRES_PASSWORD", newPassword);
      DeployReport d1;
      try (VpsSession vps = Vps.connect(e2e.target(box))) {
        d1 = vps.deploy(E2eFixture.load(dir), base.message("rotate the postgres password").build(), ProgressListener.NONE);
      }
      log.info("deploy 1:\n{}", d1.toText());
      assertEquals(DeployReport.Result.SUCCESS, d1.result(), d1.toText() + E2eFixture.diagnostics(box));
      assertEquals(List.of("POSTGRES_PASSWORD"), d1.plan().envChanged(), d1.toText());
      assertEquals(List.of("postgres"), d1.plan().recreate(), d1.toText());
      for (String text : List.of(d1.toText(), d1.plan().toJson())) {
        assertFalse(text.contains(oldPassword) || text.contains(newPassword), "a secret value in the plan:\n" + text);
      }
      Map<String, String> after1 = startedAt(box);
      assertNotEquals(started.get("postgres"), after1.get("postgres"), "postgres was not recreated");
      assertEquals(started.get("caddy"), after1.get("caddy"), "caddy was restarted");
      assertEquals(started.get("redis"), after1.get("redis"), "redis was restarted");
      String point = "/home/app/docker/.vps-state/backups/" + d1.backup().orElseThrow().timestamp();
      assertEquals(0, box.exec("head -n 1 " + point + "/env.age | grep -q 'BEGIN AGE ENCRYPTED FILE'").exitCode(),
          box.exec("ls -la " + point).output());
      assertEquals("", box.exec("find /home/app/docker/.vps-state/backups -name .env").output().strip(), "a plain .env in a backup");
      assertEquals(1, box.exec("grep -rl '" + oldPassword + "' /home/app/docker/.vps-state/ >/dev/null").exitCode(),
          "a plain-text secret in a backup");

      HostSnapshot afterDeploy1 = HostSnapshot.stack(box, "/home/app/docker");

      // 2. a new service with a route and a database: a dry run first, which changes nothing
      Files.writeString(dir.resolve("services.yaml"), Files.readString(dir.resolve("services.yaml"))
          + HELLO.replace("%IMAGE%", "127.0.0.1:5000/vps/caddy:e2e"));
      String composeBefore = box.exec("sha256sum /home/app/docker/docker-compose.yml").output();
      HostSnapshot beforeDry = HostSnapshot.of(box);
      DeployReport dry;
      try (VpsSession vps = Vps.connect(e2e.target(box))) {
        dry = vps.deploy(E2eFixture.load(dir), base.dryRun(true).build(), ProgressListener.NONE);
      }
      base.dryRun(false);
      assertEquals(DeployReport.Result.DRY_RUN, dry.result());
      HostSnapshot.of(box).assertSameAs(beforeDry);
      assertEquals(List.of("hello"), dry.plan().addedServices(), dry.plan().toText());
      assertEquals(List.of("hello"), dry.plan().newDatabases(), dry.plan().toText());
      assertTrue(dry.plan().sitesAdded().contains("hello.example.com"), dry.plan().toText());
      assertTrue(dry.plan().dnsChanges().stream().anyMatch(c -> c.startsWith("+ A hello")), dry.plan().toText());
      assertTrue(netcup.zone("example.com").records().stream().noneMatch(r -> r.hostname().equals("hello")), "the dry run created a record");
      assertEquals(composeBefore, box.exec("sha256sum /home/app/docker/docker-compose.yml").output(), "the dry run changed the host");
      DeployReport d2;
      try (VpsSession vps = Vps.connect(e2e.target(box))) {
        d2 = vps.deploy(E2eFixture.load(dir), base.message("add hello").build(), ProgressListener.NONE);
      }
      log.info("deploy 2:\n{}", d2.toText());
      assertEquals(DeployReport.Result.SUCCESS, d2.result(), d2.toText() + E2eFixture.diagnostics(box));
      assertEquals("hello v1", hello(box), d2.toText());
      // the new route's A record was created at the DNS provider (before Caddy served the site)
      assertTrue(netcup.zone("example.com").records().stream().anyMatch(r -> r.hostname().equals("hello") && r.type().equals("A")
          && r.destination().equals("203.0.113.50")), netcup.zone("example.com").records().toString());
      assertTrue(d1.plan().dnsChanges().isEmpty(), "a converged zone planned DNS changes: " + d1.plan().dnsChanges());
      assertTrue(box.exec("cd /home/app/docker && runuser -u app -- docker compose exec -T -u postgres postgres psql -Atc"
          + " \"SELECT 1 FROM pg_database WHERE datname = 'hello'\"").output().strip().equals("1"), "database hello missing");
      assertEquals("1000", count(box), "rows lost in another database");

      // 3. an update whose image fails its health check: restored automatically, hello answers again, no row lost
      Files.writeString(dir.resolve("services.yaml"), Files.readString(dir.resolve("services.yaml"))
          .replace("image: 127.0.0.1:5000/vps/caddy:e2e\n    command: [\"caddy\", \"respond\"", "image: " + broken
              + "\n    command: [\"caddy\", \"respond\""));
      DeployReport d3;
      try (VpsSession vps = Vps.connect(e2e.target(box))) {
        d3 = vps.deploy(E2eFixture.load(dir), base.message("broken hello").healthTimeout(Duration.ofSeconds(45)).build(),
            ProgressListener.NONE);
      }
      base.healthTimeout(Duration.ofMinutes(3));
      log.info("deploy 3:\n{}", d3.toText());
      assertEquals(DeployReport.Result.ROLLED_BACK, d3.result(), d3.toText() + E2eFixture.diagnostics(box));
      // hello is behind Caddy: its new container started beside the old one, which served throughout
      assertTrue(d3.failure().orElse("").contains("hello: the new container(s) e2e-hello-2 did not become healthy"), d3.toText());
      assertEquals(Map.of("hello", "blue-green"), d3.plan().strategies(), d3.toText());
      assertEquals("hello v1", hello(box), d3.toText());
      assertTrue(box.exec("grep -q 'vps/caddy:e2e' /home/app/docker/docker-compose.yml").exitCode() == 0, "compose file not restored");
      assertEquals("1000", count(box));

      // 4. a deploy while another one holds the lock fails and names the holder
      try (VpsSession other = Vps.connect(e2e.target(box));
          DeployLock held = DeployLock.acquire(StackDir.of(other.host()), new DeployLock.Holder("ci@runner-7", Instant.now(), "test",
              "long deploy"), Duration.ZERO);
          VpsSession vps = Vps.connect(e2e.target(box))) {
        DeployException e = assertThrows(DeployException.class, () -> vps.deploy(E2eFixture.load(dir),
            base.lockWait(Duration.ofSeconds(2)).build(), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("ci@runner-7"), e.getMessage());
      }
      base.lockWait(Duration.ZERO);

      // 5. rollback after two deploys: the point taken before deploy 2 brings back the state after deploy 1
      List<Backups.Point> points;
      try (VpsSession vps = Vps.connect(e2e.target(box))) {
        points = vps.rollback(E2eFixture.load(dir), base.build()).list();
        log.info("rollback points: {}", points);
        assertEquals(d2.backup().orElseThrow().timestamp(), points.get(1).timestamp(), points.toString());
        vps.rollback(E2eFixture.load(dir), base.build()).to(d2.backup().get().timestamp());
      }
      // the claim "rollback restores the state after deploy 1", from the host: files by content, the images running
      HostSnapshot.stack(box, "/home/app/docker").assertSameAs(afterDeploy1);
      assertEquals(1, box.exec("grep -q 'hello' /home/app/docker/docker-compose.yml").exitCode(), "hello still in the compose file");
      assertTrue(box.exec("docker ps --format '{{.Names}}'").output().lines().noneMatch(n -> n.contains("hello")),
          box.exec("docker ps").output());
      assertEquals("1000", count(box), "rows lost in the rollback");
      assertTrue(box.exec("runuser -u app -- docker compose -f /home/app/docker/docker-compose.yml ps --format '{{.Service}} {{.Status}}'")
          .output().lines().filter(l -> l.contains("(healthy)")).count() >= 3, box.exec("docker ps").output());

      // the runner lists the points; the audit log has every deploy and the rollback
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.run(new PrintWriter(out), new PrintWriter(err), "rollback", dir.toString(), "--list", "--host", "127.0.0.1", "--port",
          String.valueOf(box.sshPort()), "--user", "root", "--identity", e2e.key.toString(), "--host-key", box.hostKeyFingerprint(),
          "--age-key-file", dir.resolve("demo-age-key.txt").toString());
      assertEquals(0, code, err.toString());
      assertTrue(out.toString().contains(d2.backup().get().timestamp()), out.toString());
      // the runner's dry run against the rolled-back host: hello (with the broken image) would come back; nothing changes
      StringWriter plan = new StringWriter();
      code = Main.run(new PrintWriter(plan), new PrintWriter(err), "deploy", dir.toString(), "--dry-run", "--json",
          "--dns-endpoint", netcup.endpoint(), "--host", "127.0.0.1",
          "--port", String.valueOf(box.sshPort()), "--user", "root", "--identity", e2e.key.toString(), "--host-key",
          box.hostKeyFingerprint(), "--age-key-file", dir.resolve("demo-age-key.txt").toString());
      assertEquals(0, code, err.toString());
      assertTrue(plan.toString().contains("\"addedServices\" : [ \"hello\" ]"), plan.toString());
      assertEquals(1, box.exec("grep -q 'hello' /home/app/docker/docker-compose.yml").exitCode(), "the dry run changed the host");
      // 6. hello back with a good image, then removed from the profile: stopped and removed, its volume and all data kept
      Files.writeString(dir.resolve("services.yaml"), Files.readString(dir.resolve("services.yaml")).replace(broken,
          "127.0.0.1:5000/vps/caddy:e2e"));
      DeployReport d4;
      DeployReport d5;
      try (VpsSession vps = Vps.connect(e2e.target(box))) {
        d4 = vps.deploy(E2eFixture.load(dir), base.message("hello again").build(), ProgressListener.NONE);
        assertEquals(DeployReport.Result.SUCCESS, d4.result(), d4.toText() + E2eFixture.diagnostics(box));
        assertEquals("hello v1", hello(box), d4.toText());
        Files.copy(E2eFixture.E2E.resolve("services.yaml"), dir.resolve("services.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        d5 = vps.deploy(E2eFixture.load(dir), base.message("retire hello").build(), ProgressListener.NONE);
      }
      log.info("deploy 5:\n{}", d5.toText());
      assertEquals(DeployReport.Result.SUCCESS, d5.result(), d5.toText() + E2eFixture.diagnostics(box));
      assertEquals(List.of("hello"), d5.plan().removedServices(), d5.toText());
      assertTrue(box.exec("docker ps -a --format '{{.Names}}'").output().lines().noneMatch(n -> n.contains("hello")),
          box.exec("docker ps -a").output());
      assertEquals(0, box.exec("docker volume inspect e2e_hello_data >/dev/null").exitCode(), "hello's volume was removed");
      assertEquals("1000", count(box));

      String audit = box.exec("cat /home/app/docker/.vps-state/audit.log").output();
      log.info("audit log:\n{}", audit);
      for (String result : List.of("\"result\":\"success\"", "\"result\":\"rolled-back\"", "\"action\":\"rollback\"")) {
        assertTrue(audit.contains(result), result + " missing:\n" + audit);
      }
      assertFalse(audit.contains(oldPassword) || audit.contains(newPassword));

      // 7. canaries: every secret a unique random value; provision again, a deploy whose health gate and log print a secret
      //    from the container's environment, validate and roll back, through the runner with every logger at DEBUG. No canary
      //    (nor its URL-encoded or base64 form) in the runner's output (logs, reports, errors), the audit log, the box's journal,
      //    or any process's command line sampled meanwhile, here and in the box.
      Canaries canaries = Canaries.rewrite(dir);
      netcup.addCustomer(canaries.value("NETCUP_CUSTOMER_NUMBER"), canaries.value("NETCUP_API_KEY"), canaries.value("NETCUP_API_PASSWORD"));
      String since = box.exec("date +%s").requireSuccess().output().strip();
      List<String> ssh = List.of(dir.toString(), "--host", "127.0.0.1", "--port", String.valueOf(box.sshPort()), "--user", "root",
          "--identity", e2e.key.toString(), "--host-key", box.hostKeyFingerprint(), "--age-key-file", dir.resolve("demo-age-key.txt").toString());
      List<String> validation = List.of("--validation-address", "127.0.0.1", "--published", E2eFixture.published(box), "--reach",
          VpsBox.mirror() + "/");
      Map<String, String> texts = new LinkedHashMap<>();
      try (Canaries.CmdlineSampler sampler = new Canaries.CmdlineSampler(box)) {
        Processes.Result provision = runner(args("provision", ssh, List.of("--mox-binary", e2e.mox.toString(), "--mox-sum", e2e.moxSum(),
            "--dns-endpoint", netcup.endpoint(), "--health-timeout", "180"), validation));
        texts.put("provision", provision.output());
        assertEquals(0, provision.exitCode(), tail(provision.output()) + E2eFixture.diagnostics(box));

        Files.writeString(dir.resolve("services.yaml"), Files.readString(dir.resolve("services.yaml")) + CANARY_HELLO);
        Processes.Result failing = runner(args("deploy", ssh, List.of("--yes", "--no-validate", "--message", "canary",
            "--health-timeout", "60", "--dns-endpoint", netcup.endpoint())));
        texts.put("deploy", failing.output());
        assertEquals(1, failing.exitCode(), tail(failing.output()));
        assertTrue(failing.output().contains("Result: ROLLED_BACK"), tail(failing.output()));
        // live progress, plain lines (not a terminal): the apply is one phase whose long steps are shown as they start
        for (String line : List.of("▶ deploy", "    … backup", "    … recreate hello", "    … waiting for hello", "  ✗ deploy")) {
          assertTrue(failing.output().lines().anyMatch(l -> l.startsWith(line)), "no '" + line + "' in:\n" + tail(failing.output()));
        }

        Processes.Result validate = runner(args("validate", ssh, List.of("--format", "json"), validation));
        texts.put("validate", validate.output());
        assertTrue(validate.output().contains("\"checks\"") || validate.output().contains("\"outcomes\""), tail(validate.output()));

        Processes.Result list = runner(args("rollback", ssh, List.of("--list")));
        texts.put("rollback --list", list.output());
        String latest = list.output().lines().filter(l -> l.matches("[0-9]{8}T[0-9]{6}Z .*")).findFirst().orElseThrow(() ->
            new AssertionError(tail(list.output()))).split(" ")[0];
        Processes.Result back = runner(args("rollback", ssh, List.of("--to", latest)));
        texts.put("rollback", back.output());
        assertEquals(0, back.exitCode(), tail(back.output()));
        texts.put("command lines", sampler.all());
        assertTrue(sampler.samples >= 20, "only " + sampler.samples + " command-line samples");
      }
      texts.put("audit log", box.exec("cat /home/app/docker/.vps-state/audit.log").output());
      texts.put("journal", box.exec("journalctl --since @" + since + " --no-pager -o cat").output());
      assertTrue(texts.get("provision").contains(" DEBUG com.dimosaic.vps."), "the SDK did not log at DEBUG:\n" + tail(texts.get("provision")));
      log.info("canaries: {} command lines, {} journal lines, {} runner lines searched", texts.get("command lines").lines().count(),
          texts.get("journal").lines().count(), texts.values().stream().mapToLong(t -> t.lines().count()).sum());
      assertEquals(List.of(), canaries.foundIn(texts), "a secret value left the SDK");
      // and it was there to leak: the health check's and the log's lines were shown, redacted
      assertTrue(texts.get("deploy").contains("HELLO_TOKEN=${ZITADEL_DB_PASSWORD}") && texts.get("deploy").contains("token=${ZITADEL_DB_PASSWORD}"),
          tail(texts.get("deploy")));
    }
  }

  /** hello, whose health check and log print a secret from its environment; the health check always fails. */
  private static final String CANARY_HELLO = String.join("\n",
      "",
      "  hello:",
      "    kind: generic",
      "    image: 127.0.0.1:5000/vps/caddy:e2e",
      "    command: [\"sh\", \"-c\", \"echo token=$HELLO_TOKEN; exec caddy respond --listen :8080 --body canary\"]",
      "    environment:",
      "      HELLO_TOKEN: ${secret:ZITADEL_DB_PASSWORD}",
      "    healthcheck:",
      "      test: [\"CMD-SHELL\", \"echo HELLO_TOKEN=$HELLO_TOKEN; exit 1\"]",
      "      interval: 2s",
      "      startPeriod: 2s",
      "    networks: [web]",
      "    ports: [8080]",
      "    routes:",
      "      - { host: hello, port: 8080 }",
      "");

  @SafeVarargs
  private static List<String> args(String command, List<String>... parts) {
    List<String> out = new java.util.ArrayList<>(List.of(command));
    for (List<String> p : parts) {
      out.addAll(p);
    }
    return out;
  }

  /** The runner in its own JVM, every logger at DEBUG, as a user would run it (the jar built by this module). */
  private static Processes.Result runner(List<String> args) {
    List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug", "-jar", Path.of("target/vps.jar").toAbsolutePath().toString()));
    cmd.addAll(args);
    log.info("runner: {}", args.get(0));
    return Processes.run(cmd, Map.of(), null, Duration.ofMinutes(10));
  }

  private static String tail(String text) {
    List<String> lines = text.lines().filter(l -> !l.contains(" DEBUG ")).toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  /** The stack's caddy image without wget: Caddy runs, but a wget health check can never pass. */
  private static String pushBrokenImage(VpsBox box) {
    String ref = "127.0.0.1:" + box.publishedPort(5000) + "/vps/hello:broken";
    String name = "vps-box-mkbroken-" + Long.toHexString(System.nanoTime());
    VpsBox.docker(Duration.ofMinutes(2), "run", "--name", name, StackImages.image("caddy"), "rm", "-f", "/usr/bin/wget").requireSuccess();
    try {
      VpsBox.docker(Duration.ofMinutes(2), "commit", "--change", "CMD [\"caddy\", \"version\"]", name, ref).requireSuccess();
      VpsBox.docker(Duration.ofMinutes(5), "push", "--quiet", ref).requireSuccess();
      VpsBox.docker(Duration.ofSeconds(30), "rmi", ref);
    } finally {
      VpsBox.docker(Duration.ofSeconds(30), "rm", "-f", name);
    }
    return "127.0.0.1:5000/vps/hello:broken";
  }

  private static String hello(VpsBox box) {
    String root = "/var/lib/docker/volumes/e2e_caddy_data/_data/caddy/pki/authorities/local/root.crt";
    return box.exec("for i in $(seq 1 30); do curl -fsS --resolve hello.example.com:443:127.0.0.1 --cacert " + root
        + " https://hello.example.com/ && exit 0; sleep 1; done; exit 1").output().strip();
  }

  private static void psql(VpsBox box, String args) {
    box.exec("cd /home/app/docker && runuser -u app -- docker compose exec -T -u postgres postgres psql -v ON_ERROR_STOP=1 "
        + (args.startsWith("-") ? args : "-c \"" + args + "\"")).requireSuccess();
  }

  private static String count(VpsBox box) {
    return box.exec("cd /home/app/docker && runuser -u app -- docker compose exec -T -u postgres postgres psql -d keep -Atc"
        + " 'SELECT count(*) FROM t'").requireSuccess().output().strip();
  }

  private static Map<String, String> startedAt(VpsBox box) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String s : List.of("caddy", "postgres", "redis")) {
      out.put(s, box.exec("docker inspect --format '{{.State.StartedAt}}' e2e-" + s + "-1").requireSuccess().output().strip());
    }
    return out;
  }

  private static List<AgeIdentity> identities(Path dir) {
    return AgeKeys.builder().identityFile(dir.resolve("demo-age-key.txt")).environment(Map.of()).build().load();
  }

  private static String secret(Path dir, String name) {
    SopsDocument doc = Sops.decrypt(dir.resolve("secrets.enc.yaml"), identities(dir));
    return String.valueOf(doc.documents().get(0).get(name));
  }

  /** Re-encrypts the profile's secrets file with one value changed, to the same recipients. */
  private static void rewriteSecret(Path dir, String name, String value) throws Exception {
    SopsDocument doc = Sops.decrypt(dir.resolve("secrets.enc.yaml"), identities(dir));
    Map<String, Object> plain = new LinkedHashMap<>(doc.documents().get(0));
    plain.put(name, value);
    Files.writeString(dir.resolve("secrets.enc.yaml"), Sops.encrypt(plain, doc.recipients().stream().map(AgeRecipient::parse).toList()));
  }
}
