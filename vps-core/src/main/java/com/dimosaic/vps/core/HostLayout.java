package com.dimosaic.vps.core;

/**
 * Where the SDK keeps things on a host, named once: the {@code app} user and its stack folder, the
 * state folder inside it, mox's home, and the static sites' root. Every module uses these instead of
 * spelling the paths.
 */
public final class HostLayout {
  private HostLayout() {}

  /** The unprivileged user that owns the stack and runs {@code docker compose}. */
  public static final String APP_USER = "app";
  /** The app user's home. */
  public static final String APP_HOME = "/home/" + APP_USER;
  /** The stack folder: {@code docker-compose.yml}, {@code .env}, Caddyfile and the other generated files. */
  public static final String STACK_DIR = APP_HOME + "/docker";
  /** The state folder's name inside the stack folder (lock, audit log, rollback points, last deploy). */
  public static final String STATE = ".vps-state";
  /** The state folder. */
  public static final String STATE_DIR = STACK_DIR + "/" + STATE;
  /** The system user mox runs as. */
  public static final String MOX_USER = "mox";
  /** mox's home: its binary, {@code config/}, {@code data/}. */
  public static final String MOX_HOME = "/home/" + MOX_USER;
  /** The certificates mox serves, synced from Caddy ({@code live} points at the current pair). */
  public static final String MOX_CERTS = MOX_HOME + "/certs";
  /** The static sites' root: {@code <root>/<site>/releases/…} and {@code <root>/<site>/current}. */
  public static final String SITES_DIR = "/var/www";
  /** The data-backup command provisioning installs (restic under the hood; see the {@code backup} package of {@code vps}). */
  public static final String BACKUP_SCRIPT = "/usr/local/sbin/vps-backup";
  /** The data backups' settings: {@code backup.conf}, the repository {@code password} and the backend's {@code env} (both 0600). */
  public static final String BACKUP_CONF_DIR = "/etc/vps/backup";
  /** The data backups' status: {@code status.json} (last run), {@code verify.json} (last restore drill), restic's cache. */
  public static final String BACKUP_STATUS_DIR = "/var/lib/vps/backup";
}
