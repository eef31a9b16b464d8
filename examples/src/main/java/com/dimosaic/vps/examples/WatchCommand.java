package com.dimosaic.vps.examples;

import com.dimosaic.vps.drift.DriftWatch;
import com.dimosaic.vps.drift.Notifiers;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.provision.ProvisionOptions;
import com.dimosaic.vps.ssh.SshRemoteHost;
import com.dimosaic.vps.ssh.SshTarget;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code watch <profile-dir> [ssh flags] [--every 5m] [--serve 127.0.0.1:9464] [--notify-command CMD | --notify-url URL]}:
 * validation and drift on a schedule, the last results served as Prometheus metrics and a health
 * endpoint; runs until stopped.
 */
final class WatchCommand {
  private final PrintWriter out;

  WatchCommand(PrintWriter out) {
    this.out = out;
  }

  int run(List<String> argv) {
    Args a = new Args(argv, CommandHelp.of("watch"));
    if (a.positionals.size() != 1) {
      throw new Args.UsageException("watch takes one profile folder");
    }
    Duration every = duration(a.option("--every").orElse("5m"));
    String serve = a.option("--serve").orElse("127.0.0.1:9464");
    int colon = serve.lastIndexOf(':');
    if (colon < 1 || !serve.substring(colon + 1).matches("[0-9]{1,5}")) {
      throw new Args.UsageException("--serve: HOST:PORT, got '" + serve + "'");
    }
    Profile profile = ProfileFlags.load(a);
    ProvisionOptions options = DriftCommand.options(a, profile);
    SshTarget target = SshCommandOptions.target(a, profile);
    DriftWatch.Builder w = DriftWatch.builder().every(every)
        .serve(new InetSocketAddress(serve.substring(0, colon), Integer.parseInt(serve.substring(colon + 1))))
        .host(target.host(), DriftWatch.probe(target.host(), () -> SshRemoteHost.connect(target), profile, options, ValidationFlags.options(a, profile)));
    a.option("--notify-command").ifPresent(c -> w.notifier(Notifiers.command(Arrays.asList(c.strip().split("\\s+")))));
    a.option("--notify-url").ifPresent(u -> w.notifier(Notifiers.webhook(URI.create(u))));
    CountDownLatch stop = new CountDownLatch(1);
    try (DriftWatch watch = w.start()) {
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      out.println("watching " + target.host() + " every " + every.toSeconds() + " s; metrics on http://" + serve + "/metrics, health on /health");
      out.flush();
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Main.OK;
  }

  /** {@code 90s}, {@code 5m}, {@code 1h}. */
  static Duration duration(String s) {
    if (!s.matches("[0-9]+[smh]")) {
      throw new Args.UsageException("--every: a duration such as 30s, 5m or 1h, got '" + s + "'");
    }
    long n = Long.parseLong(s.substring(0, s.length() - 1));
    Duration d = switch (s.charAt(s.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
    if (d.compareTo(Duration.ofSeconds(10)) < 0) {
      throw new Args.UsageException("--every: at least 10s");
    }
    return d;
  }
}
