package com.dimosaic.vps.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.remote.CommandTimeoutException;
import com.dimosaic.vps.remote.FileSpec;
import com.dimosaic.vps.remote.OutputListener;
import com.dimosaic.vps.testing.LocalSshd;
import com.dimosaic.vps.testing.Processes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSH transport against a real OpenSSH server started by the test on a loopback port. */
class SshRemoteHostIT {
  static LocalSshd sshd;
  static Path ed25519;
  static String user = System.getProperty("user.name");

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    sshd = LocalSshd.start();
    ed25519 = sshd.newUserKey("ed25519");
  }

  @AfterAll
  static void stop() {
    sshd.close();
  }

  static SshTarget.Builder target(LocalSshd server, Path key) {
    return SshTarget.builder("127.0.0.1").port(server.port()).user(user).identityFile(key)
        .hostKeyFingerprint(server.hostKeyFingerprint());
  }

  static SshRemoteHost connect() {
    return SshRemoteHost.connect(target(sshd, ed25519).build());
  }

  @Test
  void runsACommandWithEd25519() {
    try (SshRemoteHost h = connect()) {
      CommandResult r = h.run(Command.of("sh", "-c", "echo out; echo err >&2; exit 3"));
      assertEquals(3, r.exitCode());
      assertEquals("out\n", r.stdout());
      assertEquals("err\n", r.stderr());
    }
  }

  @Test
  void rsaKeysWorkWithSha2Signatures() {
    Path rsa = sshd.newUserKey("rsa");
    try (SshRemoteHost h = SshRemoteHost.connect(target(sshd, rsa).build())) {
      assertEquals("ok\n", h.run(Command.of("echo", "ok")).stdout());
    }
    assertTrue(sshd.log().contains("RSA SHA256:") || sshd.log().contains("rsa-sha2"), "server log names an RSA key");
  }

  @Test
  void aPassphraseProtectedKeyFromAPemString() throws Exception {
    Path key = sshd.newUserKey("ed25519", "correct horse");
    String pem = Files.readString(key);
    try (SshRemoteHost h = SshRemoteHost.connect(SshTarget.builder("127.0.0.1").port(sshd.port()).user(user)
        .identityPem(pem).passphrase("correct horse".toCharArray()).hostKeyFingerprint(sshd.hostKeyFingerprint()).build())) {
      assertTrue(h.run(Command.of("true")).ok());
    }
  }

  @Test
  void aWrongKeyIsAnAuthenticationFailure() throws Exception {
    Path stranger = tmp.resolve("stranger");
    Processes.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger.toString()), Map.of(), null).requireSuccess();
    SshAuthenticationException e = assertThrows(SshAuthenticationException.class,
        () -> SshRemoteHost.connect(target(sshd, stranger).build()));
    assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
  }

  @Test
  void aHostKeyMismatchNamesBothFingerprints() {
    String wrong = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s";
    HostKeyMismatchException e = assertThrows(HostKeyMismatchException.class, () -> SshRemoteHost.connect(
        SshTarget.builder("127.0.0.1").port(sshd.port()).user(user).identityFile(ed25519).hostKeyFingerprint(wrong).build()));
    assertEquals(wrong, e.expected());
    assertEquals(sshd.hostKeyFingerprint(), e.actual());
    assertTrue(e.getMessage().contains(wrong) && e.getMessage().contains(sshd.hostKeyFingerprint()), e.getMessage());
  }

  @Test
  void knownHostsIsStrictByDefaultAndTrustOnFirstUseRecordsTheKey() throws Exception {
    Path kh = tmp.resolve("known_hosts");
    SshTarget strict = SshTarget.builder("127.0.0.1").port(sshd.port()).user(user).identityFile(ed25519).knownHosts(kh).build();
    HostKeyMismatchException unknown = assertThrows(HostKeyMismatchException.class, () -> SshRemoteHost.connect(strict));
    assertEquals("", unknown.expected());
    assertFalse(Files.exists(kh), "a strict connection records nothing");

    try (SshRemoteHost h = SshRemoteHost.connect(strict.newBuilder().trustOnFirstUse(true).build())) {
      assertTrue(h.run(Command.of("true")).ok());
    }
    assertTrue(Files.readString(kh).startsWith("[127.0.0.1]:" + sshd.port() + " ssh-ed25519 "), Files.readString(kh));
    try (SshRemoteHost h = SshRemoteHost.connect(strict)) {
      assertTrue(h.run(Command.of("true")).ok(), "the recorded key now verifies strictly");
    }
    // a different key for the same host is refused even with trust on first use
    Files.writeString(kh, "[127.0.0.1]:" + sshd.port() + " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK6kbIu6K1W2IuS2Pn9q7+Y3Q2QkzDqRkV1c3cQpvJ2H\n");
    HostKeyMismatchException changed = assertThrows(HostKeyMismatchException.class,
        () -> SshRemoteHost.connect(strict.newBuilder().trustOnFirstUse(true).build()));
    assertFalse(changed.expected().isEmpty());
  }

  @Test
  void hashedKnownHostsEntriesVerify() throws Exception {
    Path kh = tmp.resolve("known_hosts_hashed");
    Files.writeString(kh, sshd.knownHostsLine() + "\n");
    Processes.run(List.of("ssh-keygen", "-H", "-f", kh.toString()), Map.of(), null).requireSuccess();
    assertTrue(Files.readString(kh).startsWith("|1|"), "hashed: " + Files.readString(kh));
    try (SshRemoteHost h = SshRemoteHost.connect(SshTarget.builder("127.0.0.1").port(sshd.port()).user(user)
        .identityFile(ed25519).knownHosts(kh).build())) {
      assertTrue(h.run(Command.of("true")).ok());
    }
  }

  @Test
  void eightCommandsAtOnceAndMoreThanTheCapQueue() throws Exception {
    // a server that would allow 40 sessions: only the SDK's cap of 8 limits the channels
    try (LocalSshd wide = LocalSshd.start("MaxSessions 40\n"); SshRemoteHost h = SshRemoteHost.connect(target(wide,
        wide.newUserKey("ed25519")).build())) {
      ExecutorService pool = Executors.newFixedThreadPool(24);
      try {
        // each command marks itself in flight on the server, counts the marks after 1.5 s, then leaves
        Path inFlight = Files.createTempDirectory("vps-inflight");
        List<Future<CommandResult>> fs = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
          int n = i;
          fs.add(pool.submit(() -> h.run(Command.of("sh", "-c", "touch \"$1/r$2\"; sleep 1.5; n=$(ls \"$1\" | wc -l);"
              + " rm \"$1/r$2\"; echo \"$2 $n\"", "sh", inFlight.toString(), String.valueOf(n)))));
        }
        int most = 0;
        for (int i = 0; i < fs.size(); i++) {
          String[] out = fs.get(i).get().stdout().strip().split(" ");
          assertEquals(String.valueOf(i), out[0]);
          most = Math.max(most, Integer.parseInt(out[1]));
        }
        Processes.deleteTree(inFlight);
        assertTrue(most >= 4, "commands ran side by side on the server: at most " + most + " at once");
        assertTrue(most <= 8, "never more than the cap of 8 channels at once on the server: " + most);
        assertTrue(most >= 7, "the cap is used, not a lower limit elsewhere: at most " + most + " at once");
      } finally {
        pool.shutdownNow();
      }
      assertTrue(h.run(Command.of("true")).ok(), "the connection is still fine");
    }
  }

  @Test
  void tenMegabytesOfOutputAndStreamedLines() {
    try (SshRemoteHost h = connect()) {
      CommandResult r = h.run(Command.of("sh", "-c", "head -c 10485760 /dev/zero | tr '\\0' x"));
      assertEquals(10 * 1024 * 1024, r.stdout().length());
      List<String> lines = new CopyOnWriteArrayList<>();
      h.run(Command.of("sh", "-c", "for i in 1 2 3; do echo line$i; done; echo oops >&2"), (s, l) -> lines.add(s + ":" + l));
      assertTrue(lines.containsAll(List.of("STDOUT:line1", "STDOUT:line2", "STDOUT:line3", "STDERR:oops")), lines.toString());
    }
  }

  @Test
  void stdinEnvironmentDirectoryAndAnotherUser() {
    try (SshRemoteHost h = connect()) {
      byte[] secret = "not-on-any-command-line\n".getBytes(StandardCharsets.UTF_8);
      assertEquals("not-on-any-command-line\n", h.run(Command.of("cat").withStdin(secret)).stdout());
      assertEquals("bar /tmp\n", h.run(Command.of("sh", "-c", "echo \"$FOO\" \"$(pwd)\"").withEnv("FOO", "bar")
          .inDirectory("/tmp")).stdout());
    }
  }

  /** Needs the tests to run as root, as CI does; not root fails here instead of skipping. */
  @Test
  void asAnotherUserWithItsEnvironmentAndDirectory() {
    assertTrue(Processes.isRoot(), "asUser needs root on the target: run the IT suite as root (CI does)");
    try (SshRemoteHost h = connect()) {
      CommandResult r = h.run(Command.of("sh", "-c", "id -un; echo \"$FOO\"; pwd").asUser("nobody").withEnv("FOO", "bar")
          .inDirectory("/tmp"));
      assertEquals("nobody\nbar\n/tmp\n", r.requireSuccess().stdout());
    }
  }

  @Test
  void fiftyMegabyteUploadCheckedBySha256AndReadBack() throws Exception {
    byte[] data = new byte[50 * 1024 * 1024];
    new java.util.Random(7).nextBytes(data);
    Path remoteDir = Processes.tempDirFor("vps-ssh-up", user);
    try (SshRemoteHost h = connect()) {
      String path = remoteDir + "/sub/big.bin";
      h.upload(path, data, new FileSpec(0640, java.util.Optional.empty(), java.util.Optional.empty()));
      assertEquals(sha256(data), h.sha256(path).orElseThrow());
      assertEquals("640\n", h.run(Command.of("stat", "-c", "%a", path)).stdout());
      assertTrue(h.exists(path));
      assertFalse(h.exists(path + ".nope"));
      assertEquals(java.util.Optional.empty(), h.sha256(path + ".nope"));
      Path local = tmp.resolve("back.bin");
      h.download(path, local);
      assertArrayEquals(data, Files.readAllBytes(local));
      assertEquals("small", new String(uploadAndRead(h, remoteDir + "/small.txt", "small"), StandardCharsets.UTF_8));
      assertTrue(h.run(Command.of("sh", "-c", "ls -A " + remoteDir + "/sub | grep -c vps- || true")).stdout().startsWith("0"),
          "no temporary file left");
    } finally {
      Processes.deleteTree(remoteDir);
    }
  }

  static byte[] uploadAndRead(SshRemoteHost h, String path, String text) {
    h.upload(path, text.getBytes(StandardCharsets.UTF_8), FileSpec.DEFAULT);
    return h.read(path).orElseThrow();
  }

  @Test
  void atomicReplaceIsSeenWholeByAConcurrentReader() throws Exception {
    byte[] a = new byte[2 * 1024 * 1024];
    byte[] b = new byte[2 * 1024 * 1024];
    java.util.Arrays.fill(a, (byte) 'a');
    java.util.Arrays.fill(b, (byte) 'b');
    Set<String> allowed = Set.of(sha256(a), sha256(b));
    Path dir = Processes.tempDirFor("vps-ssh-atomic", user);
    String path = dir + "/site.bin";
    try (SshRemoteHost writer = connect(); SshRemoteHost reader = connect()) {
      writer.upload(path, a, FileSpec.DEFAULT);
      AtomicBoolean done = new AtomicBoolean();
      Set<String> seen = ConcurrentHashMap.newKeySet();
      Thread t = new Thread(() -> {
        while (!done.get()) {
          seen.add(reader.run(Command.of("sh", "-c", "sha256sum < " + path + " | cut -c1-64")).stdout().strip());
        }
      });
      t.start();
      for (int i = 0; i < 10; i++) {
        writer.upload(path, i % 2 == 0 ? b : a, FileSpec.DEFAULT);
      }
      done.set(true);
      t.join();
      assertTrue(seen.size() >= 1);
      assertTrue(allowed.containsAll(seen), "a reader only ever saw whole files: " + seen);
    } finally {
      Processes.deleteTree(dir);
    }
  }

  @Test
  void aTimeoutKillsTheRemoteProcessTree() {
    try (SshRemoteHost h = connect()) {
      String marker = "31" + (System.nanoTime() % 100000);
      // a guard against hanging for the sleep's 31xxx s, not a speed claim
      CommandTimeoutException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60),
          () -> assertThrows(CommandTimeoutException.class, () -> h.run(
              Command.of("sh", "-c", "sleep " + marker + " & sleep " + marker + "; wait").withTimeout(Duration.ofSeconds(2)))));
      assertEquals(Duration.ofSeconds(2), e.timeout());
      CommandResult left = h.run(Command.of("sh", "-c", "pgrep -f '^sleep " + marker + "' || true"));
      assertEquals("", left.stdout().strip(), "no process left");
    }
  }

  @Test
  void theServerKilledBetweenTwoCommandsReconnects() {
    try (LocalSshd own = LocalSshd.start()) {
      Path key = own.newUserKey("ed25519");
      try (SshRemoteHost h = SshRemoteHost.connect(target(own, key).build())) {
        assertTrue(h.run(Command.of("true")).ok());
        own.restart();
        assertEquals("again\n", h.run(Command.of("echo", "again")).stdout(), "reconnected once and went on");
        assertEquals("and again\n", h.run(Command.of("echo", "and again")).stdout());
      }
    }
  }

  @Test
  void aCommandRunningWhenTheServerDiesFailsClearly() {
    try (LocalSshd own = LocalSshd.start()) {
      Path key = own.newUserKey("ed25519");
      try (SshRemoteHost h = SshRemoteHost.connect(target(own, key).build())) {
        Thread killer = new Thread(() -> {
          Processes.sleep(700);
          own.kill();
        });
        killer.start();
        com.dimosaic.vps.remote.RemoteException e = assertThrows(com.dimosaic.vps.remote.RemoteException.class,
            () -> h.run(Command.of("sleep", "20")));
        assertTrue(e instanceof com.dimosaic.vps.remote.ConnectionLostException, e.toString());
        assertTrue(e.getMessage().contains("may or may not have completed"), e.getMessage());
      }
    }
  }

  /**
   * The route is proven from both ends: the target sshd names its peer's source port
   * ({@code SSH_CONNECTION}), and on this machine that socket belongs to the jump host's sshd, not to
   * this JVM. A direct connection would show this JVM's process as the owner.
   */
  @Test
  void throughAJumpHost() {
    try (LocalSshd target = LocalSshd.start()) {
      Path key = target.newUserKey("ed25519");
      SshTarget jump = target(sshd, ed25519).build();
      try (SshRemoteHost h = SshRemoteHost.connect(target(target, key).jumpHost(jump).build())) {
        String[] seen = h.run(Command.of("sh", "-c", "echo \"$SSH_CONNECTION\"")).requireSuccess().stdout().trim().split(" ");
        assertEquals(String.valueOf(target.port()), seen[3], "the target sshd served the session");
        String owner = Processes.run(List.of("ss", "-Htnp", "state", "established", "( sport = :" + seen[1] + " )"),
            Map.of(), null).requireSuccess().output();
        assertTrue(owner.contains("((\"sshd\""), "the peer socket belongs to the jump host's sshd\n" + owner);
        long self = ProcessHandle.current().pid();
        assertFalse(owner.contains("pid=" + self + ","), "the target's peer socket is this JVM's own: no jump\n" + owner);
        assertTrue(owner.contains(":" + target.port()), owner);
      }
    }
  }

  @Test
  void aRefusedPortIsAConnectFailure() {
    int port = Processes.freePort();
    SshConnectException e = assertThrows(SshConnectException.class, () -> SshRemoteHost.connect(
        SshTarget.builder("127.0.0.1").port(port).identityFile(ed25519).connectTimeout(Duration.ofSeconds(2)).build()));
    assertTrue(e.getMessage().contains("refused"), e.getMessage());
  }

  @Test
  void aSilentServerTimesOutInsteadOfHanging() throws Exception {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      long start = System.nanoTime();
      SshConnectException e = assertThrows(SshConnectException.class, () -> SshRemoteHost.connect(
          SshTarget.builder("127.0.0.1").port(silent.getLocalPort()).identityFile(ed25519)
              .connectTimeout(Duration.ofSeconds(2)).build()));
      assertTrue((System.nanoTime() - start) / 1_000_000 < 15_000);
      assertTrue(e.isTimeout() || e.getMessage().contains("timed out") || e.getMessage().contains("Timeout"), e.getMessage());
    }
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
