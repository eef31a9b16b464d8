package com.dimosaic.vps.provision;

import com.dimosaic.vps.phase.Phase;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.OsPolicy;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.RemoteHost;
import java.util.List;
import java.util.Map;

/** Phase 1: root, OS policy, disk and memory — refused before any change. */
public final class PreflightPhase extends NumberedPhase {

  /** The phase. */
  public PreflightPhase() {
    super("pre-flight", "1");
  }

  @Override
  protected void run(Phase.Context ctx, List<StepResult> out) {
    RemoteHost h = ctx.host();
    Profile p = ctx.profile();
    String uid = h.run(Command.of("id", "-u")).requireSuccess().stdout().strip();
    if (!uid.equals("0")) {
      throw new ProvisionException(ProvisionException.Reason.PREFLIGHT, "pre-flight", "provisioning needs root (connected as uid " + uid + ")");
    }
    Map<String, String> os = Steps.osRelease(h.run(Command.of("cat", "/etc/os-release")).requireSuccess().stdout());
    String id = os.getOrDefault("ID", "?");
    String version = os.getOrDefault("VERSION_ID", "0");
    boolean allowed = p.os().allowed().stream().anyMatch(r -> r.distribution().equals(id) && Steps.compareVersions(version, r.minVersion()) >= 0);
    if (!allowed) {
      throw new ProvisionException(ProvisionException.Reason.PREFLIGHT, "pre-flight", os.getOrDefault("PRETTY_NAME", id + " " + version) + " is not supported (allowed: "
          + p.os().allowed().stream().map(OsPolicy.OsRequirement::toString).reduce((a, b) -> a + ", " + b).orElse("none") + ")");
    }
    out.add(StepResult.unchanged("OS " + os.getOrDefault("PRETTY_NAME", id + " " + version)));
    String[] df = h.run(Command.of("df", "-Pk", "/")).requireSuccess().stdout().strip().split("\n")[1].trim().split("\\s+");
    long freeGb = Long.parseLong(df[3]) / 1024 / 1024;
    if (freeGb < p.resources().minDiskGb()) {
      throw new ProvisionException(ProvisionException.Reason.PREFLIGHT, "pre-flight", "free disk " + freeGb + " GB is below the profile's minimum of "
          + p.resources().minDiskGb() + " GB (resources.minDiskGb)");
    }
    out.add(StepResult.unchanged("free disk " + freeGb + " GB"));
    long memKb = Long.parseLong(h.run(Command.of("sh", "-c", "grep MemTotal /proc/meminfo")).requireSuccess().stdout()
        .replaceAll("[^0-9]", ""));
    long memGb = Math.round(memKb / 1024.0 / 1024.0);
    if (memGb < p.resources().minMemoryGb()) {
      throw new ProvisionException(ProvisionException.Reason.PREFLIGHT, "pre-flight", "memory " + memGb + " GB is below the profile's minimum of "
          + p.resources().minMemoryGb() + " GB (resources.minMemoryGb)");
    }
    out.add(StepResult.unchanged("memory " + memGb + " GB"));
  }
}
