package com.dimosaic.vps.stack;

import com.dimosaic.vps.compose.ComposeGenerator;
import com.dimosaic.vps.core.HostLayout;
import com.dimosaic.vps.phase.RemoteFiles;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.FileSpec;
import com.dimosaic.vps.remote.RemoteHost;
import com.dimosaic.vps.render.RenderedFile;
import java.util.List;

/** The generated files of the stack folder: rendered for a host, and uploaded when they differ. Provisioning and deploy both use it. */
public final class StackFiles {
  private StackFiles() {}

  /** The files the profile renders for this host (PostgreSQL is tuned to the host's memory). */
  public static List<RenderedFile> render(RemoteHost h, Profile profile) {
    long memKb = Long.parseLong(h.run(Command.sh("grep MemTotal /proc/meminfo")).requireSuccess().stdout().replaceAll("[^0-9]", ""));
    return ComposeGenerator.forProfile(profile).memoryMb(Math.max(256, memKb / 1024)).render();
  }

  /**
   * Uploads one generated file to the stack folder when it differs (owner app; secrets 0600); files
   * bind-mounted on their own ({@link StackDir#singleFileMount}) are rewritten in place.
   */
  public static StepResult upload(RemoteHost h, RenderedFile f) {
    String path = HostLayout.STACK_DIR + "/" + f.path();
    String step = f.path() + (f.secret() ? " (secret, 0600)" : "");
    FileSpec spec = FileSpec.of(f.mode(), HostLayout.APP_USER);
    return StackDir.singleFileMount(f.path()) && !f.secret() ? RemoteFiles.ensureInPlace(h, path, f.content(), spec, step)
        : RemoteFiles.ensure(h, path, f.content(), spec, step);
  }
}
