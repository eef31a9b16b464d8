package com.dimosaic.vps.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.dimosaic.vps.phase.Phase;
import com.dimosaic.vps.phase.PhaseResult;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.remote.RemoteHost;
import com.dimosaic.vps.validation.ValidationReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The provisioner keeps every failure it sees: one without a message, a failed cleanup, and a phase's result for the report. */
class ProvisionerTest {
  static RemoteHost host() {
    RemoteHost h = mock(RemoteHost.class);
    when(h.redactor()).thenReturn(com.dimosaic.vps.secrets.Redactor.NONE); // a mock answers null for default methods
    when(h.describe()).thenReturn("root@test:22");
    return h;
  }

  static Phase phase(String name, Runnable body, Runnable cleanup) {
    return new Phase() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<String> describe(Profile profile) {
        return List.of();
      }

      @Override
      public List<StepResult> execute(Context context) {
        body.run();
        return List.of(StepResult.unchanged(name + " ran"));
      }

      @Override
      public void cleanup(Context context, Throwable failure) {
        cleanup.run();
      }
    };
  }

  @Test
  void aFailureWithoutAMessageIsNamedByItsType() {
    ProvisionReport r = Provisioner.of(List.of(phase("one", () -> { throw new NullPointerException(); }, () -> {})))
        .run(host(), PhasesTest.demo(), ProgressListener.NONE);
    assertEquals(ProvisionReport.Result.FAILED, r.result());
    assertEquals("NullPointerException", r.failure().orElseThrow());
    assertEquals("NullPointerException", r.phases().get(0).note());
  }

  @Test
  void aFailedCleanupIsNamedBesideTheOriginalFailureAndTheRunStops() {
    List<String> ran = new java.util.ArrayList<>();
    ProvisionReport r = Provisioner.of(List.of(
        phase("one", () -> { throw new IllegalStateException("disk full"); }, () -> { throw new IllegalStateException("rm failed"); }),
        phase("two", () -> ran.add("two"), () -> {}))).run(host(), PhasesTest.demo(), ProgressListener.NONE);
    assertEquals(ProvisionReport.Result.FAILED, r.result());
    String why = r.failure().orElseThrow();
    assertTrue(why.startsWith("disk full") && why.contains("cleanup failed too: rm failed"), why);
    assertEquals(List.of(), ran, "a failed phase stops the run");
    assertEquals(PhaseResult.Status.FAILED, r.phases().get(0).status());
  }

  @Test
  void aPhaseResultReachesTheReportWithoutAnOutParameter() {
    ValidationReport v = new ValidationReport("demo", "root@test:22", Instant.now(), Duration.ZERO, List.of());
    Phase leaves = new Phase() {
      @Override
      public String name() {
        return "validation";
      }

      @Override
      public List<String> describe(Profile profile) {
        return List.of();
      }

      @Override
      public List<StepResult> execute(Context context) {
        context.put(ValidationReport.class, v);
        return List.of();
      }
    };
    ProvisionReport r = Provisioner.of(List.of(leaves)).run(host(), PhasesTest.demo(), ProgressListener.NONE);
    assertEquals(ProvisionReport.Result.SUCCESS, r.result());
    assertEquals(v, r.validation().orElseThrow());
  }

  /** Long steps reach the listener as they start and as they print (issue 19.11). */
  @Test
  void stepStartsAndOutputReachTheListener() {
    RemoteHost h = host();
    when(h.run(org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any())).thenAnswer(inv -> {
      ((com.dimosaic.vps.remote.OutputListener) inv.getArgument(1)).line(com.dimosaic.vps.remote.OutputListener.Stream.STDOUT, "Pulled");
      return new com.dimosaic.vps.remote.CommandResult("x", 0, "Pulled\n", "", Duration.ZERO);
    });
    NumberedPhase phase = new NumberedPhase("pull", "8") {
      @Override
      protected void run(Context ctx, List<StepResult> out) {
        streamed(ctx, "docker compose pull", com.dimosaic.vps.remote.Command.of("docker", "compose", "pull")).requireSuccess();
        out.add(StepResult.changed("docker compose pull", "pulled"));
      }
    };
    List<String> seen = new java.util.ArrayList<>();
    Provisioner.of(List.of(phase)).run(h, PhasesTest.demo(), new ProgressListener() {
      @Override
      public void stepStarted(String p, String step) {
        seen.add("started " + step);
      }

      @Override
      public void output(String p, String line) {
        seen.add("output " + line);
      }

      @Override
      public void stepFinished(String p, StepResult step) {
        seen.add("finished " + step.step());
      }
    });
    assertEquals(List.of("started docker compose pull", "output Pulled", "finished docker compose pull"), seen);
  }
}
