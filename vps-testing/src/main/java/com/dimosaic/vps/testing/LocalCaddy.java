package com.dimosaic.vps.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real Caddy (Debian's {@code caddy}) serving a Caddyfile, with its data folder (certificates,
 * local CA) in a temporary folder. The Caddyfile should set {@code http_port}/{@code https_port}
 * to free loopback ports and use {@code tls internal}/{@code local_certs} with
 * {@code skip_install_trust}: certificates are then issued offline.
 */
public final class LocalCaddy implements AutoCloseable {
  private final Path root;
  private final Process process;

  private LocalCaddy(Path root, Process process) {
    this.root = root;
    this.process = process;
  }

  /** Starts Caddy and waits until {@code waitPort} accepts connections. */
  public static LocalCaddy start(String caddyfile, int waitPort) {
    Path root = Processes.tempDirFor("vps-caddy", "root");
    try {
      Path file = root.resolve("Caddyfile");
      Files.writeString(file, caddyfile);
      Path log = root.resolve("caddy.log");
      ProcessBuilder pb = new ProcessBuilder("caddy", "run", "--config", file.toString(), "--adapter", "caddyfile")
          .redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("HOME", root.toString());
      pb.environment().put("XDG_DATA_HOME", root.resolve("data").toString());
      pb.environment().put("XDG_CONFIG_HOME", root.resolve("config").toString());
      Process p = pb.start();
      LocalCaddy c = new LocalCaddy(root, p);
      try {
        Processes.awaitPort(waitPort, 20_000, p, log);
      } catch (RuntimeException e) {
        c.close();
        throw e;
      }
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Caddy's data folder ({@code $XDG_DATA_HOME/caddy}): {@code certificates/}, {@code pki/}. */
  public Path dataDir() {
    return root.resolve("data/caddy");
  }

  /** The local CA's root certificate (after the first internal certificate was issued). */
  public Path localRootCertificate() {
    return dataDir().resolve("pki/authorities/local/root.crt");
  }

  /** Waits until a file exists under the data folder (certificates are issued in the background). */
  public Path awaitFile(String relative, long timeoutMillis) {
    Path p = dataDir().resolve(relative);
    long end = System.currentTimeMillis() + timeoutMillis;
    while (!Files.exists(p)) {
      if (System.currentTimeMillis() > end) {
        throw new IllegalStateException(p + " did not appear:\n" + log());
      }
      Processes.sleep(100);
    }
    return p;
  }

  /** The log so far. */
  public String log() {
    return Processes.read(root.resolve("caddy.log"));
  }

  /** Validates a Caddyfile with {@code caddy adapt}; returns the result. */
  public static Processes.Result adapt(Path caddyfile) {
    return Processes.run(List.of("caddy", "adapt", "--config", caddyfile.toString(), "--adapter", "caddyfile"),
        java.util.Map.of(), null);
  }

  @Override
  public void close() {
    Processes.stop(process, 10);
    Processes.deleteTree(root);
  }
}
