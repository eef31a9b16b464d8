package com.dimosaic.vps.examples;

import com.dimosaic.vps.Vps;
import com.dimosaic.vps.VpsSession;
import com.dimosaic.vps.backup.BackupException;
import com.dimosaic.vps.backup.BackupPoint;
import com.dimosaic.vps.backup.BackupRun;
import com.dimosaic.vps.backup.DataBackups;
import com.dimosaic.vps.backup.DrillReport;
import com.dimosaic.vps.backup.RestoreOptions;
import com.dimosaic.vps.backup.RestoreReport;
import com.dimosaic.vps.profile.Profile;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Data backups, with the SSH flags and the profile folder:
 * <ul>
 *   <li>{@code backup now}: a backup point now, with live progress;</li>
 *   <li>{@code backup list}: the points in the repository;</li>
 *   <li>{@code backup restore --point ID|latest [--only postgres:app,mox,...] [--dry-run] [--yes]}: plan, confirmation, restore
 *       under the deploy lock;</li>
 *   <li>{@code backup verify [--point ID] [--subset 10%]}: the restore drill; exit 1 when a check fails.</li>
 * </ul>
 */
final class BackupCommand {
  static final List<String> SUBCOMMANDS = List.of("now", "list", "restore", "verify");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final BufferedReader in;
  private final PrintWriter out;

  BackupCommand(BufferedReader in, PrintWriter out) {
    this.in = in;
    this.out = out;
  }

  int run(List<String> argv) {
    if (argv.isEmpty() || !SUBCOMMANDS.contains(argv.get(0))) {
      throw new Args.UsageException("backup takes one of " + String.join(", ", SUBCOMMANDS));
    }
    String sub = argv.get(0);
    Args a = new Args(argv.subList(1, argv.size()), CommandHelp.of("backup " + sub));
    if (a.positionals.size() != 1) {
      throw new Args.UsageException("backup " + sub + " takes one profile folder (or --profile)");
    }
    Profile profile = ProfileFlags.load(a);
    if (!profile.backup().enabled()) {
      // said before any connection: there is nothing to do on the host
      throw new BackupException(BackupException.Reason.NOT_CONFIGURED, profile.directory().resolve("profile.yaml")
          + " has no backup: section (or it says enabled: false); see docs/backups.md");
    }
    boolean json = a.flag("--json");
    if (sub.equals("now") && FleetFlags.given(a)) {
      return FleetFlags.report(FleetFlags.fleet(a, profile, out, json).backup(), json ? "json" : "text", out);
    }
    RestoreOptions restore = sub.equals("restore") ? restoreOptions(a, json) : null;
    // every flag is checked before the connection: a usage error never touches the host
    LiveProgress live = new LiveProgress(json ? new PrintWriter(java.io.OutputStream.nullOutputStream()) : out,
        !json && LiveProgress.terminal(a.flag("--no-progress")));
    try (live; VpsSession vps = Vps.connect(SshCommandOptions.target(a, profile))) {
      DataBackups backups = vps.backups(profile);
      return switch (sub) {
        case "now" -> now(backups, live, json);
        case "list" -> list(backups, json);
        case "restore" -> restore(backups, a.option("--point").orElseThrow(), restore, live, json);
        default -> verify(backups, a.option("--point").orElse("latest"), a.option("--subset").orElse(profile.backup().checkSubset()), live,
            json);
      };
    }
  }

  private RestoreOptions restoreOptions(Args a, boolean json) {
    if (a.option("--point").isEmpty()) {
      throw new Args.UsageException("backup restore needs --point ID (or --point latest)");
    }
    RestoreOptions.Builder o = RestoreOptions.builder().dryRun(a.flag("--dry-run"))
        .who(a.option("--who").orElse(System.getProperty("user.name", "unknown")));
    a.option("--only").ifPresent(s -> o.only(Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList()));
    a.option("--lock-wait").ifPresent(s -> o.lockWait(Duration.ofSeconds(Long.parseLong(s))));
    a.option("--health-timeout").ifPresent(s -> o.healthTimeout(Duration.ofSeconds(Long.parseLong(s))));
    if (!a.flag("--yes") && !a.flag("--dry-run")) {
      if (json) {
        throw new Args.UsageException("backup restore --json needs --yes or --dry-run (there is no one to ask)");
      }
      o.confirmation(plan -> ProfileFlags.confirm(in, out, "Restore this? Data written since the point is replaced. [y/N] "));
    }
    return o.build();
  }

  private int now(DataBackups backups, LiveProgress live, boolean json) {
    BackupRun run = backups.now(live);
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("point", run.point());
      m.put("bytes", run.bytes());
      m.put("seconds", run.took().toSeconds());
      m.put("items", run.items());
      m.put("rows", run.rows());
      print(m);
    } else {
      out.printf(Locale.ROOT, "backup point %s: %d items, %d bytes read, %d s%n", run.point(), run.items().size(), run.bytes(),
          run.took().toSeconds());
    }
    return Main.OK;
  }

  private int list(DataBackups backups, boolean json) {
    List<BackupPoint> points = backups.list();
    if (json) {
      List<Map<String, Object>> l = new ArrayList<>();
      for (BackupPoint p : points) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("point", p.id());
        m.put("time", p.time().toString());
        m.put("complete", p.complete());
        m.put("items", p.items().stream().map(BackupPoint.Item::name).toList());
        l.add(m);
      }
      print(l);
      return Main.OK;
    }
    if (points.isEmpty()) {
      out.println("no backup points");
    }
    for (BackupPoint p : points) {
      out.printf(Locale.ROOT, "%s  %s  %-10s %s%n", p.id(), p.time(), p.complete() ? "complete" : "INCOMPLETE",
          String.join(" ", p.items().stream().map(BackupPoint.Item::name).filter(n -> !n.endsWith(":counts") && !n.equals("manifest")).toList()));
    }
    return Main.OK;
  }

  private int restore(DataBackups backups, String point, RestoreOptions o, LiveProgress live, boolean json) {
    RestoreReport r = backups.restore(point, o, live);
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("result", r.result().name());
      m.put("plan", r.plan());
      m.put("steps", r.steps());
      m.put("seconds", r.took().toSeconds());
      print(m);
    } else {
      // the steps were shown live
      out.printf(Locale.ROOT, "%nResult: %s in %.1f s%n", r.result(), r.took().toMillis() / 1000.0);
    }
    return r.result() == RestoreReport.Result.ABORTED ? Main.REFUSED : Main.OK;
  }

  private int verify(DataBackups backups, String point, String subset, LiveProgress live, boolean json) {
    DrillReport d = backups.verify(point, subset, live);
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("passed", d.passed());
      m.put("point", d.point());
      m.put("seconds", d.took().toSeconds());
      m.put("checks", d.checks());
      print(m);
    } else {
      out.print(d.toText());
    }
    return d.passed() ? Main.OK : Main.FAILED;
  }

  private void print(Object o) {
    try {
      out.println(JSON.writeValueAsString(o));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
