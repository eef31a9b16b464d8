package com.dimosaic.vps.backup;

import com.dimosaic.vps.core.HostLayout;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Database;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.Service;
import com.dimosaic.vps.profile.ServiceKind;
import com.dimosaic.vps.profile.VolumeMount;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.remote.RemoteHost;
import com.dimosaic.vps.stack.AuditLog;
import com.dimosaic.vps.stack.DeployLock;
import com.dimosaic.vps.stack.Health;
import com.dimosaic.vps.stack.StackDir;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A host's data backups for a profile: a backup now, the points in the repository, a plan-first restore of a
 * point (all of it or some items) under the deploy lock with an audit line, and the restore drill. Everything
 * runs through the {@code vps-backup} command provisioning installed ({@link BackupInstall}), as root; restic
 * reads the repository password from a file, so no secret is ever in a command line.
 *
 * <pre>{@code
 * DataBackups backups = vps.backups(profile);
 * BackupRun run = backups.now(listener);
 * RestoreReport r = backups.restore("latest", RestoreOptions.builder().only(List.of("postgres:app")).build(), listener);
 * DrillReport drill = backups.verify("latest", "100%", listener);
 * }</pre>
 */
public final class DataBackups {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern POINT = Pattern.compile("[0-9]{8}T[0-9]{6}Z");
  private static final String PHASE = "backup";
  private static final String STAGING = HostLayout.BACKUP_STATUS_DIR + "/restore";

  private final RemoteHost host;
  private final Profile profile;

  /** Backups of {@code profile} on {@code host} (a root session). */
  public DataBackups(RemoteHost host, Profile profile) {
    this.host = Objects.requireNonNull(host, "host == null");
    this.profile = Objects.requireNonNull(profile, "profile == null");
    if (!profile.backup().enabled()) {
      throw new BackupException(BackupException.Reason.NOT_CONFIGURED, "the profile has no backup: section (or it says enabled: false)");
    }
  }

  // ------------------------------------------------------------------ backup

  /**
   * Takes a backup point now (the same command the timer runs; it waits for nothing: a running backup, restore or
   * drill makes it fail at once). The listener hears each item as it starts and restic's progress (bytes and files).
   *
   * @throws BackupException FAILED with restic's or the dump's words, LOCKED when another run holds the backup lock
   */
  public BackupRun now(ProgressListener listener) {
    requireInstalled();
    listener.stepStarted(PHASE, "backup");
    java.util.concurrent.atomic.AtomicReference<String> manifest = new java.util.concurrent.atomic.AtomicReference<>("{}");
    CommandResult r = host.run(Command.of(HostLayout.BACKUP_SCRIPT, "run").withTimeout(Duration.ofHours(12)), (stream, line) -> {
      if (line.startsWith("item ")) {
        listener.stepStarted(PHASE, line);
      } else if (line.startsWith("manifest ")) {
        manifest.set(line.substring(9));
      } else {
        ResticProgress.line(line).ifPresent(p -> listener.output(PHASE, p));
      }
    });
    if (!r.ok()) {
      String why = CommandResult.tail(r.stderr(), 8).strip();
      throw new BackupException(why.contains("another backup") ? BackupException.Reason.LOCKED : BackupException.Reason.FAILED,
          "the backup failed (exit " + r.exitCode() + "): " + why + (why.isEmpty() ? "" : "\n") + "after: "
              + CommandResult.tail(r.stdout().lines().filter(l -> !l.startsWith("{")).reduce("", (a, b) -> a + b + "\n"), 3).strip());
    }
    BackupRun run = parseManifest(manifest.get());
    audit("backup", "success", run.point() + ": " + run.items().size() + " items, " + run.bytes() + " bytes");
    listener.stepFinished(PHASE, StepResult.changed("backup point " + run.point(), run.items().size() + " items, " + ResticProgress.bytes(run.bytes())));
    return run;
  }

  static BackupRun parseManifest(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      Map<String, Long> items = new LinkedHashMap<>();
      n.path("items").forEach(i -> items.merge(i.path("item").asText(), i.path("bytes").asLong(), Long::sum));
      Map<String, Map<String, Long>> rows = new LinkedHashMap<>();
      n.path("rows").fields().forEachRemaining(db -> {
        Map<String, Long> t = new LinkedHashMap<>();
        db.getValue().fields().forEachRemaining(e -> t.put(e.getKey(), e.getValue().asLong()));
        rows.put(db.getKey(), t);
      });
      return new BackupRun(n.path("point").asText(), n.path("bytes").asLong(), Duration.ofSeconds(n.path("seconds").asLong()), items, rows);
    } catch (IOException e) {
      throw new BackupException(BackupException.Reason.FAILED, "the backup's manifest is not JSON: " + e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------ points

  /** The points in the repository, newest first (incomplete ones too, marked so). */
  public List<BackupPoint> list() {
    requireInstalled();
    CommandResult r = host.run(Command.of(HostLayout.BACKUP_SCRIPT, "snapshots").withTimeout(Duration.ofMinutes(10)));
    if (!r.ok()) {
      throw new BackupException(BackupException.Reason.FAILED, "cannot list the repository's snapshots: " + CommandResult.tail(r.stderr(), 5));
    }
    return parsePoints(r.stdout());
  }

  static List<BackupPoint> parsePoints(String json) {
    Map<String, List<JsonNode>> byPoint = new LinkedHashMap<>();
    try {
      JsonNode all = JSON.readTree(json.isBlank() ? "[]" : json);
      for (JsonNode s : all) {
        for (JsonNode t : s.path("tags")) {
          if (t.asText().startsWith("point:")) {
            byPoint.computeIfAbsent(t.asText().substring(6), k -> new ArrayList<>()).add(s);
          }
        }
      }
    } catch (IOException e) {
      throw new BackupException(BackupException.Reason.FAILED, "restic's snapshot list is not JSON: " + e.getMessage(), e);
    }
    List<BackupPoint> out = new ArrayList<>();
    byPoint.forEach((id, snaps) -> {
      snaps.sort(Comparator.comparing(s -> s.path("time").asText()));
      List<BackupPoint.Item> items = new ArrayList<>();
      for (JsonNode s : snaps) {
        String item = "";
        for (JsonNode t : s.path("tags")) {
          if (t.asText().startsWith("item:")) {
            item = t.asText().substring(5);
          }
        }
        List<String> paths = new ArrayList<>();
        s.path("paths").forEach(p -> paths.add(p.asText()));
        items.add(new BackupPoint.Item(item, s.path("id").asText(), paths));
      }
      Instant time = Instant.parse(normalise(snaps.get(0).path("time").asText()));
      out.add(new BackupPoint(id, time, items.stream().anyMatch(i -> i.name().equals("manifest")), items));
    });
    out.sort(Comparator.comparing(BackupPoint::id).reversed());
    return out;
  }

  /** restic prints times with the host's offset and nanoseconds; {@link Instant#parse} wants UTC. */
  private static String normalise(String t) {
    return java.time.OffsetDateTime.parse(t).toInstant().toString();
  }

  /** The point {@code id} ({@code latest}: the newest complete one). */
  public BackupPoint point(String id) {
    List<BackupPoint> points = list();
    if (id.equals("latest")) {
      return points.stream().filter(BackupPoint::complete).findFirst()
          .orElseThrow(() -> new BackupException(BackupException.Reason.NO_SUCH_POINT, "the repository has no complete backup point yet"));
    }
    if (!POINT.matcher(id).matches()) {
      throw new BackupException(BackupException.Reason.NO_SUCH_POINT, "invalid point '" + id + "': expected latest or an id such as 20261206T031500Z");
    }
    BackupPoint p = points.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow(() -> new BackupException(
        BackupException.Reason.NO_SUCH_POINT, "no backup point " + id + " (vps backup list shows them)"));
    if (!p.complete()) {
      throw new BackupException(BackupException.Reason.NO_SUCH_POINT, "point " + id + " is incomplete (its run failed): it is never restored");
    }
    return p;
  }

  /** What the timer's runs and the last drill left on the host. */
  public BackupStatus status() {
    Optional<JsonNode> s = host.read(HostLayout.BACKUP_STATUS_DIR + "/status.json").map(DataBackups::json);
    Optional<DrillReport> drill = host.read(HostLayout.BACKUP_STATUS_DIR + "/verify.json")
        .map(b -> DrillReport.parse(new String(b, java.nio.charset.StandardCharsets.UTF_8)));
    return new BackupStatus(s.map(n -> n.path("result").asText()), s.map(n -> n.path("point").asText()),
        s.map(n -> n.path("lastSuccessEpoch").asLong()).filter(e -> e > 0).map(Instant::ofEpochSecond),
        s.map(n -> n.path("bytes").asLong()).orElse(0L), drill);
  }

  private static JsonNode json(byte[] b) {
    try {
      return JSON.readTree(b);
    } catch (IOException e) {
      throw new BackupException(BackupException.Reason.FAILED, "unreadable backup status: " + e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------ drill

  /**
   * The restore drill: {@code point} ({@code latest} by default) restored into scratch containers and folders on the
   * host and checked, the repository read back ({@code subset} of its data, e.g. {@code 10%} or {@code 100%}), the time
   * measured, everything cleaned up. A failed check is a result ({@link DrillReport#passed()} false), not a throw.
   */
  public DrillReport verify(String point, String subset, ProgressListener listener) {
    requireInstalled();
    String id = point.equals("latest") ? "latest" : point(point).id();
    if (!subset.matches("([0-9]{1,3}(\\.[0-9]+)?%|[0-9]+/[0-9]+|[0-9]+[KMGT])")) {
      throw new BackupException(BackupException.Reason.FAILED, "invalid subset '" + subset + "': e.g. 10%, 1/5 or 500M");
    }
    listener.stepStarted(PHASE, "restore drill");
    String since = host.run(Command.of("date", "+%s")).stdout().strip();
    CommandResult r = host.run(Command.of(HostLayout.BACKUP_SCRIPT, "verify", id, subset).withTimeout(Duration.ofHours(12)),
        (stream, line) -> {
          if (line.startsWith("CHECK\t")) {
            String[] f = line.split("\t", 4);
            listener.output(PHASE, f.length == 4 ? f[2] + " " + f[1] + ": " + f[3] : line);
          }
        });
    Optional<DrillReport> report = status().drill().filter(d -> d.time().getEpochSecond() >= Long.parseLong(since.isEmpty() ? "0" : since));
    if (report.isEmpty()) {
      String why = CommandResult.tail(r.stderr(), 5).strip();
      throw new BackupException(why.contains("another backup") ? BackupException.Reason.LOCKED : BackupException.Reason.FAILED,
          "the restore drill did not finish: " + (why.isEmpty() ? CommandResult.tail(r.stdout(), 5) : why));
    }
    DrillReport d = report.get();
    audit("backup-verify", d.passed() ? "success" : "failed", d.point() + ": " + (d.passed() ? "every check passed"
        : d.failures().stream().map(c -> c.name() + ": " + c.detail()).reduce((a, b) -> a + "; " + b).orElse("")));
    listener.stepFinished(PHASE, d.passed() ? StepResult.unchanged("restore drill of " + d.point() + " passed in " + d.took().toSeconds() + " s")
        : StepResult.unchanged("restore drill of " + d.point() + " FAILED: " + d.failures().get(0).name()));
    return d;
  }

  // ------------------------------------------------------------------ restore

  /** The restore plan for a point and the options' items (nothing is touched). */
  public RestorePlan plan(String point, RestoreOptions o) {
    return plan(point(point), o.only());
  }

  private RestorePlan plan(BackupPoint p, List<String> only) {
    // what the point can restore; by default all of it but the deploy state
    List<String> restorable = itemNames(p);
    Set<String> wanted = new LinkedHashSet<>();
    if (only.isEmpty()) {
      restorable.stream().filter(i -> !i.equals("state")).forEach(wanted::add);
    }
    for (String w : only) {
      if (w.equals("postgres")) {
        p.databases().forEach(db -> wanted.add("postgres:" + db));
      } else if (restorable.contains(w)) {
        wanted.add(w);
      } else {
        throw new BackupException(BackupException.Reason.NO_SUCH_POINT, "point " + p.id() + " has no item '" + w + "'; it has: "
            + String.join(", ", restorable));
      }
    }
    List<RestorePlan.Action> actions = new ArrayList<>();
    String pg = profile.catalogue().firstOfKind(ServiceKind.POSTGRES).map(Service::name).orElse("postgres");
    for (String db : wanted.stream().filter(w -> w.startsWith("postgres:")).map(w -> w.substring(9)).toList()) {
      List<String> stops = profile.catalogue().databases().stream().filter(d -> d.name().equals(db)).map(Database::service).distinct().toList();
      actions.add(new RestorePlan.Action("postgres:" + db, stops, "database " + db + " in " + pg + " (pg_restore --clean, one transaction;"
          + " other databases untouched)", stops, stops.isEmpty() ? "none (no service of the profile uses " + db + ")"
          : String.join(", ", stops) + " stopped while " + db + " is restored"));
    }
    for (String w : wanted) {
      switch (w) {
        case "redis" -> {
          String redis = service(ServiceKind.REDIS);
          actions.add(new RestorePlan.Action("redis", List.of(redis), "Redis's data (dump.rdb; the append-only files are rebuilt from it)",
              List.of(redis), redis + " stopped while its data is replaced"));
        }
        case "caddy" -> {
          String caddy = service(ServiceKind.CADDY);
          actions.add(new RestorePlan.Action("caddy", List.of(caddy), "Caddy's data volume (certificates, ACME account, internal CA)",
              List.of(caddy), "every site and route: " + caddy + " stopped while its volume is replaced"));
        }
        case "mox" -> actions.add(new RestorePlan.Action("mox", List.of("mox.service"), "mox's data folder " + HostLayout.MOX_HOME
            + "/data (the current one is kept beside it as data.before-restore-<time>; checked with mox verifydata)", List.of("mox.service"),
            "mail: SMTP, submission and IMAP down while mox is stopped (senders retry)"));
        case "www" -> actions.add(new RestorePlan.Action("www", List.of(), "the static sites' releases under " + HostLayout.SITES_DIR
            + " (copied over; releases made since are kept, the current links point as at backup time)", List.of(), "none: links switch atomically"));
        case "state" -> actions.add(new RestorePlan.Action("state", List.of(), "the deploy state " + HostLayout.STATE_DIR
            + " (rollback points, audit log, state.json) as at backup time", List.of(), "none"));
        default -> { }
      }
    }
    return new RestorePlan(p.id(), actions);
  }

  /** The items a restore can take from a point: its databases, then the folders and Redis it holds. */
  private static List<String> itemNames(BackupPoint p) {
    List<String> out = new ArrayList<>();
    p.databases().forEach(db -> out.add("postgres:" + db));
    for (String i : List.of("redis", "caddy", "mox", "www", "state")) {
      if (p.item(i).isPresent()) {
        out.add(i);
      }
    }
    return out;
  }

  private String service(ServiceKind kind) {
    return profile.catalogue().firstOfKind(kind).map(Service::name).orElseThrow(() -> new BackupException(
        BackupException.Reason.NO_SUCH_POINT, "the profile has no " + kind.name().toLowerCase(java.util.Locale.ROOT) + " service to restore into"));
  }

  /**
   * Restores {@code point} ({@code latest}: the newest complete one): the plan first, then (confirmed) under the deploy
   * lock each item in turn, with its services stopped and started again behind their health checks, and an audit line.
   *
   * @throws BackupException NO_SUCH_POINT for a point or item that is not there; FAILED when a step fails (the message
   *     says which, and what was already restored)
   */
  public RestoreReport restore(String point, RestoreOptions o, ProgressListener listener) {
    long t0 = System.nanoTime();
    requireInstalled();
    BackupPoint p = point(point);
    RestorePlan plan = plan(p, o.only());
    listener.message(plan.toText());
    if (o.dryRun()) {
      return new RestoreReport(plan, RestoreReport.Result.DRY_RUN, List.of(), since(t0));
    }
    StackDir stack = StackDir.of(host);
    try (DeployLock lock = DeployLock.acquire(stack, new DeployLock.Holder(o.who(), Instant.now(), "backup-restore", "restore " + p.id()),
        o.lockWait())) {
      if (!o.confirmation().confirm(plan)) {
        audit(stack, o.who(), "backup-restore", "aborted", p.id());
        return new RestoreReport(plan, RestoreReport.Result.ABORTED, List.of(), since(t0));
      }
      audit(stack, o.who(), "backup-restore", "started", p.id() + ": " + String.join(", ", plan.actions().stream().map(RestorePlan.Action::item).toList()));
      List<StepResult> steps = new ArrayList<>();
      listener.phaseStarted("restore");
      boolean ok = false;
      try {
        apply(stack, p, plan, o, listener, steps);
        ok = true;
      } catch (RuntimeException e) {
        audit(stack, o.who(), "backup-restore", "failed", p.id() + ": " + host.redactor().apply(String.valueOf(e.getMessage())));
        throw e instanceof BackupException b ? b : new BackupException(BackupException.Reason.FAILED, "the restore of " + p.id()
            + " failed after " + steps.size() + " step(s): " + e.getMessage(), e);
      } finally {
        listener.phaseFinished(new com.dimosaic.vps.phase.PhaseResult("restore", ok ? com.dimosaic.vps.phase.PhaseResult.Status.OK
            : com.dimosaic.vps.phase.PhaseResult.Status.FAILED, steps, since(t0), ""));
      }
      audit(stack, o.who(), "backup-restore", "success", p.id());
      return new RestoreReport(plan, RestoreReport.Result.SUCCESS, steps, since(t0));
    }
  }

  private void apply(StackDir stack, BackupPoint p, RestorePlan plan, RestoreOptions o, ProgressListener listener, List<StepResult> steps) {
    List<String> dbs = plan.actions().stream().map(RestorePlan.Action::item).filter(i -> i.startsWith("postgres:")).map(i -> i.substring(9)).toList();
    if (!dbs.isEmpty()) {
      String pg = service(ServiceKind.POSTGRES);
      // a destroyed volume comes back empty: the entrypoint then creates the profile's roles and databases (init-db.sh)
      listener.stepStarted("restore", "start " + pg);
      stack.composeOk(Duration.ofMinutes(10), "up", "-d", "--no-deps", pg);
      Health.await(stack, pg, 1, o.healthTimeout());
      Set<String> users = new LinkedHashSet<>();
      plan.actions().stream().filter(a -> a.item().startsWith("postgres:")).forEach(a -> users.addAll(a.stops()));
      List<String> running = running(stack, users);
      if (!running.isEmpty()) {
        stop(stack, running, steps, listener);
      }
      for (String db : dbs) {
        listener.stepStarted("restore", "database " + db);
        script(Duration.ofHours(6), "restore-db", p.id(), db);
        step(steps, listener, StepResult.changed("postgres:" + db, "restored from " + p.id()));
      }
      start(stack, running, o, steps, listener);
    }
    for (RestorePlan.Action a : plan.actions()) {
      switch (a.item()) {
        case "redis" -> {
          String redis = a.stops().get(0);
          stop(stack, List.of(redis), steps, listener);
          String mount = volume(stack, redis, "/data");
          listener.stepStarted("restore", "redis data");
          script(Duration.ofHours(2), "restore-redis", p.id(), mount);
          step(steps, listener, StepResult.changed("redis", "dump.rdb from " + p.id() + " in " + mount));
          start(stack, List.of(redis), o, steps, listener);
        }
        case "caddy" -> {
          String caddy = a.stops().get(0);
          stop(stack, List.of(caddy), steps, listener);
          String mount = volume(stack, caddy, "/data");
          String staging = restoreFiles(p, "caddy", listener);
          String source = staging + p.item("caddy").orElseThrow().paths().get(0);
          host.run(Command.of("sh", "-c", "find \"$1\" -mindepth 1 -delete && cp -a \"$2/.\" \"$1/\"", "sh", mount, source)
              .withTimeout(Duration.ofHours(1))).requireSuccess();
          cleanup(staging);
          step(steps, listener, StepResult.changed("caddy", "data volume from " + p.id()));
          start(stack, List.of(caddy), o, steps, listener);
        }
        case "mox" -> restoreMox(p, steps, listener);
        case "www", "state" -> {
          String staging = restoreFiles(p, a.item(), listener);
          String stored = p.item(a.item()).orElseThrow().paths().get(0);
          host.run(Command.of("sh", "-c", "mkdir -p \"$1\" && cp -a \"$2/.\" \"$1/\"", "sh", stored, staging + stored)
              .withTimeout(Duration.ofHours(2))).requireSuccess();
          cleanup(staging);
          step(steps, listener, StepResult.changed(a.item(), stored + " from " + p.id()));
        }
        default -> { }
      }
    }
  }

  /**
   * mox's data folder as {@code mox backup} made it: mox stopped, the backup's {@code data} checked with {@code mox verifydata},
   * the current folder kept beside it, the backup's moved into place and owned by mox, mox started and active again.
   */
  private void restoreMox(BackupPoint p, List<StepResult> steps, ProgressListener listener) {
    String home = HostLayout.MOX_HOME;
    String data = home + "/data";
    listener.stepStarted("restore", "stop mox");
    host.run(Command.of("systemctl", "stop", "mox").withTimeout(Duration.ofMinutes(2))).requireSuccess();
    step(steps, listener, StepResult.changed("stop", "mox.service"));
    String staging = restoreFiles(p, "mox", listener);
    String restored = staging + p.item("mox").orElseThrow().paths().get(0) + "/data";
    String kept = data + ".before-restore-" + StackDir.STAMP.format(Instant.now());
    // checked before it goes into place; mox backup's own marker (moxversion) is not part of a data folder: left there, the
    // next mox backup finds it as an unrecognised file that collides with the one it writes
    CommandResult verify = host.run(Command.of(home + "/mox", "verifydata", restored).inDirectory(home).withTimeout(Duration.ofHours(1)));
    if (!verify.ok()) {
      cleanup(staging);
      throw new BackupException(BackupException.Reason.FAILED, "mox verifydata rejects the backup's data folder (nothing was replaced;"
          + " mox stays stopped): " + CommandResult.tail(verify.stderr() + verify.stdout(), 5));
    }
    host.run(Command.of("rm", "-f", "--", restored + "/moxversion")).requireSuccess();
    boolean keep = host.exists(data);
    host.run(Command.of("sh", "-c", "if [ -e \"$1\" ]; then mv \"$1\" \"$2\"; fi && mv \"$3\" \"$1\" && chown -R \"$4:$4\" \"$1\"",
        "sh", data, kept, restored, HostLayout.MOX_USER).withTimeout(Duration.ofHours(1))).requireSuccess();
    cleanup(staging);
    step(steps, listener, StepResult.changed("mox", data + " from " + p.id() + " (verifydata ok" + (keep ? "; the previous folder is " + kept
        : "") + ")"));
    listener.stepStarted("restore", "start mox");
    host.run(Command.of("systemctl", "start", "mox").withTimeout(Duration.ofMinutes(2))).requireSuccess();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!host.run(Command.of("systemctl", "is-active", "--quiet", "mox")).ok()) {
      if (System.nanoTime() > deadline) {
        throw new BackupException(BackupException.Reason.FAILED, "mox did not start after the restore: "
            + host.run(Command.of("journalctl", "-u", "mox", "-n", "8", "--no-pager", "-o", "cat")).stdout());
      }
      sleep(1000);
    }
    step(steps, listener, StepResult.changed("mox.service", "started, active"));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupException(BackupException.Reason.FAILED, "interrupted", e);
    }
  }

  /** A command of the backup script as root; fails with its last words. */
  private CommandResult script(Duration timeout, String... args) {
    List<String> argv = new ArrayList<>(List.of(HostLayout.BACKUP_SCRIPT));
    argv.addAll(List.of(args));
    CommandResult r = host.run(Command.of(argv).withTimeout(timeout));
    if (!r.ok()) {
      throw new BackupException(BackupException.Reason.FAILED, "vps-backup " + args[0] + " failed: "
          + CommandResult.tail(r.stderr().isBlank() ? r.stdout() : r.stderr(), 8).strip());
    }
    return r;
  }

  private String restoreFiles(BackupPoint p, String item, ProgressListener listener) {
    listener.stepStarted("restore", item + " files");
    String staging = STAGING + "/" + item + "-" + p.id();
    host.run(Command.of("rm", "-rf", "--", staging)).requireSuccess();
    script(Duration.ofHours(6), "restore-files", p.id(), item, staging);
    return staging;
  }

  private void cleanup(String staging) {
    host.run(Command.of("rm", "-rf", "--", staging));
  }

  /** The host folder of a service's named volume mounted at {@code target}, the volume created when missing. */
  private String volume(StackDir stack, String service, String target) {
    Service s = profile.catalogue().services().get(service);
    String name = s.volumes().stream().filter(m -> m.named() && m.target().equals(target)).map(VolumeMount::source).findFirst()
        .orElseThrow(() -> new BackupException(BackupException.Reason.FAILED, service + " has no named volume at " + target));
    String volume = profile.name() + "_" + name;
    CommandResult r = host.run(Command.of("docker", "volume", "inspect", "-f", "{{.Mountpoint}}", volume));
    if (!r.ok()) {
      stack.composeOk(Duration.ofMinutes(5), "create", "--no-recreate", service); // a destroyed volume: created again, empty
      r = host.run(Command.of("docker", "volume", "inspect", "-f", "{{.Mountpoint}}", volume)).requireSuccess();
    }
    return r.stdout().strip();
  }

  private List<String> running(StackDir stack, Set<String> services) {
    if (services.isEmpty()) {
      return List.of();
    }
    String out = stack.run(stack.compose("ps", "--services", "--status", "running")).stdout();
    Set<String> up = new LinkedHashSet<>(out.lines().map(String::strip).toList());
    return services.stream().filter(up::contains).toList();
  }

  private void stop(StackDir stack, List<String> services, List<StepResult> steps, ProgressListener listener) {
    List<String> args = new ArrayList<>(List.of("stop"));
    args.addAll(services);
    listener.stepStarted("restore", "stop " + String.join(", ", services));
    stack.composeOk(Duration.ofMinutes(5), args.toArray(String[]::new));
    step(steps, listener, StepResult.changed("stop", String.join(", ", services)));
  }

  private void start(StackDir stack, List<String> services, RestoreOptions o, List<StepResult> steps, ProgressListener listener) {
    for (String s : services) {
      listener.stepStarted("restore", "start " + s);
      stack.composeOk(Duration.ofMinutes(10), "up", "-d", "--no-deps", s);
      Service svc = profile.catalogue().services().get(s);
      Health.await(stack, s, svc == null ? 1 : svc.replicas(), o.healthTimeout());
      step(steps, listener, StepResult.changed(s, "started, healthy"));
    }
  }

  private static void step(List<StepResult> steps, ProgressListener listener, StepResult s) {
    steps.add(s);
    listener.stepFinished("restore", s);
  }

  // ------------------------------------------------------------------ shared

  private void requireInstalled() {
    if (!host.exists(HostLayout.BACKUP_SCRIPT)) {
      throw new BackupException(BackupException.Reason.NOT_CONFIGURED, "backups are not installed on " + host.describe()
          + " (provisioning installs them from the profile's backup: section)");
    }
    // the repository password and the store's key are root's (0600): another login cannot run restic with them
    if (!host.run(Command.of("id", "-u")).stdout().strip().equals("0")) {
      throw new BackupException(BackupException.Reason.NOT_CONFIGURED, "backups run as root; " + host.describe() + " is another user");
    }
  }

  private void audit(String action, String result, String detail) {
    if (host.exists(HostLayout.STATE_DIR)) {
      audit(StackDir.of(host), "vps@" + host.describe(), action, result, detail);
    }
  }

  private static void audit(StackDir stack, String who, String action, String result, String detail) {
    AuditLog.append(stack, new AuditLog.Event(Instant.now(), who, action, "", result, detail));
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }
}
