package com.dimosaic.vps.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** A real Redis (Debian's {@code redis-server}) on a free 127.0.0.1 port, without persistence. Restartable. */
public final class LocalRedis implements AutoCloseable {
  private final Path root;
  private final int port;
  private Process process;

  private LocalRedis(Path root, int port) {
    this.root = root;
    this.port = port;
  }

  /** Starts a server. */
  public static LocalRedis start() {
    LocalRedis r = new LocalRedis(Processes.tempDirFor("vps-redis", "root"), Processes.freePort());
    r.launch();
    return r;
  }

  private void launch() {
    try {
      process = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
          "--appendonly", "no", "--dir", root.toString())).redirectErrorStream(true)
          .redirectOutput(root.resolve("redis.log").toFile()).start();
      Processes.awaitPort(port, 10_000, process, root.resolve("redis.log"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start redis-server (apt-get install redis-server)", e);
    }
  }

  /** The port. */
  public int port() {
    return port;
  }

  /** Stops the server (it can be started again). */
  public void stop() {
    Processes.stop(process, 10);
    process = null;
  }

  /** Starts it again on the same port. */
  public void startAgain() {
    if (process == null) {
      launch();
    }
  }

  @Override
  public void close() {
    stop();
    Processes.deleteTree(root);
  }
}
