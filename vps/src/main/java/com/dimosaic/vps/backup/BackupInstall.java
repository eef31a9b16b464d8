package com.dimosaic.vps.backup;

import com.dimosaic.vps.core.HostLayout;
import com.dimosaic.vps.phase.RemoteFiles;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.BackupSettings;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.Service;
import com.dimosaic.vps.profile.ServiceKind;
import com.dimosaic.vps.profile.VolumeMount;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.remote.FileSpec;
import com.dimosaic.vps.remote.RemoteHost;
import com.dimosaic.vps.remote.Shell;
import com.dimosaic.vps.secrets.SecretTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts a profile's data backups on a host, idempotently: the {@code vps-backup}
 * command ({@link HostLayout#BACKUP_SCRIPT}), its settings and secrets (files of mode 0600 that restic reads:
 * the repository password never rides in an argument), systemd timers for the backups and the weekly restore
 * drill, and the repository (initialised when missing). Each step says whether it changed anything. Debian's {@code restic}
 * package is the caller's to install (provisioning's backups phase does).
 *
 * <pre>{@code
 * List<StepResult> steps = BackupInstall.of(profile).apply(host);
 * }</pre>
 */
public final class BackupInstall {
  /** The backup unit ({@code vps-backup.service}) and its timer. */
  public static final String UNIT = "vps-backup";
  /** The restore drill's unit ({@code vps-backup-verify.service}) and its timer. */
  public static final String VERIFY_UNIT = "vps-backup-verify";
  private static final String UNITS = "/etc/systemd/system/";
  private static final FileSpec SECRET = FileSpec.of(0600, "root");

  private final Profile profile;
  private final BackupSettings settings;

  private BackupInstall(Profile profile) {
    this.profile = profile;
    this.settings = profile.backup();
  }

  /**
   * The installation for a profile.
   *
   * @throws BackupException NOT_CONFIGURED when the profile has no (enabled) {@code backup:} section
   */
  public static BackupInstall of(Profile profile) {
    Objects.requireNonNull(profile, "profile == null");
    if (!profile.backup().enabled()) {
      throw new BackupException(BackupException.Reason.NOT_CONFIGURED, "the profile has no backup: section (or it says enabled: false)");
    }
    return new BackupInstall(profile);
  }

  /** The {@code vps-backup} script (bash, shellcheck-clean), as the jar carries it. */
  public static String script() {
    try (InputStream in = BackupInstall.class.getResourceAsStream("vps-backup.sh")) {
      if (in == null) {
        throw new IllegalStateException("vps-backup.sh is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code backup.conf}: what to back up on this host and how, as shell assignments (no secret in it). */
  public String conf() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("PROJECT", profile.name());
    v.put("STACK_DIR", HostLayout.STACK_DIR);
    v.put("STATE_DIR", HostLayout.STATE_DIR);
    v.put("STATUS_DIR", HostLayout.BACKUP_STATUS_DIR);
    v.put("RESTIC_REPOSITORY", settings.repository());
    v.put("RESTIC_PASSWORD_FILE", HostLayout.BACKUP_CONF_DIR + "/password");
    v.put("ENV_FILE", HostLayout.BACKUP_CONF_DIR + "/env");
    v.put("PG_SERVICE", profile.catalogue().firstOfKind(ServiceKind.POSTGRES).map(Service::name).orElse(""));
    v.put("REDIS_SERVICE", profile.catalogue().firstOfKind(ServiceKind.REDIS).map(Service::name).orElse(""));
    v.put("MOX_HOME", profile.mail().enabled() ? HostLayout.MOX_HOME : "");
    v.put("CADDY_VOLUME", caddyVolume(profile).orElse(""));
    v.put("SITES_DIR", profile.catalogue().sites().isEmpty() ? "" : HostLayout.SITES_DIR);
    v.put("CHECK_SUBSET", settings.checkSubset());
    v.put("KEEP_LAST", String.valueOf(settings.retention().last()));
    v.put("KEEP_DAILY", String.valueOf(settings.retention().daily()));
    v.put("KEEP_WEEKLY", String.valueOf(settings.retention().weekly()));
    v.put("KEEP_MONTHLY", String.valueOf(settings.retention().monthly()));
    StringBuilder out = new StringBuilder("# vps data backups: written by provisioning from the profile's backup: section (do not edit)\n");
    v.forEach((k, val) -> out.append(k).append('=').append(Shell.quote(val)).append('\n'));
    return out.toString();
  }

  /** The Docker volume holding Caddy's data ({@code <project>_<volume>} of the mount at {@code /data}). */
  static Optional<String> caddyVolume(Profile profile) {
    return profile.catalogue().firstOfKind(ServiceKind.CADDY).flatMap(c -> c.volumes().stream()
        .filter(m -> m.named() && m.target().equals("/data")).map(VolumeMount::source).findFirst())
        .map(v -> profile.name() + "_" + v);
  }

  /** The systemd units, by file name. */
  public Map<String, String> units() {
    Map<String, String> u = new LinkedHashMap<>();
    u.put(UNIT + ".service", service("vps data backup (restic): dumps, snapshot, retention", "run"));
    u.put(UNIT + ".timer", timer("vps data backup schedule", settings.schedule()));
    u.put(VERIFY_UNIT + ".service", service("vps restore drill: the latest backup restored into scratch containers and checked", "verify"));
    u.put(VERIFY_UNIT + ".timer", timer("vps restore drill schedule", settings.verifySchedule()));
    return u;
  }

  private static String service(String description, String command) {
    return String.join("\n",
        "[Unit]",
        "Description=" + description,
        "Wants=network-online.target",
        "After=network-online.target docker.service",
        "",
        "[Service]",
        "Type=oneshot",
        // a timer's run waits for another backup, restore or drill to finish (an operator's run fails at once instead)
        "Environment=VPS_BACKUP_WAIT=7200",
        "ExecStart=" + HostLayout.BACKUP_SCRIPT + " " + command,
        "Nice=10",
        "IOSchedulingClass=best-effort",
        "IOSchedulingPriority=7",
        "");
  }

  private static String timer(String description, String calendar) {
    return String.join("\n",
        "[Unit]",
        "Description=" + description,
        "",
        "[Timer]",
        "OnCalendar=" + calendar,
        "Persistent=true",
        "",
        "[Install]",
        "WantedBy=timers.target",
        "");
  }

  /** The backend's environment file: {@code KEY='value'} lines, values resolved from the secrets. */
  private byte[] env() {
    StringBuilder out = new StringBuilder("# restic backend credentials from the profile's backup.environment\n");
    for (Map.Entry<String, SecretTemplate> e : settings.environment().entrySet()) {
      out.append(e.getKey()).append('=').append(Shell.quote(e.getValue().resolve(profile.secrets()))).append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Installs (or confirms) everything but the {@code restic} package, which must be there. */
  public List<StepResult> apply(RemoteHost host) {
    List<StepResult> out = new ArrayList<>();
    if (!host.run(Command.of("sh", "-c", "command -v restic")).ok()) {
      throw new BackupException(BackupException.Reason.FAILED, "restic is not installed on the host (provisioning installs Debian's restic)");
    }
    host.run(Command.of("install", "-d", "-o", "root", "-g", "root", "-m", "0700", HostLayout.BACKUP_CONF_DIR,
        HostLayout.BACKUP_STATUS_DIR)).requireSuccess();
    out.add(RemoteFiles.ensure(host, HostLayout.BACKUP_SCRIPT, script(), FileSpec.of(0755, "root"), "vps-backup command"));
    out.add(RemoteFiles.ensure(host, HostLayout.BACKUP_CONF_DIR + "/backup.conf", conf(), SECRET, "backup settings"));
    String password = settings.password().orElseThrow().resolve(profile.secrets());
    out.add(RemoteFiles.ensure(host, HostLayout.BACKUP_CONF_DIR + "/password", (password + "\n").getBytes(StandardCharsets.UTF_8), SECRET,
        "repository password (0600)"));
    out.add(RemoteFiles.ensure(host, HostLayout.BACKUP_CONF_DIR + "/env", env(), SECRET, "repository credentials (0600)"));
    boolean unitsChanged = false;
    for (Map.Entry<String, String> u : units().entrySet()) {
      StepResult r = RemoteFiles.ensure(host, UNITS + u.getKey(), u.getValue(), FileSpec.of(0644, "root"), u.getKey());
      unitsChanged |= r.changed();
      out.add(r);
    }
    if (unitsChanged) {
      host.run(Command.of("systemctl", "daemon-reload")).requireSuccess();
    }
    for (String timer : List.of(UNIT + ".timer", VERIFY_UNIT + ".timer")) {
      boolean enabled = host.run(Command.of("systemctl", "is-enabled", "--quiet", timer)).ok();
      boolean active = host.run(Command.of("systemctl", "is-active", "--quiet", timer)).ok();
      if (!enabled || !active || unitsChanged) {
        host.run(Command.of("systemctl", "enable", "--now", timer)).requireSuccess();
        if (unitsChanged && active) {
          host.run(Command.of("systemctl", "restart", timer)).requireSuccess();
        }
        out.add(StepResult.changed(timer, enabled && active ? "schedule updated" : "enabled and started"));
      } else {
        out.add(StepResult.unchanged(timer + " active"));
      }
    }
    CommandResult init = host.run(Command.of(HostLayout.BACKUP_SCRIPT, "init").withTimeout(Duration.ofMinutes(5)));
    if (!init.ok()) {
      throw new BackupException(BackupException.Reason.FAILED, "the restic repository " + settings.repository()
          + " could not be opened or initialised: " + CommandResult.tail(init.stderr() + init.stdout(), 5));
    }
    out.add(init.stdout().contains("initialised") ? StepResult.changed("restic repository", "initialised " + settings.repository())
        : StepResult.unchanged("restic repository " + settings.repository()));
    return out;
  }
}
