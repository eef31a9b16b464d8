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
import com.dimosaic.vps.testing.VpsBox;
import com.dimosaic.vps.validation.CheckResult;
import com.dimosaic.vps.validation.Status;
import com.dimosaic.vps.validation.ValidationReport;
import com.dimosaic.vps.validation.Validator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * secret was in any process's command line in the box meanwhile.
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
    assertEquals(1, ProvisionE2eIT.inbox(box, profile, "through the relay to mox", 10).size());
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
    assertEquals(1, ProvisionE2eIT.inbox(box, profile, "through the relay to mox", 60).size(), "the message is not back");
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
      box.exec("systemctl stop vps-backup.timer; while systemctl is-active --quiet vps-backup.service; do sleep 1; done").requireSuccess();
      Thread.sleep(45_000);
      CheckResult stale = lastBackupCheck(vps, fast);
      assertEquals(Status.FAIL, stale.status(), stale.detail());
      // back to the profile's schedule
      BackupInstall.of(profile).apply(vps.forProfile(profile));
      assertEquals("active", box.exec("systemctl is-active vps-backup.timer").output().strip());

      ValidationReport v = Validator.builder(profile, vps.forProfile(profile)).options(E2eFixture.validation(box)).build().validate();
      log.info("validation after the restores:\n{}", v.toText());
      assertEquals(0, v.count(Status.FAIL), v.toText());
    }
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
