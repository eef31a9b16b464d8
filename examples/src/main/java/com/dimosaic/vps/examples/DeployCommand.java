package com.dimosaic.vps.examples;

import com.dimosaic.vps.DnsProviders;
import com.dimosaic.vps.Vps;
import com.dimosaic.vps.VpsSession;
import com.dimosaic.vps.core.VpsException;
import com.dimosaic.vps.deploy.Backups;
import com.dimosaic.vps.deploy.DeployOptions;
import com.dimosaic.vps.deploy.DeployReport;
import com.dimosaic.vps.deploy.Rollback;
import com.dimosaic.vps.mox.MoxInstall;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Profile;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code deploy <profile-dir> [--yes] [--dry-run] [--json] [--message M] [--lock-wait SECONDS]
 * [--health-timeout SECONDS] [--mox-url URL | --mox-binary F --mox-sum S] [--no-validate]} and
 * {@code rollback <profile-dir> --list | --version <timestamp>}, with the SSH flags and the
 * validation flags. Deploy shows the plan and asks before applying unless {@code --yes}; exit 0 on
 * SUCCESS, NO_CHANGES or DRY_RUN, 1 otherwise.
 */
final class DeployCommand {

  private final BufferedReader in;
  private final PrintWriter out;
  private final PrintWriter err;

  DeployCommand(BufferedReader in, PrintWriter out, PrintWriter err) {
    this.in = in;
    this.out = out;
    this.err = err;
  }

  int deploy(List<String> argv) {
    Args a = new Args(argv, CommandHelp.of("deploy"));
    if (a.flag("--expect-no-changes") && !a.flag("--dry-run")) {
      throw new Args.UsageException("--expect-no-changes goes with --dry-run");
    }
    Profile profile = profile(a, "deploy");
    DeployOptions.Builder o = options(a, profile).dryRun(a.flag("--dry-run")).validate(!a.flag("--no-validate"));
    if (!a.flag("--no-dns") && !profile.dns().provider().equals("none")) {
      Optional<String> endpoint = a.option("--dns-endpoint");
      o.dnsProviders(p -> DnsProviders.open(p, Optional.empty(), endpoint));
    }
    a.option("--message").ifPresent(o::message);
    a.option("--mox-url").ifPresent(u -> o.moxSource(MoxInstall.Source.download(u)));
    if (a.option("--mox-binary").isPresent()) {
      o.moxSource(MoxInstall.Source.localFile(Path.of(a.option("--mox-binary").get()),
          a.option("--mox-sum").orElseThrow(() -> new Args.UsageException("--mox-binary needs --mox-sum (the gobuilds sum)"))));
    }
    boolean json = a.flag("--json");
    if (profile.engine() == com.dimosaic.vps.profile.Engine.SWARM) {
      return swarmDeploy(a, profile, json);
    }
    if (FleetFlags.given(a)) {
      if (!a.flag("--yes") && !a.flag("--dry-run")) {
        throw new Args.UsageException("a fleet deploy does not ask host by host: review it with --dry-run, then deploy with --yes");
      }
      o.confirmation(plan -> true);
      DeployOptions d = o.build();
      return FleetFlags.report(FleetFlags.fleet(a, profile, out, json).deploy(h -> d), json ? "json" : "text", out);
    }
    o.confirmation(a.flag("--yes") ? plan -> true : plan -> ProfileFlags.confirm(in, out, "Apply this plan? [y/N] "));
    // the plan and the question come as messages before the apply starts; the apply is one live phase
    LiveProgress live = new LiveProgress(json ? new PrintWriter(java.io.OutputStream.nullOutputStream()) : out,
        !json && LiveProgress.terminal(a.flag("--no-progress")));
    try (live; VpsSession vps = Vps.connect(SshCommandOptions.target(a, profile))) {
      DeployReport r = vps.deploy(profile, o.build(), live);
      if (json) {
        out.println(r.plan().toJson());
      } else {
        out.printf(Locale.ROOT, "%nResult: %s in %.1f s%n", r.result(), r.took().toMillis() / 1000.0);
        r.backup().ifPresent(b -> out.println("Rollback point: " + b.timestamp() + " (vps rollback --to " + b.timestamp() + ")"));
        r.failure().ifPresent(out::println);
      }
      return switch (r.result()) {
        case SUCCESS, NO_CHANGES -> Main.OK;
        case DRY_RUN -> a.flag("--expect-no-changes") && !r.plan().isEmpty() ? Main.CHANGES_PENDING : Main.OK;
        case ABORTED -> Main.REFUSED;
        case ROLLED_BACK, FAILED -> Main.FAILED;
      };
    } catch (VpsException e) {
      return Main.fail(err, "deploy", e);
    }
  }

  /**
   * {@code engine: swarm}: the swarm formed (or found formed) over the selected hosts (all by default),
   * then the stack deployed on its first manager; exit 0 on SUCCESS or NO_CHANGES, 1 on ROLLED_BACK or FAILED.
   */
  private int swarmDeploy(Args a, Profile profile, boolean json) {
    if (a.flag("--dry-run")) {
      throw new Args.UsageException("engine: swarm: no --dry-run; 'vps plan' writes the stack file, its configs and build contexts");
    }
    if (!a.flag("--yes")) {
      throw new Args.UsageException("engine: swarm: deploy with --yes (the stack file is the plan: vps plan)");
    }
    com.dimosaic.vps.VpsFleet fleet = FleetFlags.given(a) ? FleetFlags.fleet(a, profile, out, json)
        : com.dimosaic.vps.Vps.fleet(profile, profile.inventory().hosts(), h -> SshCommandOptions.target(a, profile.forHost(h)));
    fleet.formSwarm(com.dimosaic.vps.phase.ProgressListener.NONE).forEach(s -> {
      if (!json) {
        out.println("  " + (s.changed() ? "~ " : "= ") + s.step() + (s.detail().isEmpty() ? "" : " (" + s.detail() + ")"));
      }
    });
    com.dimosaic.vps.swarm.SwarmDeployReport r = fleet.deploySwarm(Duration.ofSeconds(Args.integer(a, "--health-timeout", 300)),
        com.dimosaic.vps.phase.ProgressListener.NONE);
    out.print(r.toText());
    return switch (r.result()) {
      case SUCCESS, NO_CHANGES -> Main.OK;
      case ROLLED_BACK, FAILED -> Main.FAILED;
    };
  }

  int rollback(List<String> argv) {
    Args a = new Args(argv, CommandHelp.of("rollback"));
    Profile profile = profile(a, "rollback");
    if (a.option("--version").isPresent()) {
      err.println("warning: 'rollback --version' is deprecated; use 'rollback --to'");
    }
    if (profile.engine() == com.dimosaic.vps.profile.Engine.SWARM) {
      String service = a.option("--service").orElseThrow(() -> new Args.UsageException(
          "engine: swarm: rollback --service S rolls one service back to its previous spec"));
      com.dimosaic.vps.VpsFleet fleet = FleetFlags.given(a) ? FleetFlags.fleet(a, profile, out, false)
          : com.dimosaic.vps.Vps.fleet(profile, profile.inventory().hosts(), h -> SshCommandOptions.target(a, profile.forHost(h)));
      for (StepResult s : fleet.rollbackSwarm(service, Duration.ofSeconds(Args.integer(a, "--health-timeout", 300)))) {
        out.println("  " + (s.changed() ? "~ " : "= ") + s.step() + (s.detail().isEmpty() ? "" : " (" + s.detail() + ")"));
      }
      return Main.OK;
    }
    if (FleetFlags.given(a) || a.option("--service").isPresent()) {
      throw new Args.UsageException("a Compose rollback runs on one host (--host); --all, --hosts, --role and --service are for engine: swarm");
    }
    java.util.Optional<String> to = a.option("--to").or(() -> a.option("--version"));
    if (a.flag("--list") == to.isPresent()) {
      throw new Args.UsageException("rollback takes --list or --to <timestamp>");
    }
    try (VpsSession vps = Vps.connect(SshCommandOptions.target(a, profile))) {
      Rollback rollback = vps.rollback(profile, options(a, profile).build());
      if (a.flag("--list")) {
        List<Backups.Point> points = rollback.list();
        if (points.isEmpty()) {
          out.println("no rollback points");
        }
        for (Backups.Point p : points) {
          out.printf(Locale.ROOT, "%s  %7s ago  %-20s %s%n", p.timestamp(), Rollback.age(p), p.who(), p.summary());
        }
        return Main.OK;
      }
      for (StepResult s : rollback.to(to.get())) {
        out.println("  " + (s.changed() ? "~ " : "= ") + s.step() + (s.detail().isEmpty() ? "" : " (" + s.detail() + ")"));
      }
      out.println("rolled back to " + to.get());
      return Main.OK;
    } catch (VpsException e) {
      return Main.fail(err, "rollback", e);
    }
  }

  private static Profile profile(Args a, String command) {
    if (a.positionals.size() != 1) {
      throw new Args.UsageException(command + " takes one profile folder");
    }
    return ProfileFlags.load(a);
  }

  private static DeployOptions.Builder options(Args a, Profile profile) {
    DeployOptions.Builder o = DeployOptions.builder().validation(ValidationFlags.options(a, profile));
    a.option("--lock-wait").ifPresent(s -> o.lockWait(Duration.ofSeconds(Long.parseLong(s))));
    a.option("--health-timeout").ifPresent(s -> o.healthTimeout(Duration.ofSeconds(Long.parseLong(s))));
    return o;
  }
}
