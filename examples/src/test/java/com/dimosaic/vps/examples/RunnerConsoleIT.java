package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.testing.LocalSshd;
import com.dimosaic.vps.testing.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The runner's console as a user sees it (the jar in its own JVM): a host-key mismatch is one line
 * from the SDK, without sshj's INFO lines or a transport stack trace; {@code --verbose} shows the
 * libraries' logging (issue 19.3).
 */
class RunnerConsoleIT {
  static Processes.Result runner(List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        Path.of("target/vps.jar").toAbsolutePath().toString()));
    cmd.addAll(args);
    return Processes.run(cmd, Map.of(), null, Duration.ofMinutes(2));
  }

  @Test
  void aHostKeyMismatchIsOneLineAndVerboseShowsTheLibraries() {
    try (LocalSshd sshd = LocalSshd.start()) {
      Path key = sshd.newUserKey("ed25519");
      List<String> args = new ArrayList<>(List.of("validate", "profiles/demo", "--host", "127.0.0.1", "--port", String.valueOf(sshd.port()),
          "--user", System.getProperty("user.name"), "--identity", key.toString(), "--host-key",
          "SHA256:" + "A".repeat(43)));
      Processes.Result r = runner(args);
      assertEquals(Main.FAILED, r.exitCode(), r.output());
      List<String> lines = r.output().lines().filter(l -> !l.isBlank()).toList();
      assertEquals(1, lines.size(), "one line:\n" + r.output());
      assertTrue(lines.get(0).startsWith("error: ") && lines.get(0).contains("host key"), r.output());
      assertFalse(r.output().contains("net.schmizz") || r.output().contains("TransportException") || r.output().contains("INFO"), r.output());

      args.add("--verbose");
      Processes.Result verbose = runner(args);
      assertEquals(Main.FAILED, verbose.exitCode(), verbose.output());
      assertTrue(verbose.output().contains("INFO net.schmizz"), "--verbose shows the libraries:\n" + verbose.output());
    }
  }

  /** Issue 19.14: the trust-on-first-use the unknown-host message offers is a runner flag, and records the key it saw. */
  @Test
  void trustOnFirstUseRecordsTheKeyInKnownHosts(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    try (LocalSshd sshd = LocalSshd.start()) {
      Path key = sshd.newUserKey("ed25519");
      Path knownHosts = tmp.resolve("known_hosts");
      java.nio.file.Files.writeString(knownHosts, "");
      List<String> base = List.of("validate", "profiles/demo", "--host", "127.0.0.1", "--port", String.valueOf(sshd.port()), "--user",
          System.getProperty("user.name"), "--identity", key.toString());
      List<String> unknown = new ArrayList<>(base);
      unknown.addAll(List.of("--known-hosts", knownHosts.toString()));
      Processes.Result refused = runner(unknown);
      assertTrue(refused.output().contains("is not known") && refused.output().contains("--trust-on-first-use"), refused.output());

      List<String> tofu = new ArrayList<>(unknown);
      tofu.add("--trust-on-first-use");
      Processes.Result trusted = runner(tofu);
      assertFalse(trusted.output().contains("is not known"), trusted.output());
      assertTrue(java.nio.file.Files.readString(knownHosts).contains("ssh-ed25519"), "the key was recorded");

      List<String> noFile = new ArrayList<>(base);
      noFile.add("--trust-on-first-use");
      assertEquals(Main.USAGE, runner(noFile).exitCode());
    }
  }
}
