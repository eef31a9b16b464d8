package com.dimosaic.vps.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server (Debian's {@code openssh-server}) on a free 127.0.0.1 port, with its own
 * generated host key, config and authorized_keys, run as a child process. It never touches the
 * machine's own sshd. Users log in as the user running the tests.
 *
 * <pre>{@code
 * try (LocalSshd sshd = LocalSshd.start()) {
 *   Path key = sshd.newUserKey("ed25519");   // authorised
 *   ... connect to 127.0.0.1:sshd.port(), pin sshd.hostKeyFingerprint() ...
 * }
 * }</pre>
 */
public final class LocalSshd implements AutoCloseable {
  private final Path root;
  private final int port;
  private final String extraConfig;
  private Process process;

  private LocalSshd(Path root, int port, String extraConfig) {
    this.root = root;
    this.port = port;
    this.extraConfig = extraConfig;
  }

  /** Starts a server with default settings ({@code MaxSessions 10}). */
  public static LocalSshd start() {
    return start("");
  }

  /** Starts a server with extra {@code sshd_config} lines. */
  public static LocalSshd start(String extraConfig) {
    Path root = Processes.tempDirFor("vps-sshd", "root");
    try {
      if (Processes.isRoot()) {
        Files.createDirectories(Path.of("/run/sshd")); // privilege separation directory sshd insists on
      }
      Processes.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "vps-test-host",
          "-f", root.resolve("host_ed25519").toString()), Map.of(), null).requireSuccess();
      Files.createFile(root.resolve("authorized_keys"));
      LocalSshd s = new LocalSshd(root, Processes.freePort(), extraConfig);
      s.writeConfig();
      s.launch();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeConfig() throws IOException {
    String config = String.join("\n",
        "Port " + port,
        "ListenAddress 127.0.0.1",
        "HostKey " + root.resolve("host_ed25519"),
        "PidFile " + root.resolve("sshd.pid"),
        "AuthorizedKeysFile " + root.resolve("authorized_keys"),
        "StrictModes no",
        "UsePAM no",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "PubkeyAuthentication yes",
        "PermitRootLogin prohibit-password",
        "AllowTcpForwarding yes",
        "Subsystem sftp internal-sftp",
        "LogLevel VERBOSE",
        extraConfig,
        "");
    Files.writeString(root.resolve("sshd_config"), config);
  }

  private synchronized void launch() {
    Path log = root.resolve("sshd.log");
    try {
      process = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", root.resolve("sshd_config").toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      Processes.awaitPort(port, 15_000, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start sshd (apt-get install openssh-server)", e);
    }
  }

  /** The port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** The host key's fingerprint as OpenSSH prints it ({@code SHA256:…}). */
  public String hostKeyFingerprint() {
    String out = Processes.run(List.of("ssh-keygen", "-l", "-E", "sha256", "-f", root.resolve("host_ed25519.pub").toString()),
        Map.of(), null).requireSuccess().output();
    return out.split(" ")[1];
  }

  /** The host key as a known_hosts line for this server ({@code [127.0.0.1]:port ssh-ed25519 AAAA…}). */
  public String knownHostsLine() {
    try {
      String[] pub = Files.readString(root.resolve("host_ed25519.pub")).strip().split(" ");
      return "[127.0.0.1]:" + port + " " + pub[0] + " " + pub[1];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Generates a user key ({@code ed25519}, {@code rsa}, or with a passphrase) and authorises it; returns the private key file. */
  public Path newUserKey(String type, String passphrase) {
    Path key = root.resolve("user_" + type + "_" + System.nanoTime());
    List<String> cmd = new java.util.ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", "vps-test-user",
        "-f", key.toString()));
    if (type.equals("rsa")) {
      cmd.addAll(List.of("-b", "3072"));
    }
    Processes.run(cmd, Map.of(), null).requireSuccess();
    authorize(Path.of(key + ".pub"));
    return key;
  }

  /** Generates and authorises an unencrypted user key. */
  public Path newUserKey(String type) {
    return newUserKey(type, "");
  }

  /** Adds a public key to authorized_keys. */
  public void authorize(Path publicKey) {
    try {
      Files.writeString(root.resolve("authorized_keys"), Files.readString(publicKey).strip() + "\n", StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The folder holding the server's files. */
  public Path root() {
    return root;
  }

  /** The server log. */
  public String log() {
    return Processes.read(root.resolve("sshd.log"));
  }

  /** Kills the server and every connection it serves (SIGKILL to the whole process tree). */
  public synchronized void kill() {
    if (process != null) {
      process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  /** Starts the server again on the same port with the same host key. */
  public synchronized void restart() {
    kill();
    launch();
  }

  @Override
  public void close() {
    kill();
    Processes.deleteTree(root);
  }
}
