package com.dimosaic.vps.examples;

import com.dimosaic.vps.DnsProviders;
import com.dimosaic.vps.Vps;
import com.dimosaic.vps.VpsSession;
import com.dimosaic.vps.drift.DriftReport;
import com.dimosaic.vps.drift.RepairOptions;
import com.dimosaic.vps.drift.RepairReport;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.provision.ProvisionOptions;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code drift <profile-dir> [ssh flags] [--format text|json|junit] [--expect-no-drift] [--repair [--yes] [--prune]]
 * [--dns-endpoint URL | --no-dns]}: the host and its zone against the profile, read-only; exit 3 with
 * {@code --expect-no-drift} when anything drifted. {@code --repair} shows the drift, asks (unless
 * {@code --yes}) and puts it back; exit 0 when only what {@code --prune} would remove is left.
 */
final class DriftCommand {
  private final BufferedReader in;
  private final PrintWriter out;

  DriftCommand(BufferedReader in, PrintWriter out) {
    this.in = in;
    this.out = out;
  }

  int run(List<String> argv) {
    Args a = new Args(argv, CommandHelp.of("drift"));
    if (a.positionals.size() != 1) {
      throw new Args.UsageException("drift takes one profile folder");
    }
    String format = a.option("--format").orElse("text");
    if (!List.of("text", "json", "junit").contains(format)) {
      throw new Args.UsageException("--format must be text, json or junit");
    }
    boolean repair = a.flag("--repair");
    if (!repair && (a.flag("--yes") || a.flag("--prune"))) {
      throw new Args.UsageException("--yes and --prune go with --repair");
    }
    if (repair && a.flag("--expect-no-drift")) {
      throw new Args.UsageException("--expect-no-drift is for a check; --repair puts the drift back");
    }
    Profile profile = ProfileFlags.load(a);
    if (FleetFlags.given(a)) {
      if (repair) {
        throw new Args.UsageException("--repair is for one host (--host); check the fleet, then repair host by host");
      }
      var report = FleetFlags.fleet(a, profile, out, !format.equals("text")).drift(h -> options(a, profile.forHost(h)));
      int code = FleetFlags.report(report, format, out);
      boolean drifted = report.hosts().stream().anyMatch(h -> h.value().map(r -> !r.clean()).orElse(false));
      return code == Main.OK && a.flag("--expect-no-drift") && drifted ? Main.CHANGES_PENDING : code;
    }
    ProvisionOptions options = options(a, profile);
    try (VpsSession vps = Vps.connect(SshCommandOptions.target(a, profile))) {
      if (!repair) {
        DriftReport r = vps.drift(profile, options, ProgressListener.NONE);
        print(r, format);
        return a.flag("--expect-no-drift") && !r.clean() ? Main.CHANGES_PENDING : Main.OK;
      }
      RepairOptions.Builder ro = RepairOptions.builder().prune(a.flag("--prune")).who(a.option("--who").orElse(System.getProperty(
          "user.name", "unknown"))).lockWait(Duration.ofSeconds(Args.integer(a, "--lock-wait", 60)))
          .healthTimeout(Duration.ofSeconds(Args.integer(a, "--health-timeout", 300)));
      ro.confirmation(a.flag("--yes") ? r -> true : r -> ProfileFlags.confirm(in, out, "Repair these " + r.drift().size()
          + " item(s)? [y/N] "));
      RepairReport r = vps.repairDrift(profile, options, ro.build(), new ProgressListener() {
        @Override
        public void message(String text) {
          if (format.equals("text")) {
            out.print(text);
            out.flush();
          }
        }
      });
      if (format.equals("text")) {
        out.print(r.toText());
      } else {
        r.after().ifPresent(after -> print(after, format));
      }
      return switch (r.result()) {
        case NO_DRIFT -> Main.OK;
        case ABORTED -> Main.REFUSED;
        case FAILED -> Main.FAILED;
        // done when nothing is left but what only --prune removes
        case REPAIRED -> r.after().map(after -> after.drift().stream().allMatch(i -> !a.flag("--prune") && !i.kind().repairedByDefault()))
            .orElse(false) ? Main.OK : Main.FAILED;
      };
    }
  }

  private void print(DriftReport r, String format) {
    out.print(switch (format) {
      case "json" -> r.toJson() + "\n";
      case "junit" -> r.toJUnitXml();
      default -> r.toText();
    });
  }

  /** Provisioning's options as the drift check needs them: the DNS provider, Docker's repository, Caddy's data folder. */
  static ProvisionOptions options(Args a, Profile profile) {
    ProvisionOptions.Builder o = ProvisionOptions.builder().validate(false);
    a.option("--caddy-data").ifPresent(o::caddyDataDir);
    a.option("--docker-repository").ifPresent(o::dockerRepository);
    if (!a.flag("--no-dns") && !profile.dns().provider().equals("none")) {
      Optional<String> endpoint = a.option("--dns-endpoint");
      o.dnsProviders(p -> DnsProviders.open(p, Optional.empty(), endpoint));
    }
    return o.build(profile);
  }
}
