package com.dimosaic.vps.examples;

import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.ssh.SshRemoteHost;
import com.dimosaic.vps.ssh.SshTarget;
import com.dimosaic.vps.validation.Status;
import com.dimosaic.vps.validation.ValidationReport;
import com.dimosaic.vps.validation.Validator;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * {@code validate <profile-dir> [--host H] [--port P] [--user U] [--identity F] [--known-hosts F]
 * [--host-key SHA256:…] [--format text|json|junit] [--until-healthy SECONDS] [--age-key-file F]}:
 * exit 0 on PASS or WARN, 1 on FAIL. The host defaults to the profile's; keys may come from {@code VPS_SSH_KEY}.
 */
final class ValidateCommand {
  private final PrintWriter out;

  ValidateCommand(PrintWriter out) {
    this.out = out;
  }

  int run(List<String> argv) {
    Args a = new Args(argv, CommandHelp.of("validate"));
    if (a.positionals.size() != 1) {
      throw new Args.UsageException("validate takes one profile folder");
    }
    String format = a.option("--format").orElse("text");
    if (!List.of("text", "json", "junit").contains(format)) {
      throw new Args.UsageException("--format must be text, json or junit");
    }
    Profile profile = ProfileFlags.load(a);
    if (profile.engine() == com.dimosaic.vps.profile.Engine.SWARM && !a.flag("--hosts-only")) {
      com.dimosaic.vps.VpsFleet fleet = FleetFlags.given(a) ? FleetFlags.fleet(a, profile, out, true)
          : com.dimosaic.vps.Vps.fleet(profile, profile.inventory().hosts(), h -> SshCommandOptions.target(a, profile.forHost(h)));
      ValidationReport report = fleet.validateSwarm();
      out.print(switch (format) {
        case "json" -> report.toJson() + "\n";
        case "junit" -> report.toJUnitXml();
        default -> report.toText();
      });
      return report.status() == Status.FAIL ? Main.FAILED : Main.OK;
    }
    if (FleetFlags.given(a)) {
      if (a.option("--until-healthy").isPresent()) {
        throw new Args.UsageException("--until-healthy is for one host");
      }
      com.dimosaic.vps.validation.ValidationOptions options = ValidationFlags.options(a, profile);
      return FleetFlags.report(FleetFlags.fleet(a, profile, out, !format.equals("text")).validate(h -> options), format, out);
    }
    SshTarget target = SshCommandOptions.target(a, profile);
    try (SshRemoteHost host = SshRemoteHost.connect(target)) {
      Validator.Builder v = Validator.builder(profile, host).options(ValidationFlags.options(a, profile));
      a.option("--until-healthy").ifPresent(s -> v.untilHealthy(Duration.ofSeconds(Long.parseLong(s))));
      ValidationReport report = v.build().validate();
      out.print(switch (format) {
        case "json" -> report.toJson() + "\n";
        case "junit" -> report.toJUnitXml();
        default -> report.toText();
      });
      return report.status() == Status.FAIL ? Main.FAILED : Main.OK;
    }
  }
}
