package com.dimosaic.vps.provision;

import com.dimosaic.vps.core.HostLayout;
import com.dimosaic.vps.phase.Phase;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.remote.RemoteHost;
import com.dimosaic.vps.validation.ServiceAccess;
import com.dimosaic.vps.validation.Status;
import com.dimosaic.vps.validation.ValidationOptions;
import com.dimosaic.vps.validation.ValidationReport;
import com.dimosaic.vps.validation.Validator;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Phase 10: the validator's checks. The report is the phase's result ({@code Context.put}, read by
 * the provisioner into {@link ProvisionReport#validation()}); a FAIL fails the phase, and names each
 * failed check. A check that throws is that check's FAIL, never an abort of the run (the validator
 * catches it).
 */
public final class ValidationPhase extends NumberedPhase {
  private final BiFunction<Profile, RemoteHost, Validator.Builder> validators;

  /** The phase with the validator it builds for the profile and the phase's host. */
  public ValidationPhase(BiFunction<Profile, RemoteHost, Validator.Builder> validators) {
    super("validation", "10");
    this.validators = Objects.requireNonNull(validators, "validators == null");
  }

  /**
   * The validator's generated checks with these options, through {@code docker compose exec} in the
   * stack folder as the app user, re-run until healthy for at most {@code untilHealthy}.
   */
  public static ValidationPhase standard(ValidationOptions options, Duration untilHealthy) {
    return new ValidationPhase((p, host) -> Validator.builder(p, host).options(options)
        .services(ServiceAccess.compose(HostLayout.STACK_DIR, HostLayout.APP_USER)).untilHealthy(untilHealthy));
  }

  @Override
  protected void run(Phase.Context ctx, List<StepResult> out) {
    ValidationReport r = validators.apply(ctx.profile(), ctx.host()).build().validate();
    ctx.put(ValidationReport.class, r);
    out.add(StepResult.unchanged(r.count(Status.PASS) + " passed, " + r.count(Status.WARN) + " warnings, " + r.count(Status.FAIL)
        + " failed"));
    if (r.status() == Status.FAIL) {
      throw new ProvisionException(ProvisionException.Reason.PHASE_FAILED, "validation", r.count(Status.FAIL) + " check(s) failed:\n"
          + r.problems().stream().filter(o -> o.result().status() == Status.FAIL).map(o -> "  ✗ " + o.id() + ": " + o.result().detail())
          .reduce((a, b) -> a + "\n" + b).orElse(""));
    }
  }
}
