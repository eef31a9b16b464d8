package com.dimosaic.vps.provision;

import com.dimosaic.vps.mox.MoxInstall;
import com.dimosaic.vps.phase.Phase;
import com.dimosaic.vps.phase.StepResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Phase 6: mox on the host (skipped with a note when mail is off or no binary source is configured). */
public final class MoxPhase extends NumberedPhase {
  private final Optional<MoxInstall.Source> source;

  /** The phase with its settings. */
  public MoxPhase(Optional<MoxInstall.Source> source) {
    super("mox", "6");
    this.source = Objects.requireNonNull(source, "source == null");
  }

  @Override
  protected void run(Phase.Context ctx, List<StepResult> out) {
    if (!ctx.profile().mail().enabled()) {
      throw new Skip("mail is disabled in the profile");
    }
    if (source.isEmpty()) {
      throw new Skip("no mox binary source given (ProvisionOptions.moxSource)");
    }
    out.addAll(MoxInstall.builder(ctx.profile(), source.get()).build().apply(ctx.host()));
  }
}
