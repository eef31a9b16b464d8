package com.dimosaic.vps.provision;

import com.dimosaic.vps.phase.Phase;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.remote.FileSpec;
import com.dimosaic.vps.remote.RemoteHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Phase 2: wait for cloud-init and apt locks, update/upgrade, essential packages, unattended-upgrades, timezone. */
public final class SystemPhase extends NumberedPhase {
  /** When the package lists were last refreshed by provisioning. */
  static final String UPDATE_STAMP = "/var/lib/vps/apt-updated";


  /** The phase. */
  public SystemPhase() {
    super("system preparation", "2");
  }

  @Override
  protected void run(Phase.Context ctx, List<StepResult> out) {
    RemoteHost h = ctx.host();
    Profile p = ctx.profile();
    h.run(Command.sh("if command -v cloud-init >/dev/null 2>&1; then cloud-init status --wait >/dev/null 2>&1 || true; fi")
        .withTimeout(Duration.ofMinutes(15)));
    // wait for dpkg/apt locks held by unattended-upgrades at first boot
    h.run(Command.sh("i=0; while fuser /var/lib/dpkg/lock-frontend /var/lib/apt/lists/lock >/dev/null 2>&1; do i=$((i+1)); "
        + "[ $i -gt 600 ] && exit 1; sleep 1; done").withTimeout(Duration.ofMinutes(11))).requireSuccess();
    out.add(StepResult.unchanged("cloud-init and apt locks free"));
    // a run cut off mid-install (lost connection, reboot) leaves dpkg half-done; apt refuses until it is finished
    if (h.run(Command.sh("ls -A /var/lib/dpkg/updates 2>/dev/null | grep -q .")).ok()) {
      h.run(Command.of("dpkg", "--configure", "-a", "--force-confdef", "--force-confold").withEnv("DEBIAN_FRONTEND", "noninteractive")
          .withTimeout(Duration.ofMinutes(20))).requireSuccess();
      h.run(Steps.apt("-f", "install")).requireSuccess();
      out.add(StepResult.changed("dpkg", "an interrupted package run was completed (dpkg --configure -a)"));
    }
    List<String> packages = new ArrayList<>(ProvisioningOutline.ESSENTIAL_PACKAGES);
    packages.addAll(p.os().extraPackages());
    List<String> missing = Steps.missingPackages(h, packages);
    // apt-get update leaves a list file's time alone when the mirror has nothing new, so the lists' age alone would make
    // every run within 6 h of an unchanged mirror update again: the time of the last update is kept in a stamp of our own
    boolean listsFresh = h.run(Command.sh("find " + UPDATE_STAMP + " /var/lib/apt/lists -maxdepth 1 \\( -name '*Packages*' -o -name "
        + "apt-updated \\) -mmin -360 2>/dev/null | grep -q .")).ok();
    if (!missing.isEmpty() || !listsFresh) {
      streamed(ctx, "apt-get update", Steps.apt("update")).requireSuccess();
      h.run(Command.of("sh", "-c", "mkdir -p \"$(dirname \"$1\")\" && touch \"$1\"", "sh", UPDATE_STAMP)).requireSuccess();
      out.add(StepResult.changed("apt-get update", "package lists refreshed"));
    } else {
      out.add(StepResult.unchanged("apt-get update (lists younger than 6 h)"));
    }
    if (p.os().upgrade()) {
      CommandResult sim = h.run(Steps.apt("-s", "upgrade"));
      long pending = sim.stdout().lines().filter(l -> l.startsWith("Inst ")).count();
      if (pending > 0) {
        streamed(ctx, "apt-get upgrade (" + pending + " packages)", Steps.apt("upgrade")).requireSuccess();
        out.add(StepResult.changed("apt-get upgrade", pending + " package(s) upgraded"));
      } else {
        out.add(StepResult.unchanged("apt-get upgrade"));
      }
    }
    out.add(ensurePackages(ctx, packages, false));
    out.add(Steps.ensureFile(h, "/etc/apt/apt.conf.d/20auto-upgrades",
        "APT::Periodic::Update-Package-Lists \"1\";\nAPT::Periodic::Unattended-Upgrade \"1\";\n", FileSpec.DEFAULT,
        "unattended-upgrades enabled"));
    String tz = h.run(Command.sh("readlink /etc/localtime | sed 's|.*/zoneinfo/||'")).stdout().strip();
    if (tz.equals(p.timezone())) {
      out.add(StepResult.unchanged("timezone " + p.timezone()));
    } else {
      h.run(Command.of("ln", "-sf", "/usr/share/zoneinfo/" + p.timezone(), "/etc/localtime")).requireSuccess();
      h.run(Command.of("sh", "-c", "echo \"$1\" > /etc/timezone", "sh", p.timezone())).requireSuccess();
      out.add(StepResult.changed("timezone " + p.timezone(), "was " + (tz.isEmpty() ? "unset" : tz)));
    }
  }
}
