package com.dimosaic.vps.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What a host looks like, read from the host itself, so that "a second run changes nothing" and
 * "rollback restores the first deploy" are proven by the host's state rather than by the SDK's own
 * change counter. Sections: every file under the folders the SDK manages (path, owner, group, mode,
 * size, mtime, SHA-256; folders without their mtime, which a temporary file moves), installed packages, users, groups and authorized keys, the firewall rules,
 * containers (id, image id, start time, restart count) and images, systemd units (state, main PID,
 * activation time) and crontabs.
 *
 * <pre>{@code
 * HostSnapshot before = HostSnapshot.of(box);
 * ... second run ...
 * HostSnapshot.of(box).assertSameAs(before);   // AssertionError listing every difference
 * }</pre>
 */
public final class HostSnapshot {
  /** The folders whose files the SDK writes (mox's data folder and the app's state log excluded, see {@link #of(Function)}). */
  public static final List<String> MANAGED = List.of("/home/app", "/home/mox", "/etc/cron.d", "/usr/local/bin", "/usr/local/sbin", "/etc/vps", "/etc/systemd/system",
      "/etc/docker", "/etc/ufw", "/etc/ssh", "/etc/apt", "/etc/sysctl.d", "/etc/logrotate.d", "/etc/sudoers.d", "/etc/timezone",
      "/etc/localtime", "/root/.ssh");

  private final Map<String, String> sections;

  private HostSnapshot(Map<String, String> sections) {
    this.sections = Map.copyOf(sections);
  }

  /** The snapshot of a box. */
  public static HostSnapshot of(VpsBox box) {
    return of(shell -> box.exec(shell).requireSuccess().output());
  }

  /**
   * The snapshot through any way of running a shell command as root on the host. Left out, because
   * they change while nothing is deployed: mox's {@code data} folder (mail, queue, its database), the
   * {@code .vps-state/audit.log} that records each run by design, shell history, and the systemd user
   * manager an SSH login starts.
   */
  public static HostSnapshot of(Function<String, String> exec) {
    Map<String, String> s = new LinkedHashMap<>();
    StringBuilder paths = new StringBuilder();
    for (String p : MANAGED) {
      paths.append(' ').append(p);
    }
    s.put("files", exec.apply("for p in" + paths + "; do [ -e \"$p\" ] || continue; find \"$p\" -xdev"
        + " \\( -path /home/mox/data -o -name audit.log -o -name .bash_history -o -name .lesshst \\) -prune -o"
        + " \\( -type d -printf '%p %u %g %m dir\\n' \\) -o -printf '%p %u %g %m %s %T@ %l\\n'; done | sort; for p in" + paths + "; do [ -e \"$p\" ] || continue; find \"$p\" -xdev"
        + " \\( -path /home/mox/data -o -name audit.log -o -name .bash_history -o -name .lesshst \\) -prune -o -type f -print0;"
        + " done | sort -z | xargs -0 -r sha256sum"));
    s.put("packages", exec.apply("dpkg-query -W -f '${Package} ${Version} ${db:Status-Abbrev}\\n' | sort"));
    s.put("users", exec.apply("getent passwd | sort; getent group | sort"));
    s.put("firewall", exec.apply("command -v ufw >/dev/null && ufw status numbered || echo 'no ufw'"));
    s.put("containers", exec.apply("command -v docker >/dev/null || { echo 'no docker'; exit 0; };"
        + " docker ps -aq | xargs -r docker inspect -f '{{.Name}} {{.Id}} {{.Image}} {{.State.Status}} {{.State.StartedAt}}"
        + " {{.RestartCount}}' | sort; docker images --no-trunc --format '{{.Repository}}:{{.Tag}} {{.ID}}' | sort;"
        + " docker network ls --format '{{.Name}} {{.ID}}' | sort; docker volume ls --format '{{.Name}}' | sort"));
    // an SSH login of root starts its user manager (user@0, user-runtime-dir@0, and references that are not found):
    // artefacts of the session that reads the snapshot, not of what the SDK did
    s.put("units", exec.apply("systemctl list-units --all --no-legend --plain --type=service,timer,socket | awk '{print $1, $2, $3, $4}'"
        + " | grep -v -e '^user@' -e '^user-runtime-dir@' -e ' not-found ' | sort; for u in mox docker ssh cron; do systemctl show -p MainPID -p ActiveEnterTimestamp -p NRestarts \"$u\" 2>/dev/null"
        + " | tr '\\n' ' '; echo \" $u\"; done"));
    s.put("crontabs", exec.apply("for u in root app; do echo \"$u:\"; crontab -l -u \"$u\" 2>/dev/null || true; done"));
    return new HostSnapshot(s);
  }

  /**
   * What a deployment consists of, for "rollback restores the state after deploy N": the deploy
   * folder's files by content, mode and owner (not mtime: a restore rewrites them), outside
   * {@code .vps-state} (backups, audit log, lock, last-deploy record), and the image each running
   * container runs (not its id: a restore recreates containers).
   */
  public static HostSnapshot stack(VpsBox box, String deployDir) {
    Function<String, String> exec = shell -> box.exec(shell).requireSuccess().output();
    Map<String, String> s = new LinkedHashMap<>();
    String dir = "'" + deployDir.replace("'", "'\\''") + "'";
    s.put("stack files", exec.apply("cd " + dir + " && find . -path ./.vps-state -prune -o \\( -type d -printf '%p %u %g %m dir\\n' \\)"
        + " -o -printf '%p %u %g %m %s\\n' | sort; find . -path ./.vps-state -prune -o -type f -print0 | sort -z | xargs -0 -r sha256sum"));
    s.put("running images", exec.apply("docker ps --format '{{.Names}}' | sort | while read -r c; do"
        + " echo \"$c $(docker inspect -f '{{.Image}} {{.Config.Image}}' \"$c\")\"; done"));
    return new HostSnapshot(s);
  }

  /** The text of one section ({@code files}, {@code packages}, {@code users}, …). */
  public String section(String name) {
    return Objects.requireNonNull(sections.get(name), "no section " + name);
  }

  /** Every line that differs, per section: {@code - } only in {@code before}, {@code + } only in this one. */
  public List<String> differences(HostSnapshot before) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : sections.entrySet()) {
      Set<String> was = new LinkedHashSet<>(before.section(e.getKey()).lines().toList());
      Set<String> now = new LinkedHashSet<>(e.getValue().lines().toList());
      for (String l : was) {
        if (!now.contains(l)) {
          out.add(e.getKey() + ": - " + l);
        }
      }
      for (String l : now) {
        if (!was.contains(l)) {
          out.add(e.getKey() + ": + " + l);
        }
      }
    }
    return out;
  }

  /**
   * Fails, listing every difference, unless this snapshot equals {@code before}.
   *
   * @throws AssertionError naming what changed on the host
   */
  public void assertSameAs(HostSnapshot before) {
    List<String> d = differences(before);
    if (!d.isEmpty()) {
      throw new AssertionError("the host changed (" + d.size() + " line(s)):\n  " + String.join("\n  ", d));
    }
  }
}
