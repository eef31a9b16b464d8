package com.dimosaic.vps.deploy;

import com.dimosaic.vps.core.Failures;
import com.dimosaic.vps.core.HostLayout;
import com.dimosaic.vps.dns.ZonePlan;
import com.dimosaic.vps.mox.CertSync;
import com.dimosaic.vps.mox.MoxInstall;
import com.dimosaic.vps.phase.PhaseResult;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.Service;
import com.dimosaic.vps.profile.ServiceKind;
import com.dimosaic.vps.remote.OutputListener;
import com.dimosaic.vps.remote.RemoteHost;
import com.dimosaic.vps.render.RenderedFile;
import com.dimosaic.vps.rollout.BlueGreen;
import com.dimosaic.vps.rollout.CaddyRoutes;
import com.dimosaic.vps.rollout.Strategy;
import com.dimosaic.vps.rollout.Switch;
import com.dimosaic.vps.secrets.sops.SopsSecrets;
import com.dimosaic.vps.stack.AuditLog;
import com.dimosaic.vps.stack.Checkout;
import com.dimosaic.vps.stack.DeployException;
import com.dimosaic.vps.stack.DeployLock;
import com.dimosaic.vps.stack.Health;
import com.dimosaic.vps.stack.ImagePins;
import com.dimosaic.vps.stack.StackDir;
import com.dimosaic.vps.stack.StackFiles;
import com.dimosaic.vps.validation.ServiceAccess;
import com.dimosaic.vps.validation.Status;
import com.dimosaic.vps.validation.ValidationReport;
import com.dimosaic.vps.validation.Validator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deploy workflow on a provisioned host: lock, current state, plan, confirmation, backup, staged
 * apply (files, checked first by the running Caddy, and a graceful Caddy reload; pulls; per service
 * in dependency order its {@link Strategy strategy} — a {@link BlueGreen blue/green} switch behind
 * Caddy, or a stop-start — and a health wait, with an automatic restore of the backup and the
 * previous images on failure; new databases; removed services), mox, validation, state and audit.
 *
 * <pre>{@code
 * DeployReport r = vps.deploy(profile, DeployOptions.builder().yes().build(), listener);
 * }</pre>
 */
public final class Deployer {
  private static final Logger log = LoggerFactory.getLogger(Deployer.class);
  private static final String PHASE = "deploy";
  private static final String VERSION = Optional.ofNullable(Deployer.class.getPackage().getImplementationVersion()).orElse("dev");

  private final RemoteHost host;
  private final ProgressListener listener;

  /** A deployer for a host connection. */
  public Deployer(RemoteHost host, ProgressListener listener) {
    this.host = host;
    this.listener = listener;
  }

  /** Runs a deploy (see the class description). */
  public DeployReport deploy(Profile profile, DeployOptions o) {
    long t0 = System.nanoTime();
    if (profile.secrets() instanceof SopsSecrets sops) {
      sops.verify(); // a wrong key or a tampered file shows before the host is touched
    }
    StackDir stack = StackDir.of(host);
    List<RenderedFile> files = StackFiles.render(host, profile);
    try (DeployDns dns = DeployDns.plan(host, profile, o.dnsProviders(), !stack.asApp())) {
      return deploy(profile, o, stack, files, dns, t0);
    }
  }

  private DeployReport deploy(Profile profile, DeployOptions o, StackDir stack, List<RenderedFile> files, DeployDns dns, long t0) {
    List<String> order = profile.catalogue().enabledInDependencyOrder().stream().map(Service::name).toList();
    Map<String, Strategy> strategies = new LinkedHashMap<>();
    profile.catalogue().enabledInDependencyOrder().forEach(s -> strategies.put(s.name(), Strategy.of(profile.catalogue(), s)));
    if (o.dryRun()) {
      DeployPlan plan = PlanDiff.compute(current(stack, files), files, order, stack.stateDir() + "/backups/<timestamp>",
          ImagePins.read(stack).keySet(), lines(dns.plans()), strategies);
      listener.message(plan.toText());
      validateCaddyfile(stack, profile, plan, files);
      return new DeployReport(plan, DeployReport.Result.DRY_RUN, Optional.empty(), List.of(), since(t0), Optional.empty(), Optional.empty());
    }
    try (DeployLock lock = DeployLock.acquire(stack, new DeployLock.Holder(o.who(), Instant.now(), VERSION, o.message()), o.lockWait())) {
      Map<String, byte[]> current = current(stack, files);
      DeployPlan plan = PlanDiff.compute(current, files, order, stack.stateDir() + "/backups/<timestamp>", ImagePins.read(stack).keySet(),
          lines(dns.plans()), strategies);
      listener.message(plan.toText());
      try {
        validateCaddyfile(stack, profile, plan, files);
      } catch (DeployException e) {
        audit(stack, o, "deploy", plan.hash(), "failed", "Caddy rejects the new Caddyfile; nothing was changed");
        throw e;
      }
      if (plan.isEmpty()) {
        return new DeployReport(plan, DeployReport.Result.NO_CHANGES, Optional.empty(), List.of(), since(t0), Optional.empty(),
            Optional.empty());
      }
      if (!o.confirmation().confirm(plan)) {
        audit(stack, o, "deploy", plan.hash(), "aborted", plan.summary());
        return new DeployReport(plan, DeployReport.Result.ABORTED, Optional.empty(), List.of(), since(t0), Optional.empty(),
            Optional.empty());
      }
      audit(stack, o, "deploy", plan.hash(), "started", plan.summary());
      List<StepResult> steps = new ArrayList<>();
      long applyStart = System.nanoTime();
      // one phase from the backup to the recorded state: a live display shows each step while it runs
      listener.phaseStarted(PHASE);
      PhaseResult.Status status = PhaseResult.Status.FAILED;
      try {
        DeployReport report = backupAndApply(stack, profile, plan, current, files, o, dns, steps, t0);
        status = report.result() == DeployReport.Result.SUCCESS ? PhaseResult.Status.OK : PhaseResult.Status.FAILED;
        return report;
      } finally {
        listener.phaseFinished(new PhaseResult(PHASE, status, List.copyOf(steps), since(applyStart), ""));
      }
    }
  }

  private DeployReport backupAndApply(StackDir stack, Profile profile, DeployPlan plan, Map<String, byte[]> current,
      List<RenderedFile> files, DeployOptions o, DeployDns dns, List<StepResult> steps, long t0) {
    List<String> recipients = profile.secrets() instanceof SopsSecrets sops ? sops.recipients() : List.of();
    listener.stepStarted(PHASE, "backup");
    Backups.Point backup = Backups.create(stack, current, recipients, o.who(), plan.hash(), plan.summary());
    step(steps, StepResult.changed("backup", backup.timestamp()));
    try {
      apply(stack, profile, plan, files, o, dns, steps);
    } catch (RuntimeException e) {
      String why = host.redactor().apply(Failures.describe(e));
      log.warn("deploy failed, restoring {}: {}", backup.timestamp(), why);
      try {
        Restore.apply(stack, Backups.read(stack, backup.timestamp(), identities(profile)), plan.recreate(), o.healthTimeout(),
            s -> step(steps, s));
      } catch (RuntimeException restore) {
        String restoreWhy = host.redactor().apply(Failures.describe(restore));
        audit(stack, o, "deploy", plan.hash(), "failed", "restore failed: " + restoreWhy);
        return new DeployReport(plan, DeployReport.Result.FAILED, Optional.of(backup), steps, since(t0),
            Optional.of(why + "\nthe automatic restore of " + backup.timestamp() + " failed too: " + restoreWhy), Optional.empty());
      }
      audit(stack, o, "deploy", plan.hash(), "rolled-back", firstLine(why));
      return new DeployReport(plan, DeployReport.Result.ROLLED_BACK, Optional.of(backup), steps, since(t0),
          Optional.of(why + "\nrestored " + backup.timestamp() + " and the previous images; the previous services answer again"),
          Optional.empty());
    }
    Optional<ValidationReport> validation = Optional.empty();
    if (o.validate()) {
      listener.stepStarted(PHASE, "validation");
      ValidationReport v = Validator.builder(profile, host).options(o.validation()).services(ServiceAccess.compose(stack.dir(), "app"))
          .untilHealthy(o.healthTimeout()).build().validate();
      validation = Optional.of(v);
      step(steps, StepResult.unchanged("validation: " + v.count(Status.PASS) + " passed, " + v.count(Status.WARN) + " warnings, "
          + v.count(Status.FAIL) + " failed"));
    }
    State.record(stack, profile, plan.hash(), "deploy", backup.timestamp());
    Backups.prune(stack, o.keepBackups());
    audit(stack, o, "deploy", plan.hash(), "success", plan.summary());
    return new DeployReport(plan, DeployReport.Result.SUCCESS, Optional.of(backup), steps, since(t0), Optional.empty(), validation);
  }

  private void apply(StackDir stack, Profile profile, DeployPlan plan, List<RenderedFile> files, DeployOptions o, DeployDns dns,
      List<StepResult> steps) {
    // 0. DNS first: a new site's name resolves before Caddy asks a CA for its certificate
    if (!plan.dnsChanges().isEmpty()) {
      step(steps, StepResult.changed("dns", dns.apply() + " change(s) sent to " + dns.providerName()));
    }
    // 1. files (single-file mounts rewritten in place) and a Caddy reload for Caddyfile-only changes
    for (RenderedFile f : files) {
      if (plan.changedFiles().contains(f.path())) {
        int slash = f.path().lastIndexOf('/');
        if (slash > 0) {
          stack.run(stack.command(List.of("mkdir", "-p", "-m", "0755", stack.dir() + "/" + f.path().substring(0, slash)))).requireSuccess();
        }
        step(steps, StackFiles.upload(host, f));
      }
    }
    Optional<Service> caddy = profile.catalogue().firstOfKind(ServiceKind.CADDY);
    if (plan.changedFiles().contains("Caddyfile") && caddy.isPresent() && !plan.recreate().contains(caddy.get().name())) {
      listener.stepStarted(PHASE, "reload " + caddy.get().name());
      new CaddyRoutes(stack, caddy.get().name()).reload();
      step(steps, StepResult.changed("caddy reload", "sites +" + plan.sitesAdded().size() + " -" + plan.sitesRemoved().size() + " ~"
          + plan.sitesChanged().size() + " (graceful)"));
    }
    // 2. images first (nothing is stopped while pulling), then each service in dependency order behind its health gate
    if (!plan.unpin().isEmpty()) {
      step(steps, StepResult.changed("unpin", String.join(", ", ImagePins.unpin(stack, plan.unpin()))));
    }
    List<String> pulls = plan.recreate().stream().filter(s -> plan.imageUpdates().containsKey(s) || plan.addedServices().contains(s))
        .toList();
    if (!pulls.isEmpty()) {
      List<String> args = new ArrayList<>(List.of("pull", "--ignore-buildable")); // not --quiet: its layer lines are the live progress
      args.addAll(pulls);
      listener.stepStarted(PHASE, "pull " + String.join(", ", pulls));
      stack.composeOk(Duration.ofMinutes(30), output(), args.toArray(String[]::new));
      step(steps, StepResult.changed("pull", String.join(", ", pulls)));
    }
    Map<String, Service> byName = new LinkedHashMap<>();
    profile.catalogue().enabledInDependencyOrder().forEach(s -> byName.put(s.name(), s));
    for (String name : plan.recreate()) {
      Service s = byName.get(name);
      if (s.build().isPresent()) {
        s.build().filter(b -> b.fromGit()).ifPresent(b -> Checkout.ensure(stack, stack.dir() + "/" + b.context(), b.git().orElseThrow(),
            b.ref()).ifPresent(c -> step(steps, StepResult.changed("checkout " + name, b.context() + " cloned at " + c.commit()))));
        listener.stepStarted(PHASE, "build " + name);
        stack.composeOk(Duration.ofMinutes(30), output(), "build", "--quiet", name);
      }
      String done = plan.addedServices().contains(name) ? "started, healthy"
          : plan.imageUpdates().containsKey(name) ? "updated (" + plan.imageUpdates().get(name) + "), healthy" : "recreated, healthy";
      Optional<BlueGreen> blueGreen = caddy.filter(c -> !plan.addedServices().contains(name)
          && Strategy.of(profile.catalogue(), s) == Strategy.BLUE_GREEN).map(c -> new BlueGreen(stack, c.name()))
          .filter(b -> !b.running(name).isEmpty());
      if (blueGreen.isPresent()) {
        Switch sw = blueGreen.get().replace(s, profile.catalogue().routes(), o.healthTimeout(), s.rollout().drain(),
            what -> listener.stepStarted(PHASE, what));
        step(steps, StepResult.changed(name, done + ", blue-green: " + sw.toText().substring(name.length() + 2)));
      } else {
        listener.stepStarted(PHASE, "recreate " + name);
        stack.composeOk(Duration.ofMinutes(10), output(), "up", "-d", "--no-deps", name);
        listener.stepStarted(PHASE, "waiting for " + name);
        Health.await(stack, name, s.replicas(), o.healthTimeout());
        step(steps, StepResult.changed(name, done));
      }
      if (s.kind() == ServiceKind.POSTGRES && !plan.newDatabases().isEmpty()) {
        // init-db.sh creates only missing roles and databases; the passwords are already in the container's environment
        stack.composeOk(Duration.ofMinutes(5), "exec", "-T", "-u", "postgres", name, "bash", "/docker-entrypoint-initdb.d/10-init-db.sh");
        step(steps, StepResult.changed("databases", "created if missing: " + String.join(", ", plan.newDatabases())));
      }
    }
    // 3. services no longer in the profile: stopped and removed; volumes and data stay
    if (!plan.removedServices().isEmpty()) {
      stack.composeOk(Duration.ofMinutes(5), "up", "-d", "--remove-orphans", "--no-recreate");
      step(steps, StepResult.changed("removed", String.join(", ", plan.removedServices()) + " (volumes kept)"));
    }
    // 4. mox: configuration (and the binary on request) through the installer; certificates re-synced
    if (profile.mail().enabled() && !stack.asApp()) {
      step(steps, StepResult.unchanged("mox (not updated: mox is managed as root; this session is app)"));
    } else if (profile.mail().enabled() && host.exists(HostLayout.MOX_HOME + "/mox")) {
      MoxInstall.Source source = o.moxSource().orElse(MoxInstall.Source.installed());
      List<StepResult> mox = MoxInstall.builder(profile, source).build().apply(host);
      if (mox.stream().anyMatch(StepResult::changed)) {
        mox.stream().filter(StepResult::changed).forEach(r -> step(steps, r));
      } else {
        step(steps, StepResult.unchanged("mox (binary, configuration, unit: " + mox.size() + " steps unchanged)"));
      }
      CertSync sync = CertSync.builder(profile.domains().mailFqdn())
          .caddyDataDir("/var/lib/docker/volumes/" + profile.name() + "_caddy_data/_data/caddy").dane(profile.mail().dane()).build();
      sync.install(host).stream().filter(StepResult::changed).forEach(r -> step(steps, r));
      step(steps, sync.run(host));
    }
  }

  /**
   * A changed Caddyfile is checked by the running Caddy before anything is uploaded: one it rejects
   * changes nothing. (On a host where Caddy does not run yet there is nothing to check it with.)
   */
  private static void validateCaddyfile(StackDir stack, Profile profile, DeployPlan plan, List<RenderedFile> files) {
    Optional<Service> caddy = profile.catalogue().firstOfKind(ServiceKind.CADDY);
    if (!plan.changedFiles().contains("Caddyfile") || caddy.isEmpty()
        || stack.run(stack.compose("ps", "-q", "--status", "running", caddy.get().name())).stdout().isBlank()) {
      return;
    }
    files.stream().filter(f -> f.path().equals("Caddyfile")).findFirst()
        .ifPresent(f -> new CaddyRoutes(stack, caddy.get().name()).validate(f.content()));
  }

  /** The running command's lines, to the listener (the session's host has redacted them already). */
  private OutputListener output() {
    return (stream, line) -> listener.output(PHASE, line);
  }

  private static List<String> lines(List<ZonePlan> plans) {
    List<String> out = new ArrayList<>();
    for (ZonePlan z : plans) {
      z.changes().forEach(c -> out.add(c.display() + " (zone " + z.zone() + ")"));
    }
    return out;
  }

  private void step(List<StepResult> steps, StepResult s) {
    steps.add(s);
    listener.stepFinished(PHASE, s);
  }

  /** The deploy folder's current copy of every file the profile renders. */
  static Map<String, byte[]> current(StackDir stack, List<RenderedFile> files) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (RenderedFile f : files) {
      stack.read(f.path()).ifPresent(b -> out.put(f.path(), b));
    }
    return out;
  }

  static List<com.dimosaic.vps.secrets.age.AgeIdentity> identities(Profile profile) {
    if (profile.secrets() instanceof SopsSecrets sops) {
      return sops.keys().load();
    }
    throw new DeployException(DeployException.Reason.INVALID, "the backup's .env can only be decrypted with the profile's age keys (a SOPS secrets file)");
  }

  static void audit(StackDir stack, DeployOptions o, String action, String hash, String result, String detail) {
    AuditLog.append(stack, new AuditLog.Event(Instant.now(), o.who(), action, hash, result, detail));
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }
}
