package com.dimosaic.vps.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.profile.BackupSettings;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.ProfileLoader;
import com.dimosaic.vps.secrets.SecretTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What provisioning puts on a host for backups, rendered from a profile: the script passes shellcheck (a missing
 * shellcheck fails the test: run-tests.sh installs it), the settings carry no secret and quote every value, the
 * units run the script; restic's snapshot list and the run's manifest parse into points and runs.
 */
class BackupInstallTest {
  @TempDir Path tmp;

  static Profile demo(String repository) {
    Profile p = ProfileLoader.builder().ageKeys(com.dimosaic.vps.secrets.sops.AgeKeys.builder()
        .identityFile(Path.of("../examples/profiles/demo/demo-age-key.txt")).environment(Map.of()).build()).build()
        .loadFrom(Path.of("../examples/profiles/demo"));
    return p.toBuilder().backup(new BackupSettings(true, repository, Optional.of(new SecretTemplate("${secret:POSTGRES_PASSWORD}")),
        Map.of("AWS_ACCESS_KEY_ID", new SecretTemplate("${secret:NETCUP_API_KEY}")), "*-*-* 03:15", Duration.ofHours(26), "weekly", "10%",
        BackupSettings.Retention.DEFAULT, Optional.empty())).build();
  }

  @Test
  void theScriptPassesShellcheck() throws Exception {
    Path script = tmp.resolve("vps-backup");
    Files.writeString(script, BackupInstall.script());
    Process p = new ProcessBuilder("shellcheck", "-s", "bash", script.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
  }

  @Test
  void theSettingsNameWhatToBackUpQuotedAndNoSecret() throws Exception {
    String odd = "sftp:backup@store.example.net:/srv/vps it's $(touch /tmp/x)";
    Profile p = demo(odd);
    String conf = BackupInstall.of(p).conf();
    // what bash reads back when the script sources the file
    Path file = tmp.resolve("backup.conf");
    Files.writeString(file, conf);
    Process sh = new ProcessBuilder("bash", "-c", ". \"$1\"; printf '%s|%s|%s|%s|%s|%s' \"$PROJECT\" \"$RESTIC_REPOSITORY\" \"$PG_SERVICE\""
        + " \"$CADDY_VOLUME\" \"$MOX_HOME\" \"$REDIS_SERVICE\"", "sh", file.toString()).redirectErrorStream(true).start();
    String read = new String(sh.getInputStream().readAllBytes());
    assertEquals(0, sh.waitFor(), read);
    assertEquals("demo|" + odd + "|postgres|demo_caddy_data|/home/mox|redis", read);
    for (String name : p.secrets().names()) {
      String v = p.secrets().get(name).reveal();
      assertFalse(v.length() > 3 && conf.contains(v), name + " in backup.conf");
    }
  }

  @Test
  void theUnitsRunTheScriptOnTheProfilesSchedules() {
    Map<String, String> units = BackupInstall.of(demo("/var/backups/vps")).units();
    assertEquals(List.of("vps-backup.service", "vps-backup.timer", "vps-backup-verify.service", "vps-backup-verify.timer"),
        List.copyOf(units.keySet()));
    assertTrue(units.get("vps-backup.service").contains("ExecStart=/usr/local/sbin/vps-backup run\n"));
    assertTrue(units.get("vps-backup.timer").contains("OnCalendar=*-*-* 03:15\nPersistent=true\n"));
    assertTrue(units.get("vps-backup-verify.service").contains("ExecStart=/usr/local/sbin/vps-backup verify\n"));
    assertTrue(units.get("vps-backup-verify.timer").contains("OnCalendar=weekly\n"));
  }

  @Test
  void anSftpStoreIsReachedWithTheProfilesKeyAndListedHostKeysOnly() {
    for (String[] c : new String[][] {{"sftp:store@192.0.2.7:/srv/vps", "192.0.2.7", "22", "store"},
        {"sftp://store@backup.example.net:2222/srv/vps", "backup.example.net", "2222", "store"},
        {"sftp:[2001:db8::7]:/srv/vps", "2001:db8::7", "22", ""}}) {
      Profile p = demo(c[0]);
      p = p.toBuilder().backup(new BackupSettings(true, c[0], p.backup().password(), Map.of(), "daily", Duration.ofHours(26), "weekly",
          "10%", BackupSettings.Retention.DEFAULT, Optional.of(new BackupSettings.Sftp(new SecretTemplate("${secret:NETCUP_API_KEY}"),
          List.of(c[1] + " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJdD7y3aLq454yWBdwLWbieU1ebz9")))))
          .build();
      String config = BackupInstall.of(p).sshConfig();
      assertTrue(config.contains("Host vps-backup-store\n  HostName " + c[1] + "\n  Port " + c[2] + "\n"), config);
      assertTrue(c[3].isEmpty() ? !config.contains("  User ") : config.contains("  User " + c[3] + "\n"), config);
      for (String line : List.of("IdentityFile /etc/vps/backup/ssh/id", "UserKnownHostsFile /etc/vps/backup/ssh/known_hosts",
          "StrictHostKeyChecking yes", "BatchMode yes")) {
        assertTrue(config.contains("  " + line + "\n"), line + " missing:\n" + config);
      }
      assertTrue(BackupInstall.of(p).conf().contains("SFTP_COMMAND='ssh -F /etc/vps/backup/ssh/config vps-backup-store -s sftp'\n"));
    }
    assertTrue(BackupInstall.of(demo("/var/backups/vps")).conf().contains("SFTP_COMMAND=''\n"));
  }

  @Test
  void aProfileWithoutBackupsIsRefused() {
    Profile none = demo("/x").toBuilder().backup(BackupSettings.NONE).build();
    BackupException e = assertThrows(BackupException.class, () -> BackupInstall.of(none));
    assertEquals(BackupException.Reason.NOT_CONFIGURED, e.reason());
  }

  @Test
  void snapshotsGroupIntoPointsNewestFirstCompleteOnlyWithAManifest() throws IOException {
    String json = "[" + snap("a1", "2027-01-15T08:00:01.5+01:00", "20270115T070000Z", "postgres:app", "/postgres-app.dump") + ","
        + snap("a2", "2027-01-15T08:00:02+01:00", "20270115T070000Z", "postgres:app:counts", "/postgres-app.counts") + ","
        + snap("a3", "2027-01-15T08:00:09+01:00", "20270115T070000Z", "mox", "/home/mox/data/tmp/vps-backup") + ","
        + snap("a4", "2027-01-15T08:00:10+01:00", "20270115T070000Z", "manifest", "/manifest.json") + ","
        + snap("b1", "2027-01-16T08:00:01+01:00", "20270116T070000Z", "postgres:app", "/postgres-app.dump") + "]";
    List<BackupPoint> points = DataBackups.parsePoints(json);
    assertEquals(List.of("20270116T070000Z", "20270115T070000Z"), points.stream().map(BackupPoint::id).toList());
    assertFalse(points.get(0).complete());
    BackupPoint p = points.get(1);
    assertTrue(p.complete());
    assertEquals(List.of("app"), p.databases());
    assertEquals("a3", p.item("mox").orElseThrow().snapshot());
    assertEquals(List.of("/home/mox/data/tmp/vps-backup"), p.item("mox").orElseThrow().paths());
    assertEquals(java.time.Instant.parse("2027-01-15T07:00:01.500Z"), p.time());
  }

  private static String snap(String id, String time, String point, String item, String path) {
    return "{\"time\":\"" + time + "\",\"tree\":\"t\",\"paths\":[\"" + path + "\"],\"hostname\":\"box\",\"tags\":[\"vps\",\"point:"
        + point + "\",\"item:" + item + "\"],\"id\":\"" + id + "\",\"short_id\":\"" + id + "\"}";
  }

  @Test
  void theManifestBecomesTheRun() {
    BackupRun run = DataBackups.parseManifest("{\"point\":\"20270115T070000Z\",\"host\":\"box\",\"seconds\":12,\"bytes\":2048,"
        + "\"items\":[{\"item\":\"postgres:app\",\"bytes\":1024},{\"item\":\"mox\",\"bytes\":1024}],\"rows\":{\"app\":{\"public.t\":7}}}");
    assertEquals("20270115T070000Z", run.point());
    assertEquals(Duration.ofSeconds(12), run.took());
    assertEquals(List.of("mox", "postgres:app"), run.itemNames());
    assertEquals(7L, run.rows().get("app").get("public.t"));
  }

  @Test
  void resticProgressLinesBecomeBytesAndFiles() {
    assertEquals(Optional.of("12.0 MiB, 310 files (41%)"), ResticProgress.line("{\"message_type\":\"status\",\"percent_done\":0.41,\"total_files\":800,"
        + "\"files_done\":310,\"total_bytes\":30000000,\"bytes_done\":12582912}"));
    assertEquals(Optional.of("stored 1.5 GiB (+512 B new)"), ResticProgress.line("{\"message_type\":\"summary\",\"total_bytes_processed\":1610612736,"
        + "\"data_added\":512,\"snapshot_id\":\"x\"}"));
    assertEquals(Optional.empty(), ResticProgress.line("item postgres-app.dump"));
  }
}
