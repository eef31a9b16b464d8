/**
 * Data backups: restic snapshots of every stateful service (PostgreSQL dumps per database, Redis after
 * {@code BGSAVE}, mox's own consistent backup, Caddy's data volume, the static sites, the state folder), taken
 * by a systemd timer on the host ({@link com.dimosaic.vps.backup.BackupInstall}), listed, restored plan-first
 * ({@link com.dimosaic.vps.backup.DataBackups}) and proven by a restore drill into scratch containers and
 * folders ({@link com.dimosaic.vps.backup.DrillReport}).
 */
package com.dimosaic.vps.backup;
