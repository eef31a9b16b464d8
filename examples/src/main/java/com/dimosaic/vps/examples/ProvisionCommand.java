package com.dimosaic.vps.examples;

import com.dimosaic.vps.DnsProviders;
import com.dimosaic.vps.Vps;
import com.dimosaic.vps.VpsSession;
import com.dimosaic.vps.mox.MoxInstall;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.provision.ProvisionOptions;
import com.dimosaic.vps.provision.ProvisionReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code provision <profile-dir> [--host H] [--port P] [--user U] [--identity F] [--known-hosts F]
 * [--host-key SHA256:…] [--mox-url URL | --mox-binary F --mox-sum S] [--dns-endpoint URL] [--docker-repository URL]
 * [--health-timeout SECONDS] [--no-validate] [--json] [--age-key-file F]} plus the {@link ValidationFlags}, with a live
 * phase-by-phase display. The DNS provider is the profile's ({@code --dns-endpoint} points it elsewhere, e.g. at a
 * stand-in). Exit 0 on SUCCESS, 1 otherwise.
 */
final class ProvisionCommand {
  private final PrintWriter out;

  ProvisionCommand(PrintWriter out) {
    this.out = out;
  }

  int run(List<String> argv) {
    Args a = new Args(argv, CommandHelp.of("provision"));
    if (a.positionals.size() != 1) {
      throw new Args.UsageException("provision takes one profile folder");
    }
    Profile profile = ProfileFlags.load(a);
    ProvisionOptions.Builder o = ProvisionOptions.builder().validate(!a.flag("--no-validate"))
        .validation(ValidationFlags.options(a, profile));
    a.option("--caddy-data").ifPresent(o::caddyDataDir);
    a.option("--docker-repository").ifPresent(o::dockerRepository);
    a.option("--health-timeout").ifPresent(s -> o.healthTimeout(Duration.ofSeconds(Long.parseLong(s))));
    if (!profile.dns().provider().equals("none")) {
      Optional<String> endpoint = a.option("--dns-endpoint");
      o.dnsProviders(p -> DnsProviders.open(p, Optional.empty(), endpoint));
    }
    a.option("--mox-url").ifPresent(u -> o.moxSource(MoxInstall.Source.download(u)));
    if (a.option("--mox-binary").isPresent()) {
      o.moxSource(MoxInstall.Source.localFile(Path.of(a.option("--mox-binary").get()),
          a.option("--mox-sum").orElseThrow(() -> new Args.UsageException("--mox-binary needs --mox-sum (the gobuilds sum)"))));
    }
    boolean json = a.flag("--json");
    if (FleetFlags.given(a)) {
      return FleetFlags.report(FleetFlags.fleet(a, profile, out, json).provision(h -> o.build(profile.forHost(h))), json ? "json" : "text", out);
    }
    LiveProgress live = new LiveProgress(json ? new PrintWriter(java.io.OutputStream.nullOutputStream()) : out,
        !json && LiveProgress.terminal(a.flag("--no-progress")));
    try (live; VpsSession vps = Vps.connect(SshCommandOptions.target(a, profile))) {
      ProvisionReport report = vps.provision(profile, o.build(profile), live);
      out.println();
      out.print(json ? report.toJson() + "\n" : report.toText());
      return report.result() == ProvisionReport.Result.SUCCESS ? Main.OK : Main.FAILED;
    }
  }
}
