package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.Vps;
import com.dimosaic.vps.VpsSession;
import com.dimosaic.vps.backup.BackupInstall;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.provision.ProvisionReport;
import com.dimosaic.vps.testing.Processes;
import com.dimosaic.vps.testing.VpsBox;
import com.dimosaic.vps.validation.CheckResult;
import com.dimosaic.vps.validation.Status;
import com.dimosaic.vps.validation.ValidationReport;
import com.dimosaic.vps.validation.Validator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data backups on the provisioned box of {@link ProvisionE2eIT} (issue 20's acceptance): provisioning with a
 * {@code backup:} section installed them and took a first point; rows in two databases, a message in a mox mailbox (real
 * mox) and Caddy's certificates are backed up through the runner; one database is restored alone while rows written
 * since in another stay; then the postgres volume, mox's data folder and Caddy's volume are destroyed and one restore
 * brings every row, the message (read over IMAP) and the certificate back, and validation has no FAIL; the restore
 * drill passes, and FAILs naming the pack on a repository with one damaged pack file; the timer fires on a short
 * schedule and the validator reports the backup's age, and FAILs once the timer stopped past the allowed age; no
 * secret was in any process's command line in the box meanwhile; and the same works against an {@code sftp:} store on a
 * second box, over a Docker network made for the two.
 */
final class BackupsOnTheBox {
  private static final Logger log = LoggerFactory.getLogger(BackupsOnTheBox.class);
  /** Where the e2e profile gets its backup section. */
  static final String FIND = "firewall:\n  publicPostgres: false\n";
  static final String BACKUP = FIND + String.join("\n",
      "backup:",
      "  repository: /var/backups/vps",
      "  password: ${secret:WINDMILL_DB_PASSWORD}",
      "  schedule: daily",
      "  checkSubset: 100%",
      "");
  private static final String REPO = "/var/backups/vps";
  private static final String PSQL = "cd /home/app/docker && docker compose exec -T -u postgres postgres psql -X -A -t -v ON_ERROR_STOP=1 ";

  private BackupsOnTheBox() {}

  static void restoresEveryServiceAndTheDrillFindsDamage(E2eFixture e2e, VpsBox box, Path profileDir, ProvisionReport first)
      throws Exception {
    Profile profile = E2eFixture.load(profileDir);
    assertTrue(first.toText().contains("first backup point"), first.toText());
    assertEquals("active", box.exec("systemctl is-active vps-backup.timer vps-backup-verify.timer | sort -u").output().strip());
    assertEquals("600 root", box.exec("stat -c '%a %U' /etc/vps/backup/password").output().strip());

    // data in two databases, a message in mox (mailFlows put one there), Caddy's certificates
    sql(box, "zitadel", "CREATE TABLE e2e_rows (id int PRIMARY KEY, v text); INSERT INTO e2e_rows SELECT g, 'z' || g FROM generate_series(1, 100) g");
    sql(box, "windmill", "CREATE TABLE e2e_rows (id int PRIMARY KEY, v text); INSERT INTO e2e_rows SELECT g, 'w' || g FROM generate_series(1, 50) g");
    assertEquals(1, ProvisionE2eIT.inbox(box, profile, "vps e2e", 10).size());
    String cert = box.exec("find /var/lib/docker/volumes/e2e_caddy_data/_data/caddy/certificates -name 'mail.example.com.crt'"
        + " -exec sha256sum {} \\;").requireSuccess().output().strip();
    assertFalse(cert.isEmpty(), "Caddy has no certificate for mail.example.com");

    List<String> ssh = List.of(profileDir.toString(), "--host", "127.0.0.1", "--port", String.valueOf(box.sshPort()), "--user", "root",
        "--identity", e2e.key.toString(), "--host-key", box.hostKeyFingerprint(), "--age-key-file",
        profileDir.resolve("demo-age-key.txt").toString());
    List<String> secrets = List.of(profile.secrets().get("WINDMILL_DB_PASSWORD").reveal(), profile.secrets().get("POSTGRES_PASSWORD").reveal(),
        profile.secrets().get("ZITADEL_DB_PASSWORD").reveal());

    // 1. backup now through the runner, command lines sampled in the box meanwhile
    JsonNode now;
    try (Canaries.CmdlineSampler sampler = new Canaries.CmdlineSampler(box)) {
      Run r = run("backup", "now", ssh, "--json");
      assertEquals(0, r.code, r.all());
      now = new ObjectMapper().readTree(r.out);
      String lines = sampler.all();
      assertTrue(sampler.samples >= 3 && lines.contains("restic"), "restic was never seen in " + sampler.samples + " samples");
      for (String secret : secrets) {
        assertFalse(lines.contains(secret), "a secret in a command line during the backup");
      }
    }
    String point = now.path("point").asText();
    log.info("backup now: {}", now);
    assertEquals(100, now.path("rows").path("zitadel").path("public.e2e_rows").asInt(), now.toString());
    assertEquals(50, now.path("rows").path("windmill").path("public.e2e_rows").asInt(), now.toString());
    for (String item : List.of("postgres:zitadel", "postgres:windmill", "redis", "mox", "caddy", "www", "state")) {
      assertTrue(now.path("items").has(item), item + " missing: " + now);
    }
    Run list = run("backup", "list", ssh);
    assertTrue(list.out.lines().anyMatch(l -> l.startsWith(point) && l.contains("complete")), list.all());

    // 2. one database alone: rows written since in zitadel go, rows written since in windmill stay
    sql(box, "zitadel", "INSERT INTO e2e_rows SELECT g, 'late' FROM generate_series(101, 105) g");
    sql(box, "windmill", "INSERT INTO e2e_rows SELECT g, 'late' FROM generate_series(51, 57) g");
    Run one = run("backup", "restore", ssh, "--point", "latest", "--only", "postgres:zitadel", "--yes");
    assertEquals(0, one.code, one.all());
    assertEquals("100", count(box, "zitadel"));
    assertEquals("57", count(box, "windmill"), "restoring zitadel touched windmill");

    // 3. disaster: the postgres volume, mox's data folder and Caddy's volume destroyed
    box.exec("cd /home/app/docker && docker compose rm -sf postgres caddy && docker volume rm e2e_postgres_data e2e_caddy_data"
        + " && systemctl stop mox && rm -rf /home/mox/data").requireSuccess();
    Run dry = run("backup", "restore", ssh, "--point", "latest", "--dry-run");
    assertEquals(0, dry.code, dry.all());
    assertTrue(dry.out.contains("mox.service") && dry.out.contains("postgres:zitadel") && dry.out.contains("caddy"), dry.all());
    assertNotEquals(0, box.exec("docker volume inspect e2e_postgres_data >/dev/null 2>&1").exitCode(), "the dry run changed the host");
    long t0 = System.nanoTime();
    Run all = run("backup", "restore", ssh, "--point", "latest", "--yes", "--health-timeout", "180");
    log.info("full restore in {} ms:\n{}", (System.nanoTime() - t0) / 1_000_000, all.out);
    assertEquals(0, all.code, all.all() + E2eFixture.diagnostics(box));
    assertEquals("100", count(box, "zitadel"));
    assertEquals("50", count(box, "windmill"));
    assertEquals(1, ProvisionE2eIT.inbox(box, profile, "vps e2e", 60).size(), "the message is not back");
    assertEquals(cert, box.exec("find /var/lib/docker/volumes/e2e_caddy_data/_data/caddy/certificates -name 'mail.example.com.crt'"
        + " -exec sha256sum {} \\;").output().strip(), "Caddy's certificate is not back");
    String audit = box.exec("grep backup-restore /home/app/docker/.vps-state/audit.log").output();
    assertTrue(audit.contains("\"result\":\"success\""), audit);

    // 4. the restore drill passes on the good repository, and names the damaged pack on a bad one
    Run drill = run("backup", "verify", ssh, "--json");
    assertEquals(0, drill.code, drill.all());
    JsonNode d = new ObjectMapper().readTree(drill.out);
    log.info("drill: {}", d);
    assertTrue(d.path("passed").asBoolean(), drill.out);
    String pack = box.exec("find " + REPO + "/data -type f -size +1k | head -n 1").requireSuccess().output().strip();
    box.exec("cp -p " + pack + " /root/pack.orig && chmod u+w " + pack + " && printf 'damaged' | dd of=" + pack
        + " bs=1 seek=200 conv=notrunc 2>/dev/null").requireSuccess();
    Run bad = run("backup", "verify", ssh, "--json");
    assertEquals(1, bad.code, bad.all());
    String packId = pack.substring(pack.lastIndexOf('/') + 1);
    assertTrue(bad.out.contains(packId.substring(0, 8)), "the drill does not name the damaged pack " + packId + ":\n" + bad.out);
    box.exec("cp -p /root/pack.orig " + pack).requireSuccess();

    // 5. the timer fires on a short schedule and validation reports the age; stopped past its window, the check FAILs
    Profile fast = E2eFixture.load(e2e.profileDir(FIND, BACKUP.replace("schedule: daily", "schedule: \"*:*:0/15\"\n  maxAge: 40s"), true));
    try (VpsSession vps = Vps.connect(e2e.target(box))) {
      BackupInstall.of(fast).apply(vps.forProfile(fast));
      long before = lastSuccess(box);
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (lastSuccess(box) <= before && System.nanoTime() < deadline) {
        Thread.sleep(1000);
      }
      assertTrue(lastSuccess(box) > before, "the timer did not run a backup within 120 s\n"
          + box.exec("systemctl list-timers vps-backup.timer --no-pager; journalctl -u vps-backup -n 20 --no-pager").output());
      CheckResult fresh = lastBackupCheck(vps, fast);
      assertEquals(Status.PASS, fresh.status(), fresh.detail());
      assertTrue(fresh.detail().matches(".* s ago .*"), fresh.detail());
      // a oneshot service is "activating" while it runs, not "active": wait until it is inactive (or failed)
      box.exec("systemctl stop vps-backup.timer; until systemctl is-active vps-backup.service | grep -qx -e inactive -e failed; do sleep 1;"
          + " done").requireSuccess();
      Thread.sleep(45_000);
      CheckResult stale = lastBackupCheck(vps, fast);
      assertEquals(Status.FAIL, stale.status(), stale.detail());
      // back to the profile's schedule
      BackupInstall.of(profile).apply(vps.forProfile(profile));
      assertEquals("active", box.exec("systemctl is-active vps-backup.timer").output().strip());

      // 6. an sftp: store on a second box, reached only over a Docker network made for it here (no way out of it)
      sftpStoreOnASecondBox(e2e, box, vps);
      BackupInstall.of(profile).apply(vps.forProfile(profile));

      ValidationReport v = Validator.builder(profile, vps.forProfile(profile)).options(E2eFixture.validation(box)).build().validate();
      log.info("validation after the restores:\n{}", v.toText());
      assertEquals(0, v.count(Status.FAIL), v.toText());
    }
  }

  /**
   * The box backs up to, and drills from, a restic repository on a second box over SFTP: OpenSSH with the profile's key
   * (a SOPS secret written 0600 on the host) and the store's host key listed in the profile, checked strictly.
   */
  private static void sftpStoreOnASecondBox(E2eFixture e2e, VpsBox box, VpsSession vps) throws Exception {
    Path key = e2e.tmp.resolve("store_ed25519");
    Processes.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "vps-backup", "-f", key.toString()), Map.of(), null)
        .requireSuccess();
    // a store network a killed run left behind would hold the subnet: each is removed first (boxes are gone by then)
    for (String stale : VpsBox.docker(Duration.ofSeconds(30), "network", "ls", "-q", "--filter", "name=vps-e2e-store-").output().lines()
        .map(String::strip).filter(l -> !l.isEmpty()).toList()) {
      VpsBox.docker(Duration.ofSeconds(30), "network", "rm", stale);
    }
    String net = "vps-e2e-store-" + Long.toHexString(System.nanoTime());
    // a subnet apart from the boxes own Docker networks (the profile gives those 172.16.0.0/12)
    VpsBox.docker(Duration.ofSeconds(30), "network", "create", "--internal", "--subnet", "192.168.240.0/24", net).requireSuccess();
    try (VpsBox store = VpsBox.start(Path.of(key + ".pub"))) {
      store.exec("useradd -m -s /bin/sh vpsstore && install -d -o vpsstore -g vpsstore -m 0700 /srv/restic ~vpsstore/.ssh"
          + " && cp /root/.ssh/authorized_keys ~vpsstore/.ssh/ && chown vpsstore:vpsstore ~vpsstore/.ssh/authorized_keys").requireSuccess();
      VpsBox.docker(Duration.ofSeconds(30), "network", "connect", net, box.container()).requireSuccess();
      VpsBox.docker(Duration.ofSeconds(30), "network", "connect", net, store.container()).requireSuccess();
      String ip = VpsBox.docker(Duration.ofSeconds(30), "inspect", "-f", "{{(index .NetworkSettings.Networks \"" + net + "\").IPAddress}}",
          store.container()).requireSuccess().output().strip();
      String hostKey = store.exec("cut -d' ' -f1,2 /etc/ssh/ssh_host_ed25519_key.pub").requireSuccess().output().strip();
      Path dir = e2e.profileDir(FIND, BACKUP.replace("repository: /var/backups/vps", "repository: sftp:vpsstore@" + ip + ":/srv/restic/vps")
          + "  sftp:\n    identity: ${secret:BACKUP_SSH_KEY}\n    knownHosts: [\"" + ip + " " + hostKey + "\"]\n", true);
      addSecret(dir, "BACKUP_SSH_KEY", Files.readString(key));
      Profile sftp = E2eFixture.load(dir);
      try {
        com.dimosaic.vps.remote.RemoteHost host = vps.forProfile(sftp);
        List<com.dimosaic.vps.phase.StepResult> steps = BackupInstall.of(sftp).apply(host);
        assertTrue(steps.stream().anyMatch(x -> x.step().startsWith("restic repository") && x.changed()), steps.toString());
        assertEquals("600 root", box.exec("stat -c '%a %U' /etc/vps/backup/ssh/id").output().strip());
        com.dimosaic.vps.backup.DataBackups backups = vps.backups(sftp);
        com.dimosaic.vps.backup.BackupRun run = backups.now(com.dimosaic.vps.phase.ProgressListener.NONE);
        assertTrue(Integer.parseInt(store.exec("find /srv/restic/vps/data -type f | wc -l").output().strip()) > 0, "nothing in the store");
        com.dimosaic.vps.backup.DrillReport drill = backups.verify("latest", "100%", com.dimosaic.vps.phase.ProgressListener.NONE);
        log.info("sftp store {}: {}\n{}", ip, run.point(), drill.toText());
        assertTrue(drill.passed(), drill.toText());
        assertEquals(run.point(), drill.point());
        // a store that shows another host key is refused, and the run says so
        Path other = e2e.tmp.resolve("other_ed25519");
        Processes.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString()), Map.of(), null).requireSuccess();
        String otherKey = Files.readString(Path.of(other + ".pub")).strip().split(" ")[1];
        box.exec("printf '%s\\n' '" + ip + " ssh-ed25519 " + otherKey + "' > /etc/vps/backup/ssh/known_hosts").requireSuccess();
        com.dimosaic.vps.backup.BackupException refused = org.junit.jupiter.api.Assertions.assertThrows(
            com.dimosaic.vps.backup.BackupException.class, () -> backups.now(com.dimosaic.vps.phase.ProgressListener.NONE));
        // restic relays ssh's "Host key verification failed" only sometimes before its own error: the refusal is what counts
        assertTrue(refused.getMessage().contains("cannot open the repository sftp:vpsstore@" + ip), refused.getMessage());
      } finally {
        VpsBox.docker(Duration.ofSeconds(30), "network", "disconnect", "-f", net, box.container());
      }
    } finally {
      VpsBox.docker(Duration.ofSeconds(30), "network", "rm", net);
    }
  }

  /** Adds a secret to a profile copy's SOPS file (decrypted with the demo key, encrypted again to the same recipients). */
  private static void addSecret(Path dir, String name, String value) throws Exception {
    Path file = dir.resolve("secrets.enc.yaml");
    List<com.dimosaic.vps.secrets.age.AgeIdentity> ids = com.dimosaic.vps.secrets.sops.AgeKeys.builder()
        .identityFile(dir.resolve("demo-age-key.txt")).environment(Map.of()).build().load();
    com.dimosaic.vps.secrets.sops.SopsDocument doc = com.dimosaic.vps.secrets.sops.Sops.decrypt(file, ids);
    Map<String, Object> plain = new java.util.LinkedHashMap<>(doc.documents().get(0));
    plain.put(name, value);
    Files.writeString(file, com.dimosaic.vps.secrets.sops.Sops.encrypt(plain, doc.recipients().stream()
        .map(com.dimosaic.vps.secrets.age.AgeRecipient::parse).toList()));
  }

  private static CheckResult lastBackupCheck(VpsSession vps, Profile p) {
    return com.dimosaic.vps.validation.Checks.lastBackup(p.backup().maxAge()).run(new com.dimosaic.vps.validation.CheckContext(
        vps.forProfile(p), p, com.dimosaic.vps.validation.ServiceAccess.compose("/home/app/docker", "app")));
  }

  private static long lastSuccess(VpsBox box) {
    String s = box.exec("grep -o '\"lastSuccessEpoch\":[0-9]*' /var/lib/vps/backup/status.json | cut -d: -f2").output().strip();
    return s.isEmpty() ? 0 : Long.parseLong(s);
  }

  private static void sql(VpsBox box, String db, String sql) {
    box.exec(PSQL + "-d " + db + " -c \"" + sql + "\"").requireSuccess();
  }

  private static String count(VpsBox box, String db) {
    return box.exec(PSQL + "-d " + db + " -c 'SELECT count(*) FROM e2e_rows'").requireSuccess().output().strip();
  }

  private record Run(int code, String out, String err) {
    String all() {
      return "exit " + code + "\n" + out + "\n" + err;
    }
  }

  private static Run run(String command, String sub, List<String> ssh, String... more) {
    List<String> argv = new ArrayList<>(List.of(command, sub));
    argv.addAll(ssh);
    argv.addAll(List.of(more));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), argv.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }
}
