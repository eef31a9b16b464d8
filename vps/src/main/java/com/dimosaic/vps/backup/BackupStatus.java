package com.dimosaic.vps.backup;

import java.time.Instant;
import java.util.Optional;

/**
 * The host's backup status, as the timer's runs left it ({@code status.json}, {@code verify.json} under
 * {@link com.dimosaic.vps.core.HostLayout#BACKUP_STATUS_DIR}).
 *
 * @param lastResult the last run's result: {@code success} or {@code failed}; empty when none ran
 * @param lastPoint the last run's point
 * @param lastSuccess when the last good backup finished
 * @param lastBytes bytes the last good run read
 * @param drill the last restore drill
 */
public record BackupStatus(Optional<String> lastResult, Optional<String> lastPoint, Optional<Instant> lastSuccess, long lastBytes,
    Optional<DrillReport> drill) {}
