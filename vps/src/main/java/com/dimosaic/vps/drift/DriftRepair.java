package com.dimosaic.vps.drift;

import com.dimosaic.vps.core.Failures;
import com.dimosaic.vps.phase.Phase;
import com.dimosaic.vps.phase.PhaseResult;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.Service;
import com.dimosaic.vps.profile.ServiceKind;
import com.dimosaic.vps.provision.DnsPhase;
import com.dimosaic.vps.provision.FirewallPhase;
import com.dimosaic.vps.provision.ProvisionOptions;
import com.dimosaic.vps.provision.ProvisionReport;
import com.dimosaic.vps.provision.Provisioner;
import com.dimosaic.vps.remote.RemoteHost;
import com.dimosaic.vps.rollout.CaddyRoutes;
import com.dimosaic.vps.stack.AuditLog;
import com.dimosaic.vps.stack.DeployLock;
import com.dimosaic.vps.stack.Health;
import com.dimosaic.vps.stack.StackDir;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Puts drifted items back through the same path as a deploy: the drift is the plan, shown to the
 * {@link RepairOptions#confirmation() confirmation}; then, under the deploy lock and with an audit
 * line, only the provisioning phases whose items drifted run — for real this time — followed, when
 * the stack's files or containers drifted, by a graceful Caddy reload and {@code docker compose up -d}
 * with health gates; DNS records go back through the DNS phase. Extra UFW rules and extra containers
 * are removed only with {@link RepairOptions#prune()}; records the profile does not manage are never
 * touched. A drift check afterwards says what is left.
 *
 * <pre>{@code
 * RepairReport r = vps.repairDrift(profile, provisionOptions, RepairOptions.builder().yes().who("ops").build(), listener);
 * }</pre>
 */
public final class DriftRepair {
  private final RemoteHost host;
  private final Profile profile;
  private final ProvisionOptions options;

  /** A repair of {@code profile}'s drift on {@code host}. */
  public DriftRepair(RemoteHost host, Profile profile, ProvisionOptions options) {
    this.host = Objects.requireNonNull(host, "host == null");
    this.profile = Objects.requireNonNull(profile, "profile == null");
    this.options = Objects.requireNonNull(options, "options == null");
  }

  /** Checks, confirms, repairs, checks again (see the class description). */
  public RepairReport repair(RepairOptions o, ProgressListener listener) {
    Drift drift = new Drift(host, profile, options);
    DriftReport before = drift.check(ProgressListener.NONE);
    listener.message(before.toText());
    Set<String> wanted = before.phasesToRepair(o.prune());
    if (wanted.isEmpty()) {
      return new RepairReport(before, RepairReport.Result.NO_DRIFT, List.of(), Optional.of(before), Optional.empty());
    }
    StackDir stack = StackDir.of(host);
    try (DeployLock lock = DeployLock.acquire(stack, new DeployLock.Holder(o.who(), Instant.now(), "drift", "drift repair"),
        o.lockWait())) {
      if (!o.confirmation().confirm(before)) {
        audit(stack, o, "aborted", before.drift().size() + " item(s) of drift");
        return new RepairReport(before, RepairReport.Result.ABORTED, List.of(), Optional.empty(), Optional.empty());
      }
      audit(stack, o, "started", String.join(", ", wanted));
      List<Phase> phases = new ArrayList<>();
      for (Phase p : drift.phases(true)) {
        if (wanted.contains(p.name())) {
          phases.add(p.name().equals("firewall") ? new FirewallPhase(o.prune()) : p);
        }
      }
      if (wanted.contains("dns")) {
        phases.add(new DnsPhase(options.dnsProviders()));
      }
      List<PhaseResult> results = new ArrayList<>();
      ProvisionReport run = Provisioner.of(phases).run(host, profile, listener);
      results.addAll(run.phases());
      if (run.result() != ProvisionReport.Result.SUCCESS) {
        String why = run.failure().orElse("a phase failed");
        audit(stack, o, "failed", why);
        return new RepairReport(before, RepairReport.Result.FAILED, results, Optional.empty(), Optional.of(why));
      }
      boolean files = results.stream().anyMatch(r -> r.phase().equals("docker environment") && r.steps().stream().anyMatch(
          StepResult::changed));
      if (files || wanted.contains("deploy")) {
        try {
          results.add(containers(stack, files, o, listener));
        } catch (RuntimeException e) {
          String why = host.redactor().apply(Failures.describe(e));
          audit(stack, o, "failed", why);
          return new RepairReport(before, RepairReport.Result.FAILED, results, Optional.empty(), Optional.of(why));
        }
      }
      DriftReport after = drift.check(ProgressListener.NONE);
      audit(stack, o, "success", before.drift().size() + " item(s) before, " + after.drift().size() + " after");
      return new RepairReport(before, RepairReport.Result.REPAIRED, results, Optional.of(after), Optional.empty());
    }
  }

  /** Caddy reloads the Caddyfile gracefully; compose starts what is missing and recreates what differs; every service healthy. */
  private PhaseResult containers(StackDir stack, boolean files, RepairOptions o, ProgressListener listener) {
    long t0 = System.nanoTime();
    listener.phaseStarted("deploy");
    List<StepResult> steps = new ArrayList<>();
    Optional<Service> caddy = profile.catalogue().firstOfKind(ServiceKind.CADDY);
    if (files && caddy.isPresent() && !stack.run(stack.compose("ps", "-q", "--status", "running", caddy.get().name())).stdout().isBlank()) {
      new CaddyRoutes(stack, caddy.get().name()).reload();
      steps.add(StepResult.changed("caddy reload", "the Caddyfile as the profile renders it (graceful)"));
    }
    List<String> up = new ArrayList<>(List.of("up", "-d"));
    if (o.prune()) {
      up.add("--remove-orphans");
    }
    String out = stack.composeOk(Duration.ofMinutes(15), up.toArray(String[]::new)).stderr();
    boolean changed = out.matches("(?s).*\\b(Created|Recreated|Started|Starting|Recreate|Removed|Removing)\\b.*");
    steps.add(changed ? StepResult.changed("docker compose " + String.join(" ", up), "containers started, recreated or removed")
        : StepResult.unchanged("docker compose " + String.join(" ", up)));
    for (Service s : profile.catalogue().enabledInDependencyOrder()) {
      Health.await(stack, s.name(), s.replicas(), o.healthTimeout());
    }
    steps.add(StepResult.unchanged("every service healthy"));
    steps.forEach(s -> listener.stepFinished("deploy", s));
    PhaseResult r = new PhaseResult("deploy", PhaseResult.Status.OK, steps, Duration.ofNanos(System.nanoTime() - t0), "");
    listener.phaseFinished(r);
    return r;
  }

  private static void audit(StackDir stack, RepairOptions o, String result, String detail) {
    AuditLog.append(stack, new AuditLog.Event(Instant.now(), o.who(), "drift-repair", "", result, detail));
  }
}
