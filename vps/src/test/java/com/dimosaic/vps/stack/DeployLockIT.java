package com.dimosaic.vps.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.ssh.SshRemoteHost;
import com.dimosaic.vps.ssh.SshTarget;
import com.dimosaic.vps.testing.LocalSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy lock and the audit log over real SSH (a local sshd, a temporary deploy folder): a
 * second taker fails naming the holder or waits until it is released; a young lock is not broken, an
 * old one is; audit lines are appended, never rewritten.
 */
class DeployLockIT {
  @TempDir Path tmp;

  @Test
  void aHeldLockFailsOrWaitsAndOnlyAStaleOneIsBroken() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("docker"));
    try (LocalSshd sshd = LocalSshd.start()) {
      Path key = sshd.newUserKey("ed25519");
      SshTarget target = SshTarget.builder("127.0.0.1").port(sshd.port()).user(System.getProperty("user.name")).identityFile(key)
          .hostKeyFingerprint(sshd.hostKeyFingerprint()).build();
      try (SshRemoteHost a = SshRemoteHost.connect(target); SshRemoteHost b = SshRemoteHost.connect(target)) {
        StackDir first = new StackDir(a, dir.toString(), false);
        StackDir second = new StackDir(b, dir.toString(), false);
        DeployLock held = DeployLock.acquire(first, new DeployLock.Holder("ci@runner-7", Instant.now(), "1.0", "deploy 42"), Duration.ZERO);
        DeployException busy = assertThrows(DeployException.class, () -> DeployLock.acquire(second,
            new DeployLock.Holder("me@laptop", Instant.now(), "1.0", "hotfix"), Duration.ofSeconds(1)));
        assertTrue(busy.getMessage().contains("ci@runner-7") && busy.getMessage().contains("deploy 42"), busy.getMessage());
        assertEquals("ci@runner-7", DeployLock.holder(second).orElseThrow().who());
        // a young lock is not broken
        assertThrows(DeployException.class, () -> DeployLock.breakStale(second, Duration.ofHours(1)));

        // the second taker waits while the first finishes
        Thread release = new Thread(() -> {
          try {
            Thread.sleep(1500);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          held.close();
        });
        release.start();
        long t0 = System.nanoTime();
        try (DeployLock mine = DeployLock.acquire(second, new DeployLock.Holder("me@laptop", Instant.now(), "1.0", "hotfix"),
            Duration.ofSeconds(20))) {
          assertTrue(System.nanoTime() - t0 >= Duration.ofSeconds(1).toNanos());
          assertEquals("me@laptop", DeployLock.holder(first).orElseThrow().who());
        }
        release.join();
        assertTrue(DeployLock.holder(first).isEmpty());

        // a holder that went away: the lock is broken only when older than the TTL
        DeployLock.acquire(first, new DeployLock.Holder("gone@crashed", Instant.now().minus(Duration.ofHours(3)), "1.0", "crashed"),
            Duration.ZERO);
        assertEquals("gone@crashed", DeployLock.breakStale(second, Duration.ofHours(1)).orElseThrow().who());
        assertTrue(DeployLock.holder(second).isEmpty());

        // the audit log only grows
        AuditLog.append(first, new AuditLog.Event(Instant.now(), "ci@runner-7", "deploy", "abc", "started", "x"));
        AuditLog.append(second, new AuditLog.Event(Instant.now(), "ci@runner-7", "deploy", "abc", "success", "x"));
        List<String> lines = AuditLog.tail(first, 10);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("\"result\":\"started\"") && lines.get(1).contains("\"result\":\"success\""), lines.toString());
      }
    }
  }
}
