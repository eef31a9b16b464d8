package com.dimosaic.vps.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian's {@code postgresql} package) on a free 127.0.0.1 port, with its
 * own data folder and socket folder, run as the {@code postgres} user when the tests run as root
 * (initdb and postgres refuse root). Stopped and deleted by {@link #close()}.
 *
 * <pre>{@code
 * try (LocalPostgres pg = LocalPostgres.start()) {
 *   pg.psql("postgres", "SELECT 1");
 * }
 * }</pre>
 */
public final class LocalPostgres implements AutoCloseable {
  private final Path root;
  private final Path bin;
  private final int port;
  private final Process process;

  private LocalPostgres(Path root, Path bin, int port, Process process) {
    this.root = root;
    this.bin = bin;
    this.port = port;
    this.process = process;
  }

  /** The newest installed server's {@code bin} folder. */
  public static Path binDir() {
    Path base = Path.of("/usr/lib/postgresql");
    try (Stream<Path> s = Files.list(base)) {
      return s.filter(p -> Files.isExecutable(p.resolve("bin/postgres")))
          .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", "0"))))
          .map(p -> p.resolve("bin"))
          .orElseThrow(() -> new IllegalStateException("no PostgreSQL server under " + base + " (apt-get install postgresql)"));
    } catch (IOException e) {
      throw new IllegalStateException("PostgreSQL is not installed (apt-get install postgresql): " + e.getMessage());
    }
  }

  /** initdb with trust for local connections, then start with defaults. */
  public static LocalPostgres start() {
    return start(List.of());
  }

  /**
   * initdb, then start with extra server arguments (e.g. {@code -c config_file=…}); the port, socket
   * folder and {@code listen_addresses=127.0.0.1} are always forced so that nothing else is reached.
   */
  public static LocalPostgres start(List<String> serverArgs) {
    Path bin = binDir();
    Path root = Processes.tempDirFor("vps-pg", "postgres");
    Path data = root.resolve("data");
    Processes.run(Processes.asUser("postgres", List.of(bin.resolve("initdb").toString(), "-D", data.toString(),
        "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync")), Map.of(), root)
        .requireSuccess();
    int port = Processes.freePort();
    List<String> cmd = new ArrayList<>(List.of(bin.resolve("postgres").toString(), "-D", data.toString()));
    cmd.addAll(serverArgs);
    cmd.addAll(List.of("-p", String.valueOf(port), "-c", "listen_addresses=127.0.0.1",
        "-c", "unix_socket_directories=" + root, "-c", "fsync=off"));
    Path log = root.resolve("server.log");
    try {
      Process p = new ProcessBuilder(Processes.asUser("postgres", cmd)).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      LocalPostgres pg = new LocalPostgres(root, bin, port, p);
      Processes.awaitPort(port, 20_000, p, log);
      pg.awaitReady();
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady() {
    for (int i = 0; i < 100; i++) {
      if (Processes.run(List.of(bin.resolve("pg_isready").toString(), "-h", root.toString(), "-p", String.valueOf(port)),
          Map.of(), null).exitCode() == 0) {
        return;
      }
      Processes.sleep(100);
    }
    throw new IllegalStateException("PostgreSQL did not become ready");
  }

  /** The TCP port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** The Unix socket folder. */
  public Path socketDir() {
    return root;
  }

  /** The server's folder (data and log). */
  public Path root() {
    return root;
  }

  /** Environment for clients reaching the server through its socket as the superuser. */
  public Map<String, String> socketEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", root.toString());
    env.put("PGPORT", String.valueOf(port));
    env.put("POSTGRES_USER", "postgres");
    return env;
  }

  /** Runs SQL as the superuser over the socket; returns unaligned, tuples-only output. */
  public String psql(String database, String sql) {
    List<String> cmd = Processes.asUser("postgres", List.of(bin.resolve("psql").toString(), "-X", "-q", "-A", "-t",
        "-v", "ON_ERROR_STOP=1", "-U", "postgres", "-d", database, "-c", sql));
    return Processes.run(cmd, socketEnv(), root).requireSuccess().output().strip();
  }

  /** Logs in over TCP to 127.0.0.1 with a password (passed in the environment, not the command line). */
  public Processes.Result loginOverTcp(String user, String password, String database, String sql) {
    Map<String, String> env = new HashMap<>();
    env.put("PGPASSWORD", password);
    env.put("PGSSLMODE", "disable");
    return Processes.run(List.of(bin.resolve("psql").toString(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
        "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", user, "-d", database, "-c", sql), env, null);
  }

  /** The server log. */
  public String log() {
    return Processes.read(root.resolve("server.log"));
  }

  @Override
  public void close() {
    Processes.stop(process, 20);
    Processes.deleteTree(root);
  }
}
