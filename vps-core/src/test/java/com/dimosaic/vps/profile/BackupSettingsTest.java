package com.dimosaic.vps.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile's {@code backup:} section: defaults, every key, and none at all (the malformed cases are in the corpus). */
class BackupSettingsTest {
  @TempDir Path tmp;

  private Profile load(String backup) throws IOException {
    Path dir = tmp.resolve("p" + System.nanoTime());
    Files.createDirectories(dir);
    for (String f : List.of("profile.yaml", "services.yaml", "secrets.yaml")) {
      Files.copy(Path.of("src/test/resources/profiles/minimal").resolve(f), dir.resolve(f));
    }
    Files.writeString(dir.resolve("profile.yaml"), Files.readString(dir.resolve("profile.yaml")) + backup);
    return ProfileLoader.load(dir);
  }

  @Test
  void noSectionMeansNoBackups() throws IOException {
    assertFalse(load("").backup().enabled());
  }

  @Test
  void theDefaultsFollowTheSchedule() throws IOException {
    BackupSettings b = load("backup:\n  repository: /var/backups/vps\n  password: ${secret:PG_PASSWORD}\n").backup();
    assertTrue(b.enabled());
    assertEquals("daily", b.schedule());
    assertEquals(Duration.ofHours(26), b.maxAge());
    assertEquals("weekly", b.verifySchedule());
    assertEquals("10%", b.checkSubset());
    assertEquals(BackupSettings.Retention.DEFAULT, b.retention());
    assertEquals(Duration.ofHours(2), load("backup:\n  repository: /b\n  password: ${secret:PG_PASSWORD}\n  schedule: hourly\n").backup().maxAge());
  }

  @Test
  void everyKey() throws IOException {
    BackupSettings b = load(String.join("\n", "backup:", "  repository: s3:https://s3.example.net/bucket/vps", "  password: ${secret:PG_PASSWORD}",
        "  environment:", "    AWS_ACCESS_KEY_ID: ${secret:APP_DB_PASSWORD}", "    AWS_DEFAULT_REGION: eu-central-1", "  schedule: \"*-*-* 03:15\"",
        "  maxAge: 30h", "  verify: Sun *-*-* 05:00", "  checkSubset: 1/5", "  retention: { last: 2, daily: 10, weekly: 5, monthly: 12 }", ""))
        .backup();
    assertEquals("s3:https://s3.example.net/bucket/vps", b.repository());
    assertEquals("${secret:PG_PASSWORD}", b.password().orElseThrow().raw());
    assertEquals(List.of("AWS_ACCESS_KEY_ID", "AWS_DEFAULT_REGION"), List.copyOf(b.environment().keySet()));
    assertEquals("*-*-* 03:15", b.schedule());
    assertEquals(Duration.ofHours(30), b.maxAge());
    assertEquals("Sun *-*-* 05:00", b.verifySchedule());
    assertEquals("1/5", b.checkSubset());
    assertEquals(new BackupSettings.Retention(2, 10, 5, 12), b.retention());
  }

  @Test
  void anSftpStoreNeedsItsKeyAndItsHostKey() throws IOException {
    ProfileException e = org.junit.jupiter.api.Assertions.assertThrows(ProfileException.class,
        () -> load("backup:\n  repository: sftp:store@192.0.2.7:/srv/vps\n  password: ${secret:PG_PASSWORD}\n"));
    String all = e.problems().toString();
    assertTrue(all.contains("backup.sftp.identity") && all.contains("backup.sftp.knownHosts: required key is missing"), all);
    BackupSettings b = load("backup:\n  repository: sftp:store@192.0.2.7:/srv/vps\n  password: ${secret:PG_PASSWORD}\n  sftp:\n"
        + "    identity: ${secret:APP_DB_PASSWORD}\n    knownHosts: [\"192.0.2.7 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJdD7y3aLq454yWBdwL\"]\n")
        .backup();
    assertEquals("${secret:APP_DB_PASSWORD}", b.sftp().orElseThrow().identity().raw());
    ProfileException bad = org.junit.jupiter.api.Assertions.assertThrows(ProfileException.class, () -> load("backup:\n"
        + "  repository: sftp:store@192.0.2.7:/srv/vps\n  password: ${secret:PG_PASSWORD}\n  sftp:\n    identity: ${secret:APP_DB_PASSWORD}\n"
        + "    knownHosts: [\"192.0.2.7\"]\n"));
    assertTrue(bad.problems().toString().contains("invalid known_hosts line '192.0.2.7'"), bad.problems().toString());
  }

  @Test
  void switchedOffNeedsNothingElse() throws IOException {
    assertFalse(load("backup:\n  enabled: false\n").backup().enabled());
  }
}
