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
  private final List<String> zones;
  private final int port;
  private final Process process;

  private LocalKnot(Path root, List<String> zones, int port, Process process) {
    this.root = root;
    this.zones = List.copyOf(zones);
    this.port = port;
    this.process = process;
  }

  /** Starts knotd serving {@code zone} with the given records (without {@code $ORIGIN}; names relative). */
  public static LocalKnot start(String zone, String records) {
    return start(List.of("127.0.0.1"), freeUdpAndTcpPort(), Map.of(zone, records));
  }

  /**
   * Starts knotd serving several zones on the given loopback addresses (any of 127.0.0.0/8), all on
   * one port: so that a parent zone can delegate to name servers at distinct addresses, as on the
   * Internet, while every server listens on the same (non-53) port.
   */
  public static LocalKnot start(List<String> addresses, int port, Map<String, String> zones) {
    Path root = Processes.tempDirFor("vps-knot", "root");
    try {
      StringBuilder conf = new StringBuilder("server:\n  rundir: \"" + root + "\"\n");
      if (Processes.isRoot()) {
        conf.append("  user: root:root\n");
      }
      for (String a : addresses) {
        conf.append("  listen: ").append(a).append('@').append(port).append('\n');
      }
      conf.append("  pidfile: \"").append(root.resolve("knot.pid")).append("\"\n")
          .append("database:\n  storage: \"").append(root).append("\"\n")
          .append("log:\n  - target: stderr\n    any: info\n")
          .append("zone:\n");
      for (Map.Entry<String, String> z : zones.entrySet()) {
        Files.writeString(root.resolve(z.getKey() + ".zone"), "$ORIGIN " + z.getKey() + ".\n$TTL 60\n" + z.getValue());
        conf.append("  - domain: ").append(z.getKey()).append("\n    file: \"").append(root.resolve(z.getKey() + ".zone"))
            .append("\"\n    zonefile-sync: -1\n    zonefile-load: whole\n    journal-content: none\n");
      }
      Files.writeString(root.resolve("knot.conf"), conf.toString());
      Path log = root.resolve("knot.log");
      Process p = new ProcessBuilder("knotd", "-c", root.resolve("knot.conf").toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      LocalKnot k = new LocalKnot(root, List.copyOf(zones.keySet()), port, p);
      try {
        if (addresses.contains("127.0.0.1")) {
          Processes.awaitPort(port, 15_000, p, log);
        }
        for (String z : zones.keySet()) {
          k.awaitLoaded(z);
        }
      } catch (RuntimeException e) {
        k.close();
        throw e;
      }
      return k;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start knotd (apt-get install knot)", e);
    }
  }

  /** A port free for UDP and TCP on 127.0.0.1. */
  public static int freeUdpAndTcpPort() {
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

  private void awaitLoaded(String zone) {
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

  /** Rewrites the (first) zone's records and reloads (bump the SOA serial in {@code records}). */
  public void update(String records) {
    update(zones.get(0), records);
  }

  /** Rewrites a zone's records and reloads (bump the SOA serial in {@code records}). */
  public void update(String zone, String records) {
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
