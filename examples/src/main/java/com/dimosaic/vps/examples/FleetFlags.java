package com.dimosaic.vps.examples;

import com.dimosaic.vps.Vps;
import com.dimosaic.vps.VpsFleet;
import com.dimosaic.vps.fleet.FleetListener;
import com.dimosaic.vps.fleet.FleetOptions;
import com.dimosaic.vps.fleet.FleetReport;
import com.dimosaic.vps.fleet.HostResult;
import com.dimosaic.vps.fleet.HostStatus;
import com.dimosaic.vps.profile.FleetHost;
import com.dimosaic.vps.profile.Profile;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The fleet flags shared by provision, deploy, validate, drift and backup now: {@code --all},
 * {@code --hosts a,b}, {@code --role R[,S]} select hosts of the profile's {@code hosts.yaml};
 * {@code --parallel N} caps hosts at once (default 8), {@code --rolling N} goes N at a time and stops at
 * the first failure. Progress is a line per host and phase; the report has a line per host.
 */
final class FleetFlags {
  private FleetFlags() {}

  /** Whether the command runs on a fleet. */
  static boolean given(Args a) {
    return a.flag("--all") || a.option("--hosts").isPresent() || a.option("--role").isPresent();
  }

  /** The fleet the flags select, its options and live progress on {@code out} (nothing when {@code quiet}). */
  static VpsFleet fleet(Args a, Profile profile, PrintWriter out, boolean quiet) {
    for (String single : List.of("--host", "--port", "--host-key")) {
      if (a.option(single).isPresent()) {
        throw new Args.UsageException(single + " names one host; with --all, --hosts or --role the hosts come from "
            + com.dimosaic.vps.profile.Inventory.FILE);
      }
    }
    if (a.option("--rolling").isPresent() && a.option("--parallel").isPresent()) {
      throw new Args.UsageException("--rolling and --parallel: choose one");
    }
    List<FleetHost> hosts;
    try {
      hosts = profile.inventory().select(a.flag("--all"), list(a, "--hosts"), list(a, "--role"));
    } catch (IllegalArgumentException e) {
      throw new Args.UsageException(e.getMessage());
    }
    FleetOptions.Builder o = FleetOptions.builder();
    try {
      o.parallel(Args.integer(a, "--parallel", FleetOptions.DEFAULT_PARALLEL));
      o.rolling(Args.integer(a, "--rolling", 0));
    } catch (IllegalArgumentException e) {
      throw new Args.UsageException(e.getMessage());
    }
    if (!quiet) {
      o.listener(lines(out));
    }
    return Vps.fleet(profile, hosts, h -> SshCommandOptions.target(a, profile.forHost(h))).options(o.build());
  }

  /** The report in the format; the exit code: 0 when every host succeeded, else 1 (5 when every failed host was unreachable). */
  static int report(FleetReport<?> r, String format, PrintWriter out) {
    out.print(switch (format) {
      case "json" -> r.toJson() + "\n";
      case "junit" -> r.toJUnitXml();
      default -> r.toText();
    });
    if (r.succeeded()) {
      return Main.OK;
    }
    boolean allUnreachable = r.hosts().stream().filter(h -> !h.status().succeeded() && h.status() != HostStatus.SKIPPED)
        .allMatch(h -> h.status() == HostStatus.UNREACHABLE);
    return allUnreachable ? Main.UNREACHABLE : Main.FAILED;
  }

  private static List<String> list(Args a, String flag) {
    return a.option(flag).map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()).orElse(List.of());
  }

  /** A line per host event: {@code [web-1] docker}, {@code [web-1] OK 12.3 s ...}. */
  private static FleetListener lines(PrintWriter out) {
    return new FleetListener() {
      @Override
      public void hostStarted(FleetHost host) {
        say("[" + host.name() + "] started");
      }

      @Override
      public void hostProgress(FleetHost host, String phase) {
        say("[" + host.name() + "] " + phase);
      }

      @Override
      public void hostFinished(HostResult<?> r) {
        say(String.format(Locale.ROOT, "[%s] %s %.1f s %s", r.host().name(), r.status(), r.took().toMillis() / 1000.0, r.verdict().summary()));
      }

      private void say(String line) {
        synchronized (out) {
          out.println(line);
          out.flush();
        }
      }
    };
  }
}
