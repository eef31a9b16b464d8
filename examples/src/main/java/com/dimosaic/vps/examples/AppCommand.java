package com.dimosaic.vps.examples;

import com.dimosaic.vps.Vps;
import com.dimosaic.vps.VpsSession;
import com.dimosaic.vps.app.StaticSites;
import com.dimosaic.vps.deploy.DeployException;
import com.dimosaic.vps.profile.Profile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code app deploy-static <profile-dir> --site S --dir D [--keep N] [--who W]} and
 * {@code app rollback-static <profile-dir> --site S [--who W]}, with the SSH flags: a static site
 * uploaded as a new release and switched to atomically, or switched back to the previous release.
 */
final class AppCommand {
  private final PrintWriter out;
  private final PrintWriter err;

  AppCommand(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  int run(List<String> argv) {
    if (argv.isEmpty() || !List.of("deploy-static", "rollback-static").contains(argv.get(0))) {
      throw new Args.UsageException("app takes deploy-static or rollback-static");
    }
    boolean deploy = argv.get(0).equals("deploy-static");
    Args a = new Args(argv.subList(1, argv.size()), Set.of(), Set.of("--host", "--port", "--user", "--identity", "--known-hosts",
        "--host-key", "--age-key-file", "--site", "--dir", "--keep", "--who", "--lock-wait"));
    if (a.positionals.size() != 1) {
      throw new Args.UsageException("app " + argv.get(0) + " takes one profile folder");
    }
    String site = a.option("--site").orElseThrow(() -> new Args.UsageException("--site is required"));
    Profile profile = ProfileFlags.load(a);
    String who = a.option("--who").orElse(System.getProperty("user.name", "unknown"));
    int keep = Integer.parseInt(a.option("--keep").orElse("5"));
    Duration wait = Duration.ofSeconds(Long.parseLong(a.option("--lock-wait").orElse("60")));
    try (VpsSession vps = Vps.connect(SshCommandOptions.target(a, profile))) {
      StaticSites sites = new StaticSites(vps.host(), profile, keep, wait);
      StaticSites.Release r = deploy
          ? sites.deploy(site, Path.of(a.option("--dir").orElseThrow(() -> new Args.UsageException("--dir is required"))), who)
          : sites.rollback(site, who);
      out.println(site + ": current → releases/" + r.name() + (deploy ? " (" + r.files() + " files)" : ""));
      return Main.OK;
    } catch (DeployException e) {
      err.println("app: " + e.getMessage());
      return Main.FAILED;
    }
  }
}
