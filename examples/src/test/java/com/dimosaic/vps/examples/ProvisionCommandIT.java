package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.testing.LocalSshd;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code provision} over a real sshd against this machine, with a disk threshold above what it has:
 * pre-flight must refuse before any change (this machine must not be provisioned by its own tests).
 */
class ProvisionCommandIT {
  @TempDir Path tmp;

  @Test
  void aHostThatFailsPreflightIsRefusedBeforeAnyChangeWithTheReason() throws Exception {
    Path profile = tmp.resolve("big");
    Files.createDirectories(profile);
    for (String f : List.of("services.yaml", "secrets.enc.yaml", "demo-age-key.txt")) {
      Files.copy(Path.of("profiles/demo").resolve(f), profile.resolve(f));
    }
    Files.writeString(profile.resolve("profile.yaml"), Files.readString(Path.of("profiles/demo/profile.yaml"))
        .replace("minDiskGb: 20", "minDiskGb: 100000"));
    try (LocalSshd sshd = LocalSshd.start()) {
      Path key = sshd.newUserKey("ed25519");
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.run(new PrintWriter(out), new PrintWriter(err), "provision", profile.toString(), "--host", "127.0.0.1", "--port",
          String.valueOf(sshd.port()), "--user", System.getProperty("user.name"), "--identity", key.toString(), "--host-key",
          sshd.hostKeyFingerprint(), "--age-key-file", profile.resolve("demo-age-key.txt").toString());
      String text = out.toString();
      assertEquals(1, code, err + text);
      assertTrue(text.contains("▶ pre-flight"), text);
      // the stated reason: the disk threshold when the sshd user is root (as in CI), else the missing root rights
      String reason = com.dimosaic.vps.testing.Processes.isRoot() ? "below the profile's minimum of 100000 GB (resources.minDiskGb)"
          : "provisioning needs root";
      assertTrue(text.contains(reason), text);
      assertTrue(text.contains("Result: REFUSED (0 changes)"), text);
      assertTrue(!text.contains("▶ system preparation"), "no later phase ran: " + text);
    }
  }
}
