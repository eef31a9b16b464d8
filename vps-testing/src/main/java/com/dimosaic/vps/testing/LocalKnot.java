package com.dimosaic.vps.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real authoritative DNS server (Debian's {@code knot}) for one zone on a free 127.0.0.1 port.
 * {@link #update(String)} rewrites the zone file and reloads it with {@code knotc}.
 *
 * <pre>{@code
 * try (LocalKnot knot = LocalKnot.start("example.com", "@ SOA ns hostmaster 1 3600 600 86400 60\n@ NS ns\nns A 127.0.0.1\n")) {
 *   ... query 127.0.0.1:knot.port() ...
 * }
 * }</pre>
 */
public final class LocalKnot implements AutoCloseable {
  private final Path root;
  private final String zone;
  private final int port;
  private final Process process;

  private LocalKnot(Path root, String zone, int port, Process process) {
    this.root = root;
    this.zone = zone;
    this.port = port;
    this.process = process;
  }

  /** Starts knotd serving {@code zone} with the given records (without {@code $ORIGIN}; names relative). */
  public static LocalKnot start(String zone, String records) {
    Path root = Processes.tempDirFor("vps-knot", "root");
    int port = freeUdpAndTcpPort();
    try {
      Files.writeString(root.resolve(zone + ".zone"), "$ORIGIN " + zone + ".\n$TTL 60\n" + records);
      String user = Processes.isRoot() ? "  user: root:root\n" : "";
      Files.writeString(root.resolve("knot.conf"), "server:\n  rundir: \"" + root + "\"\n" + user
          + "  listen: 127.0.0.1@" + port + "\n  pidfile: \"" + root.resolve("knot.pid") + "\"\n"
          + "database:\n  storage: \"" + root + "\"\n"
          + "log:\n  - target: stderr\n    any: info\n"
          + "zone:\n  - domain: " + zone + "\n    file: \"" + root.resolve(zone + ".zone") + "\"\n"
          + "    zonefile-sync: -1\n    zonefile-load: whole\n    journal-content: none\n");
      Path log = root.resolve("knot.log");
      Process p = new ProcessBuilder("knotd", "-c", root.resolve("knot.conf").toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      LocalKnot k = new LocalKnot(root, zone, port, p);
      try {
        Processes.awaitPort(port, 15_000, p, log);
        k.awaitLoaded();
      } catch (RuntimeException e) {
        k.close();
        throw e;
      }
      return k;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start knotd (apt-get install knot)", e);
    }
  }

  private static int freeUdpAndTcpPort() {
    for (int i = 0; i < 50; i++) {
      int p = Processes.freePort();
      try (java.net.DatagramSocket u = new java.net.DatagramSocket(p, java.net.InetAddress.getLoopbackAddress())) {
        return p;
      } catch (IOException e) {
        // taken for UDP; try another
      }
    }
    throw new IllegalStateException("no free port");
  }

  private void awaitLoaded() {
    for (int i = 0; i < 100; i++) {
      if (knotc("zone-status", zone).output().contains("serial")) {
        return;
      }
      Processes.sleep(100);
    }
    throw new IllegalStateException("knot did not load " + zone + ":\n" + log());
  }

  /** The port (UDP and TCP) on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** Rewrites the zone's records and reloads (bump the SOA serial in {@code records}). */
  public void update(String records) {
    try {
      Files.writeString(root.resolve(zone + ".zone"), "$ORIGIN " + zone + ".\n$TTL 60\n" + records);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    knotc("zone-reload", zone).requireSuccess();
  }

  private Processes.Result knotc(String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of("knotc", "-c", root.resolve("knot.conf").toString()));
    cmd.addAll(List.of(args));
    return Processes.run(cmd, Map.of(), null);
  }

  /** The log. */
  public String log() {
    return Processes.read(root.resolve("knot.log"));
  }

  @Override
  public void close() {
    Processes.stop(process, 10);
    Processes.deleteTree(root);
  }
}
