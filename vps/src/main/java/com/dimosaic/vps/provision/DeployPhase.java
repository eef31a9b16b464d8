package com.dimosaic.vps.provision;

import com.dimosaic.vps.core.HostLayout;
import com.dimosaic.vps.phase.Phase;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Service;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.remote.FileSpec;
import com.dimosaic.vps.remote.RemoteHost;
import com.dimosaic.vps.stack.DeployException;
import com.dimosaic.vps.stack.Health;
import com.dimosaic.vps.stack.ImagePins;
import com.dimosaic.vps.stack.StackDir;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Phase 8: pull, build, up as app; health in dependency order; the deployment state recorded. */
public final class DeployPhase extends NumberedPhase {
  private final Duration healthTimeout;

  /** The phase with its settings. */
  public DeployPhase(Duration healthTimeout) {
    super("deploy", "8");
    this.healthTimeout = Objects.requireNonNull(healthTimeout, "healthTimeout == null");
  }

  @Override
  protected void run(Phase.Context ctx, List<StepResult> out) {
    if (ctx.profile().engine() == com.dimosaic.vps.profile.Engine.SWARM) {
      throw new Skip("engine: swarm: the stack runs as a Swarm stack (VpsFleet.swarm), not with docker compose");
    }
    RemoteHost h = ctx.host();
    Command base = Command.of("true").inDirectory(HostLayout.STACK_DIR).asUser(HostLayout.APP_USER);
    CommandResult before = h.run(compose(base, "ps", "--format", "json"));
    // images app delivery pinned (app redeploy --image) are its business: they are on the host, maybe from a registry
    // whose login was not kept, so only the others are pulled
    StackDir pins = new StackDir(h, HostLayout.STACK_DIR, true);
    Set<String> pinned = ImagePins.read(pins).keySet();
    List<String> pull = new ArrayList<>(List.of("pull", "--ignore-buildable")); // not --quiet: its layer lines are the live progress
    ctx.profile().catalogue().enabledInDependencyOrder().stream().map(Service::name).filter(n -> !pinned.contains(n)).forEach(pull::add);
    if (pull.size() > 2) {
      streamed(ctx, "docker compose pull", compose(base, pull.toArray(String[]::new)).withTimeout(Duration.ofMinutes(30))).requireSuccess();
    }
    streamed(ctx, "docker compose build", compose(base, "build", "--quiet").withTimeout(Duration.ofMinutes(30))).requireSuccess();
    CommandResult up = streamed(ctx, "docker compose up -d", compose(base, "up", "-d", "--remove-orphans")
        .withTimeout(Duration.ofMinutes(15))).requireSuccess();
    boolean changed = (up.stdout() + up.stderr()).matches("(?s).*\\b(Created|Recreated|Started|Starting|Recreate)\\b.*");
    out.add(changed ? StepResult.changed("docker compose up -d", "containers created or recreated")
        : StepResult.unchanged("docker compose up -d"));
    StackDir stack = new StackDir(h, HostLayout.STACK_DIR, true);
    for (Service s : ctx.profile().catalogue().enabledInDependencyOrder()) {
      try {
        ctx.listener().stepStarted(name(), "waiting for " + s.name());
        Health.await(stack, s.name(), s.replicas(), healthTimeout);
      } catch (DeployException e) {
        throw new ProvisionException(ProvisionException.Reason.PHASE_FAILED, "deploy", e.getMessage(), e);
      }
      out.add(StepResult.unchanged(s.name() + (s.healthcheck().isPresent() ? " healthy" : " running")));
    }
    String state = "{\"profile\":\"" + ctx.profile().name() + "\",\"services\":" + ctx.profile().catalogue().enabledInDependencyOrder()
        .stream().map(s -> "\"" + s.name() + "\"").toList() + "}\n";
    h.run(Command.of("install", "-d", "-o", HostLayout.APP_USER, "-g", HostLayout.APP_USER, "-m", "0750", HostLayout.STATE_DIR)).requireSuccess();
    out.add(Steps.ensureFile(h, HostLayout.STATE_DIR + "/state.json", state, FileSpec.of(0640, HostLayout.APP_USER), "deployment state"));
    if (!before.ok()) {
      out.add(StepResult.changed("stack", "first deployment"));
    }
  }

  private static Command compose(Command base, String... args) {
    List<String> argv = new ArrayList<>(List.of("docker", "compose"));
    argv.addAll(List.of(args));
    return new Command(argv, new byte[0], base.environment(), base.directory(), base.user(), base.timeout());
  }}
