package com.dimosaic.vps.provision;

import com.dimosaic.vps.core.Failures;
import com.dimosaic.vps.core.VpsException;
import com.dimosaic.vps.phase.Phase;
import com.dimosaic.vps.phase.PhaseResult;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.remote.RemoteHost;
import com.dimosaic.vps.validation.ValidationReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the provisioning phases in order against a host: each phase's steps are idempotent and report
 * changed or unchanged; a failing phase runs its cleanup and stops the run; progress goes to the
 * listener. A second run on a provisioned host changes nothing.
 */
public final class Provisioner {
  private static final Logger log = LoggerFactory.getLogger(Provisioner.class);

  private final List<Phase> phases;

  private Provisioner(List<Phase> phases) {
    this.phases = List.copyOf(phases);
  }

  /** The standard phases (pre-flight … validation) with these options; validation only when {@code o.validate()}. */
  public static Provisioner standard(ProvisionOptions o) {
    List<Phase> list = new ArrayList<>(List.of(new PreflightPhase(), new SystemPhase(), new UsersPhase(), new FirewallPhase(),
        new DockerPhase(o.dockerRepository()), new MoxPhase(o.moxSource()), new DnsPhase(o.dnsProviders()), new EnvironmentPhase(),
        new DeployPhase(o.healthTimeout()), new CertificatesPhase(o.caddyDataDir(), o.healthTimeout(), o.dnsProviders()),
        new BackupsPhase()));
    if (o.validate()) {
      list.add(ValidationPhase.standard(o.validation(), o.healthTimeout()));
    }
    return new Provisioner(list);
  }

  /** Runs only the given phases (tests, partial runs). */
  public static Provisioner of(List<Phase> phases) {
    return new Provisioner(phases);
  }

  /** The phases. */
  public List<Phase> phases() {
    return phases;
  }

  /** Runs every phase in order until one fails; the report holds the validation phase's report when it ran. */
  public ProvisionReport run(RemoteHost host, Profile profile, ProgressListener listener) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    // the steps a phase finished before it failed stay in the report
    List<StepResult> finished = new ArrayList<>();
    ProgressListener recording = new ProgressListener() {
      @Override
      public void phaseStarted(String phase) {
        listener.phaseStarted(phase);
      }

      @Override
      public void stepStarted(String phase, String step) {
        listener.stepStarted(phase, step);
      }

      @Override
      public void output(String phase, String line) {
        listener.output(phase, line);
      }

      @Override
      public void stepFinished(String phase, StepResult step) {
        finished.add(step);
        listener.stepFinished(phase, step);
      }

      @Override
      public void phaseFinished(PhaseResult result) {
        listener.phaseFinished(result);
      }

      @Override
      public void message(String text) {
        listener.message(text);
      }
    };
    Phase.Context ctx = Phase.Context.of(host, profile, recording);
    List<PhaseResult> results = new ArrayList<>();
    ProvisionReport.Result result = ProvisionReport.Result.SUCCESS;
    Optional<String> failure = Optional.empty();
    for (Phase phase : phases) {
      listener.phaseStarted(phase.name());
      finished.clear();
      long p0 = System.nanoTime();
      PhaseResult r;
      try {
        List<StepResult> steps = phase.execute(ctx);
        r = new PhaseResult(phase.name(), PhaseResult.Status.OK, steps, Duration.ofNanos(System.nanoTime() - p0), "");
      } catch (NumberedPhase.Skip skip) {
        r = new PhaseResult(phase.name(), PhaseResult.Status.SKIPPED, List.of(), Duration.ofNanos(System.nanoTime() - p0), skip.getMessage());
      } catch (RuntimeException e) {
        if (e instanceof VpsException v) {
          v.redact(host.redactor()); // before its trace is logged
        }
        String why = host.redactor().apply(Failures.describe(e));
        log.debug("phase {} failed", phase.name(), e);
        try {
          phase.cleanup(ctx, e);
        } catch (RuntimeException cleanup) {
          if (cleanup instanceof VpsException v) {
            v.redact(host.redactor());
          }
          // logged with its trace and named in the result: a failed cleanup may have left partial work behind
          log.warn("cleanup of {} after '{}' failed", phase.name(), why, cleanup);
          why = why + " (cleanup failed too: " + host.redactor().apply(Failures.describe(cleanup)) + ")";
        }
        r = new PhaseResult(phase.name(), PhaseResult.Status.FAILED, List.copyOf(finished), Duration.ofNanos(System.nanoTime() - p0), why);
        result = phase.name().equals("pre-flight") ? ProvisionReport.Result.REFUSED : ProvisionReport.Result.FAILED;
        failure = Optional.of(why);
      }
      results.add(r);
      listener.phaseFinished(r);
      if (r.status() == PhaseResult.Status.FAILED) {
        break;
      }
    }
    return new ProvisionReport(profile.name(), host.describe(), started, Duration.ofNanos(System.nanoTime() - t0), results, result, failure,
        ctx.get(ValidationReport.class));
  }
}
