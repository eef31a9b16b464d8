package com.dimosaic.vps.provision;

import com.dimosaic.vps.core.HostLayout;
import com.dimosaic.vps.phase.Phase;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.FileSpec;
import com.dimosaic.vps.remote.RemoteHost;
import java.util.List;
import java.util.Optional;

/** Phase 3: the {@code app} user (docker group, root's authorized_keys) and the {@code mox} system user. */
public final class UsersPhase extends NumberedPhase {

  /** The phase. */
  public UsersPhase() {
    super("users", "3");
  }

  @Override
  protected void run(Phase.Context ctx, List<StepResult> out) {
    RemoteHost h = ctx.host();
    if (h.run(Command.of("id", "-u", HostLayout.APP_USER)).ok()) {
      out.add(StepResult.unchanged("user app"));
    } else {
      h.run(Command.of("useradd", "--create-home", "--shell", "/bin/bash", HostLayout.APP_USER)).requireSuccess();
      out.add(StepResult.changed("user app", "created with /home/app"));
    }
    if (h.run(Command.of("getent", "group", "docker")).ok()) {
      if (h.run(Command.of("id", "-nG", HostLayout.APP_USER)).stdout().contains("docker")) {
        out.add(StepResult.unchanged("app in group docker"));
      } else {
        h.run(Command.of("usermod", "-aG", "docker", HostLayout.APP_USER)).requireSuccess();
        out.add(StepResult.changed("app in group docker", "added"));
      }
    }
    Optional<byte[]> keys = h.read("/root/.ssh/authorized_keys");
    if (keys.isPresent()) {
      h.run(Command.of("install", "-d", "-o", HostLayout.APP_USER, "-g", HostLayout.APP_USER, "-m", "0700", HostLayout.APP_HOME + "/.ssh")).requireSuccess();
      out.add(Steps.ensureFile(h, HostLayout.APP_HOME + "/.ssh/authorized_keys", keys.get(), FileSpec.of(0600, HostLayout.APP_USER), "app's authorized_keys"));
    }
    if (h.run(Command.of("id", "-u", HostLayout.MOX_USER)).ok()) {
      out.add(StepResult.unchanged("user mox"));
    } else {
      h.run(Command.of("useradd", "--system", "--user-group", "--home-dir", HostLayout.MOX_HOME, "--create-home", "--shell",
          "/usr/sbin/nologin", HostLayout.MOX_USER)).requireSuccess();
      out.add(StepResult.changed("user mox", "system user, no login shell"));
    }
  }
}
