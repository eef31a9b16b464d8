package com.dimosaic.vps.provision;

import com.dimosaic.vps.phase.Phase;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A provisioning phase with its number in the outline ({@link ProvisioningOutline}): subclasses
 * append their steps in {@link #run}, and each step reaches the listener as it finishes. A phase that
 * does not apply throws {@link Skip} with the reason.
 */
public abstract class NumberedPhase implements Phase {
  private final String name;
  private final String number;

  /** A phase with its name (e.g. {@code firewall}) and its number in the outline (e.g. {@code 4}). */
  protected NumberedPhase(String name, String number) {
    this.name = name;
    this.number = number;
  }

  @Override
  public final String name() {
    return name;
  }

  /** The number in the outline. */
  public final String number() {
    return number;
  }

  @Override
  public List<String> describe(Profile profile) {
    return ProvisioningOutline.of(profile).stream().filter(o -> o.number().equals(number)).findFirst()
        .map(PhaseOutline::steps).orElse(List.of());
  }

  @Override
  public final List<StepResult> execute(Phase.Context context) {
    List<StepResult> out = new ArrayList<>();
    run(context, new ArrayList<StepResult>() {
      private static final long serialVersionUID = 1L;

      @Override
      public boolean add(StepResult s) {
        out.add(s);
        context.listener().stepFinished(name, s);
        return true;
      }

      @Override
      public boolean addAll(Collection<? extends StepResult> c) {
        c.forEach(this::add);
        return !c.isEmpty();
      }
    });
    return out;
  }

  /** Runs the phase's steps, appending each to {@code out} as it finishes. */
  protected abstract void run(Phase.Context ctx, List<StepResult> out);

  /**
   * Runs a command that may take a while as step {@code step}: the listener hears that it started and
   * each line of its output (redacted by the session's host), so that a display can show it live.
   */
  protected final CommandResult streamed(Phase.Context ctx, String step, Command command) {
    ProgressListener l = ctx.listener();
    l.stepStarted(name, step);
    return ctx.host().run(command, (stream, line) -> l.output(name, line));
  }

  /** {@link Steps#ensurePackages}, with apt's output streamed to the listener while it installs. */
  protected final StepResult ensurePackages(Phase.Context ctx, List<String> packages, boolean recommends) {
    ProgressListener l = ctx.listener();
    l.stepStarted(name, "packages " + String.join(" ", packages));
    return Steps.ensurePackages(ctx.host(), packages, recommends, (stream, line) -> l.output(name, line));
  }

  /** Sleeps; false when interrupted (the flag is kept). */
  protected static boolean sleep(long ms) {
    try {
      Thread.sleep(ms);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Thrown inside {@link #run} to skip the phase with a note; control flow of the provisioner, never seen by a caller. */
  static final class Skip extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Skip(String note) {
      super(note, null, false, false);
    }
  }
}
