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
  private static final String SSH_DIR = HostLayout.BACKUP_CONF_DIR + "/ssh";
  private static final String SFTP_HOST = "vps-backup-store";

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
    // an sftp: store is reached through OpenSSH with the profile's key and the store's listed host key only
    v.put("SFTP_COMMAND", settings.sftp().isPresent() ? "ssh -F " + SSH_DIR + "/config " + SFTP_HOST + " -s sftp" : "");
    StringBuilder out = new StringBuilder("# vps data backups: written by provisioning from the profile's backup: section (do not edit)\n");
    v.forEach((k, val) -> out.append(k).append('=').append(Shell.quote(val)).append('\n'));
    return out.toString();
  }

  /**
   * The OpenSSH client configuration for an {@code sftp:} repository ({@code sftp:user@host:/path} or
   * {@code sftp://user@host:port/path}): one host alias with the key, the listed host keys and strict checking.
   */
  public String sshConfig() {
    String r = settings.repository();
    boolean url = r.startsWith("sftp://");
    String rest = r.substring(url ? 7 : 5);
    // [user@]host[:port] (URL form, up to the path's '/') or [user@]host (short form, up to ':'); host may be [IPv6]
    String user = "";
    int at = rest.indexOf('@');
    int bracket = rest.indexOf('[');
    int colon = rest.indexOf(':');
    if (at >= 0 && (bracket < 0 || at < bracket) && (colon < 0 || at < colon)) {
      user = rest.substring(0, at);
      rest = rest.substring(at + 1);
    }
    String host;
    String after;
    if (rest.startsWith("[")) {
      host = rest.substring(1, rest.indexOf(']'));
      after = rest.substring(rest.indexOf(']') + 1);
    } else {
      int end = url ? firstOf(rest, ":/") : firstOf(rest, ":");
      host = rest.substring(0, end);
      after = rest.substring(end);
    }
    String port = url && after.matches(":[0-9]+(/.*)?") ? after.substring(1).replaceAll("/.*", "") : "22";
    return String.join("\n",
        "# the sftp: backup store (written by provisioning from backup.sftp; do not edit)",
        "Host " + SFTP_HOST,
        "  HostName " + host,
        "  Port " + port,
        user.isEmpty() ? "  # User: the login's" : "  User " + user,
        "  IdentityFile " + SSH_DIR + "/id",
        "  IdentitiesOnly yes",
        "  UserKnownHostsFile " + SSH_DIR + "/known_hosts",
        "  StrictHostKeyChecking yes",
        "  BatchMode yes",
        "  ServerAliveInterval 30",
        "");
  }

  private static int firstOf(String s, String chars) {
    int end = s.length();
    for (char c : chars.toCharArray()) {
      int i = s.indexOf(c);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    return end;
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
        // restic's progress lines once a minute in the journal, not several a second
        "Environment=RESTIC_PROGRESS_FPS=0.0166",
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
    if (settings.sftp().isPresent()) {
      BackupSettings.Sftp sftp = settings.sftp().get();
      host.run(Command.of("install", "-d", "-o", "root", "-g", "root", "-m", "0700", SSH_DIR)).requireSuccess();
      String key = sftp.identity().resolve(profile.secrets()).strip() + "\n";
      out.add(RemoteFiles.ensure(host, SSH_DIR + "/id", key.getBytes(StandardCharsets.UTF_8), SECRET, "sftp store key (0600)"));
      out.add(RemoteFiles.ensure(host, SSH_DIR + "/known_hosts", String.join("\n", sftp.knownHosts()) + "\n", SECRET,
          "sftp store host keys"));
      out.add(RemoteFiles.ensure(host, SSH_DIR + "/config", sshConfig(), SECRET, "sftp store ssh config"));
    }
    // the repository before the timers: a timer's first run finds it ready (init waits for a running backup, as a timer does)
    CommandResult init = host.run(Command.of(HostLayout.BACKUP_SCRIPT, "init").withEnv("VPS_BACKUP_WAIT", "600")
        .withTimeout(Duration.ofMinutes(15)));
    if (!init.ok()) {
      throw new BackupException(BackupException.Reason.FAILED, "the restic repository " + settings.repository()
          + " could not be opened or initialised: " + CommandResult.tail(init.stderr() + init.stdout(), 5));
    }
    out.add(init.stdout().contains("initialised") ? StepResult.changed("restic repository", "initialised " + settings.repository())
        : StepResult.unchanged("restic repository " + settings.repository()));
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
    return out;
  }
}
