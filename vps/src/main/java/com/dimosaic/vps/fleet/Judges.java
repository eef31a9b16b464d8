package com.dimosaic.vps.fleet;

import com.dimosaic.vps.backup.BackupRun;
import com.dimosaic.vps.deploy.DeployReport;
import com.dimosaic.vps.drift.DriftItem;
import com.dimosaic.vps.drift.DriftReport;
import com.dimosaic.vps.phase.PhaseResult;
import com.dimosaic.vps.provision.ProvisionReport;
import com.dimosaic.vps.validation.Outcome;
import com.dimosaic.vps.validation.Status;
import com.dimosaic.vps.validation.ValidationReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The verdicts on the SDK's own reports, for fleet runs of its workflows. */
public final class Judges {
  private Judges() {}

  /** Provisioning: a case per phase; FAILED or REFUSED fail the host, a validation WARN warns. */
  public static Judge<ProvisionReport> provision() {
    return r -> {
      List<Verdict.Case> cases = new ArrayList<>();
      for (PhaseResult p : r.phases()) {
        HostStatus s = switch (p.status()) {
          case OK -> HostStatus.OK;
          case SKIPPED -> HostStatus.SKIPPED;
          case FAILED -> HostStatus.FAILED;
        };
        cases.add(new Verdict.Case(p.phase(), s, p.status() == PhaseResult.Status.OK ? p.changes() + " changed" : p.note(), p.took()));
      }
      r.validation().ifPresent(v -> cases.addAll(validationCases(v)));
      HostStatus status = switch (r.result()) {
        case SUCCESS -> r.validation().map(v -> of(v.status())).orElse(HostStatus.OK);
        case FAILED, REFUSED -> HostStatus.FAILED;
      };
      String summary = r.result() == ProvisionReport.Result.SUCCESS
          ? r.changes() + " change(s)" + r.validation().map(v -> ", validation " + v.status()).orElse("")
          : r.result().name().toLowerCase(Locale.ROOT) + ": " + r.failure().orElse("");
      return new Verdict(status, summary, cases);
    };
  }

  /** Validation: a case per check; the host's status is the report's (PASS, WARN, FAIL). */
  public static Judge<ValidationReport> validation() {
    return r -> new Verdict(of(r.status()), String.format(Locale.ROOT, "%d PASS, %d WARN, %d FAIL", r.count(Status.PASS), r.count(Status.WARN),
        r.count(Status.FAIL)) + r.problems().stream().filter(o -> o.result().status() == Status.FAIL).findFirst()
        .map(o -> ": " + o.id() + " " + o.result().detail()).orElse(""), validationCases(r));
  }

  /**
   * A deploy: its steps as cases; SUCCESS and NO_CHANGES pass (a validation WARN warns), DRY_RUN and
   * ABORTED warn, ROLLED_BACK and FAILED fail (the health gate did not pass).
   */
  public static Judge<DeployReport> deploy() {
    return r -> {
      List<Verdict.Case> cases = new ArrayList<>();
      r.steps().forEach(s -> cases.add(new Verdict.Case(s.step(), HostStatus.OK, s.detail(), Duration.ZERO)));
      r.validation().ifPresent(v -> cases.addAll(validationCases(v)));
      HostStatus status = switch (r.result()) {
        case SUCCESS, NO_CHANGES -> r.validation().map(v -> of(v.status())).orElse(HostStatus.OK);
        case DRY_RUN, ABORTED -> HostStatus.WARN;
        case ROLLED_BACK, FAILED -> HostStatus.FAILED;
      };
      if (status == HostStatus.FAILED) {
        cases.add(new Verdict.Case("deploy", HostStatus.FAILED, r.failure().orElse(r.result().name()), r.took()));
      }
      String summary = r.result().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + r.plan().summary()
          + r.failure().map(f -> " (" + f + ")").orElse("");
      return new Verdict(status, summary, cases);
    };
  }

  /** Drift: a case per drifted item (each a failure); drift found warns, none is OK. */
  public static Judge<DriftReport> drift() {
    return r -> {
      List<Verdict.Case> cases = new ArrayList<>();
      r.checked().forEach((area, n) -> cases.add(new Verdict.Case(area + " (" + n + " checked)", HostStatus.OK, "", Duration.ZERO)));
      for (DriftItem i : r.drift()) {
        cases.add(new Verdict.Case(i.toText(), HostStatus.WARN, i.detail(), Duration.ZERO));
      }
      return new Verdict(r.clean() ? HostStatus.OK : HostStatus.WARN, r.clean() ? "no drift" : r.drift().size() + " item(s) drifted", cases);
    };
  }

  /** A backup: OK with the point, its size and items. */
  public static Judge<BackupRun> backup() {
    return r -> new Verdict(HostStatus.OK, "point " + r.point() + ", " + r.bytes() + " bytes, items " + String.join(", ", r.itemNames()),
        List.of(new Verdict.Case("backup " + r.point(), HostStatus.OK, "", r.took())));
  }

  private static List<Verdict.Case> validationCases(ValidationReport r) {
    List<Verdict.Case> out = new ArrayList<>();
    for (Outcome o : r.outcomes()) {
      out.add(new Verdict.Case(o.id(), of(o.result().status()), o.result().detail(), o.took()));
    }
    return out;
  }

  private static HostStatus of(Status s) {
    return switch (s) {
      case PASS -> HostStatus.OK;
      case WARN -> HostStatus.WARN;
      case FAIL -> HostStatus.FAILED;
    };
  }
}
