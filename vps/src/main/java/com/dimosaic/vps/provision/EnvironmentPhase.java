package com.dimosaic.vps.provision;

import com.dimosaic.vps.core.HostLayout;
import com.dimosaic.vps.phase.Phase;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Build;
import com.dimosaic.vps.profile.Service;
import com.dimosaic.vps.profile.StaticSite;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.FileSpec;
import com.dimosaic.vps.remote.RemoteHost;
import com.dimosaic.vps.render.RenderedFile;
import com.dimosaic.vps.stack.Checkout;
import com.dimosaic.vps.stack.StackDir;
import com.dimosaic.vps.stack.StackFiles;
import java.util.List;

/** Phase 7: the generated files, uploaded to {@code /home/app/docker} (owner app; secrets 0600). */
public final class EnvironmentPhase extends NumberedPhase {

  /** The phase. */
  public EnvironmentPhase() {
    super("docker environment", "7");
  }

  @Override
  protected void run(Phase.Context ctx, List<StepResult> out) {
    if (ctx.profile().engine() == com.dimosaic.vps.profile.Engine.SWARM) {
      throw new Skip("engine: swarm: the stack files become Swarm configs and secrets at the swarm deploy (no .env on the host)");
    }
    RemoteHost h = ctx.host();
    h.run(Command.of("install", "-d", "-o", HostLayout.APP_USER, "-g", HostLayout.APP_USER, "-m", "0750", HostLayout.STACK_DIR)).requireSuccess();
    for (RenderedFile f : StackFiles.render(h, ctx.profile())) {
      String path = HostLayout.STACK_DIR + "/" + f.path();
      int slash = path.lastIndexOf('/');
      if (slash > HostLayout.STACK_DIR.length()) {
        // configuration folders are mounted into containers whose processes run as other users (postgres: uid 999)
        h.run(Command.of("install", "-d", "-o", HostLayout.APP_USER, "-g", HostLayout.APP_USER, "-m", "0755", path.substring(0, slash))).requireSuccess();
      }
      out.add(StackFiles.upload(h, f));
    }
    for (StaticSite site : ctx.profile().catalogue().sites()) {
      out.add(staticSite(h, site));
    }
    // applications built on the host from their repository: a checkout at the profile's ref (app build-on-host moves it later)
    for (Service s : ctx.profile().catalogue().enabledInDependencyOrder()) {
      if (s.build().isPresent() && s.build().get().fromGit()) {
        Build b = s.build().get();
        String dir = HostLayout.STACK_DIR + "/" + b.context();
        out.add(Checkout.ensure(new StackDir(h, HostLayout.STACK_DIR, true), dir, b.git().orElseThrow(), b.ref())
            .map(c -> StepResult.changed("checkout " + s.name(), dir + " cloned at " + c.commit().substring(0, 12) + " (" + b.ref() + ")"))
            .orElse(StepResult.unchanged("checkout " + s.name() + " (" + dir + " exists; app build-on-host updates it)")));
      }
    }
  }

  /**
   * A static site's folder, owned by app, as releases plus a {@code current} link that Caddy serves;
   * until the first release is delivered, {@code current} points at a placeholder page, so the site
   * answers instead of failing.
   */
  private static StepResult staticSite(RemoteHost h, StaticSite site) {
    String dir = HostLayout.SITES_DIR + "/" + site.name();
    if (h.exists(dir + "/current")) {
      return StepResult.unchanged("static site " + site.name());
    }
    String placeholder = "releases/00000000T000000Z-placeholder";
    h.run(Command.of("install", "-d", "-m", "0755", HostLayout.SITES_DIR)).requireSuccess();
    h.run(Command.of("install", "-d", "-o", HostLayout.APP_USER, "-g", HostLayout.APP_USER, "-m", "0755", dir, dir + "/releases", dir + "/" + placeholder))
        .requireSuccess();
    h.upload(dir + "/" + placeholder + "/index.html", ("<!doctype html>\n<title>" + site.name() + "</title>\n<p>" + site.name()
        + ": no release has been delivered yet.</p>\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), FileSpec.of(0644, HostLayout.APP_USER));
    h.run(Command.of("ln", "-sfn", placeholder, dir + "/current")).requireSuccess();
    h.run(Command.of("chown", "-h", HostLayout.APP_USER + ":" + HostLayout.APP_USER, dir + "/current")).requireSuccess();
    return StepResult.changed("static site " + site.name(), dir + "/current → placeholder page until the first release");
  }}
