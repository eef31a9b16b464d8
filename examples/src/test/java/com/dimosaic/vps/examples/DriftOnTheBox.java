package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.Vps;
import com.dimosaic.vps.VpsSession;
import com.dimosaic.vps.drift.DriftItem;
import com.dimosaic.vps.drift.DriftReport;
import com.dimosaic.vps.drift.DriftWatch;
import com.dimosaic.vps.drift.RepairOptions;
import com.dimosaic.vps.drift.RepairReport;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.provision.ProvisionOptions;
import com.dimosaic.vps.ssh.SshRemoteHost;
import com.dimosaic.vps.testing.FakeNetcupServer;
import com.dimosaic.vps.testing.HostSnapshot;
import com.dimosaic.vps.testing.Processes;
import com.dimosaic.vps.testing.VpsBox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drift on the provisioned box of {@link ProvisionE2eIT}: none right after provisioning (and the check
 * changes nothing on the host, compared from the host's own state); a watch serving metrics sees an
 * edit within one interval and its health endpoint turns 503; eight edits by hand and at the DNS
 * provider's panel are listed exactly, the unmanaged record as kept; a repair puts back all but the
 * extra firewall rule, a repair with prune that one too.
 */
final class DriftOnTheBox {
  private static final Logger log = LoggerFactory.getLogger(DriftOnTheBox.class);
  private static final String STACK = "/home/app/docker";

  private DriftOnTheBox() {}

  static void isFoundListedWatchedAndRepaired(E2eFixture e2e, VpsBox box, Path dir, Profile profile, ProvisionOptions options,
      FakeNetcupServer netcup) throws Exception {
    // 1. right after provisioning: nothing, and the check itself changes nothing on the host
    HostSnapshot before = HostSnapshot.of(box);
    DriftReport clean;
    try (VpsSession vps = Vps.connect(e2e.target(box))) {
      clean = vps.drift(profile, options, ProgressListener.NONE);
    }
    log.info("drift after provisioning:\n{}", clean.toText());
    assertTrue(clean.clean(), clean.toText());
    HostSnapshot.of(box).assertSameAs(before);
    List<String> ssh = List.of(dir.toString(), "--host", "127.0.0.1", "--port", String.valueOf(box.sshPort()), "--user", "root",
        "--identity", e2e.key.toString(), "--host-key", box.hostKeyFingerprint(), "--age-key-file",
        dir.resolve("demo-age-key.txt").toString(), "--dns-endpoint", netcup.endpoint());
    Run ok = run(ssh, "drift", "--expect-no-drift");
    assertEquals(0, ok.code, ok.all());

    // 2. a watch every 5 s: healthy with 0 drift items, then an edit shows within one interval and the health turns 503
    try (DriftWatch watch = DriftWatch.builder().every(Duration.ofSeconds(5)).serve(new InetSocketAddress("127.0.0.1", 0))
        .host("box", DriftWatch.probe("box", () -> SshRemoteHost.connect(e2e.target(box)), profile, options, E2eFixture.validation(box))).start()) {
      String base = "http://127.0.0.1:" + watch.address().orElseThrow().getPort();
      String metrics = await(base + "/metrics", m -> m.contains("vps_watch_up{host=\"box\"} 1"), Duration.ofMinutes(3));
      assertTrue(metrics.contains("vps_drift_items{host=\"box\",kind=\"file\"} 0"), metrics);
      assertTrue(metrics.lines().anyMatch(l -> l.startsWith("vps_check_status{host=\"box\",check=\"")), metrics);
      Http health = get(base + "/health");
      assertEquals(200, health.code, health.body);
      long edited = System.nanoTime();
      editCaddyfile(box);
      await(base + "/metrics", m -> m.contains("vps_drift_items{host=\"box\",kind=\"file\"} 1"), Duration.ofMinutes(3));
      log.info("the watch saw the edit after {} ms", Duration.ofNanos(System.nanoTime() - edited).toMillis());
      Http unhealthy = get(base + "/health");
      assertEquals(503, unhealthy.code, unhealthy.body);
      assertTrue(unhealthy.body.contains("\"status\":\"unhealthy\""), unhealthy.body);
    }

    // 3. the other seven edits: by hand over SSH, and at the provider's panel
    box.exec("ufw allow 8081/tcp && ufw delete allow 443/tcp").requireSuccess();
    box.exec("docker stop e2e-postfix-relay-1").requireSuccess();
    box.exec("docker tag 127.0.0.1:5000/vps/redis:e2e 127.0.0.1:5000/vps/redis:hand && cd " + STACK
        + " && runuser -u app -- sed -i 's#vps/redis:e2e#vps/redis:hand#' docker-compose.yml && runuser -u app -- docker compose up -d redis"
        + " && runuser -u app -- sed -i 's#vps/redis:hand#vps/redis:e2e#' docker-compose.yml").requireSuccess();
    box.exec("echo 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDriftTestIntruderKey000000000000000000000000 intruder@example' >> "
        + "/home/app/.ssh/authorized_keys").requireSuccess();
    box.exec("sed -i 's/^LogLevel: info$/LogLevel: debug/' /home/mox/config/mox.conf && grep -q '^LogLevel: debug' /home/mox/config/mox.conf")
        .requireSuccess();
    netcup.editRecords("example.com", r -> r.type().equals("MX") ? new FakeNetcupServer.Rec(r.id(), r.hostname(), r.type(), "20",
        r.destination(), r.state()) : r);
    netcup.addRecord("example.com", "legacy", "TXT", "kept-by-hand", "");

    DriftReport drift;
    try (VpsSession vps = Vps.connect(e2e.target(box))) {
      drift = vps.drift(profile, options, ProgressListener.NONE);
    }
    log.info("drift after the edits:\n{}", drift.toText());
    List<String> found = drift.items().stream().map(i -> i.kind() + " " + i.subject()).sorted().toList();
    List<String> expected = new ArrayList<>(List.of(
        "FILE " + STACK + "/Caddyfile",
        "FIREWALL_EXTRA ufw allow 8081/tcp",
        "FIREWALL_MISSING ufw allow 443/tcp",
        "CONTAINER_MISSING postfix-relay",
        "CONTAINER_IMAGE redis",
        "FILE /home/app/.ssh/authorized_keys",
        "FILE /home/mox/config/mox.conf"));
    assertEquals(8, drift.drift().size(), drift.toText());
    for (String e : expected) {
      assertTrue(found.contains(e), e + " not found in " + found + "\n" + drift.toText());
    }
    assertEquals(1, drift.drift().stream().filter(i -> i.kind() == DriftItem.Kind.DNS && i.subject().contains("MX")).count(),
        drift.toText());
    DriftItem txt = drift.items().stream().filter(i -> i.kind() == DriftItem.Kind.DNS_UNMANAGED && i.subject().contains("legacy"))
        .findFirst().orElseThrow(() -> new AssertionError(drift.toText()));
    assertFalse(txt.counted());
    String caddyDiff = drift.items().stream().filter(i -> i.subject().endsWith("/Caddyfile")).findFirst().orElseThrow().diff().orElseThrow();
    assertTrue(caddyDiff.contains("\n-\tencode gzip\n") && caddyDiff.contains("\n+\tencode zstd gzip\n"), caddyDiff);
    String moxDiff = drift.items().stream().filter(i -> i.subject().endsWith("mox.conf")).findFirst().orElseThrow().diff().orElseThrow();
    assertTrue(moxDiff.contains("-LogLevel: debug") && moxDiff.contains("+LogLevel: info"), moxDiff);
    Run pending = run(ssh, "drift", "--expect-no-drift");
    assertEquals(3, pending.code, pending.all());
    Run junit = run(ssh, "drift", "--format", "junit");
    assertTrue(junit.out.contains("failures=\"8\""), junit.out);
    Run json = run(ssh, "drift", "--format", "json");
    assertTrue(json.out.contains("\"drift\" : 8"), json.out);

    // 4. repair: everything but the extra firewall rule (removed only with --prune) and the unmanaged record
    RepairReport repaired;
    try (VpsSession vps = Vps.connect(e2e.target(box))) {
      repaired = vps.repairDrift(profile, options, RepairOptions.builder().yes().who("e2e@drift").healthTimeout(Duration.ofMinutes(3))
          .build(), ProgressListener.NONE);
    }
    log.info("repair:\n{}", repaired.toText());
    assertEquals(RepairReport.Result.REPAIRED, repaired.result(), repaired.toText());
    DriftReport after = repaired.after().orElseThrow();
    assertEquals(List.of("FIREWALL_EXTRA ufw allow 8081/tcp"), after.drift().stream().map(i -> i.kind() + " " + i.subject()).toList(),
        after.toText());
    assertTrue(box.exec("ufw status").output().contains("8081/tcp"), "the extra rule was removed without --prune");
    assertTrue(box.exec("ufw status").output().contains("443/tcp"));
    assertTrue(netcup.zone("example.com").records().stream().anyMatch(r -> r.hostname().equals("legacy")), "the unmanaged record was removed");
    assertFalse(box.exec("cat /home/app/.ssh/authorized_keys").output().contains("intruder@example"));
    assertEquals("127.0.0.1:5000/vps/redis:e2e", box.exec("docker inspect --format '{{.Config.Image}}' e2e-redis-1").output().strip());

    // 5. with --prune, through the runner: the extra rule goes too; then nothing is left
    Run prune = run(ssh, "drift", "--repair", "--yes", "--prune", "--who", "e2e@drift");
    log.info("runner repair --prune:\n{}", prune.out);
    assertEquals(0, prune.code, prune.all());
    assertFalse(box.exec("ufw status").output().contains("8081/tcp"), box.exec("ufw status").output());
    Run none = run(ssh, "drift", "--expect-no-drift");
    assertEquals(0, none.code, none.all());
    String audit = box.exec("cat " + STACK + "/.vps-state/audit.log").output();
    assertEquals(4, audit.lines().filter(l -> l.contains("\"action\":\"drift-repair\"")).count(), audit);
  }

  /** The Caddyfile edited in place (same file, as a bind mount needs): the static site without zstd. */
  static void editCaddyfile(VpsBox box) {
    box.exec("cd " + STACK + " && grep -q 'encode zstd gzip' Caddyfile && sed 's/encode zstd gzip/encode gzip/' Caddyfile > /root/Caddyfile.new"
        + " && cat /root/Caddyfile.new > Caddyfile && rm /root/Caddyfile.new").requireSuccess();
  }

  private record Run(int code, String out, String err) {
    String all() {
      return "exit " + code + "\n" + out + err;
    }
  }

  private static Run run(List<String> ssh, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(ssh);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private record Http(int code, String body) {}

  private static Http get(String url) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Http(r.statusCode(), r.body());
  }

  private static String await(String url, java.util.function.Predicate<String> until, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      last = get(url).body;
      if (until.test(last)) {
        return last;
      }
      Processes.sleep(500);
    }
    throw new AssertionError("not within " + timeout.toSeconds() + " s at " + url + ":\n" + last.lines().filter(l -> !l.startsWith("#"))
        .collect(Collectors.joining("\n")));
  }
}
