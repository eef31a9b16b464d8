package com.dimosaic.vps.provision;

import com.dimosaic.vps.backup.BackupInstall;
import com.dimosaic.vps.backup.BackupPoint;
import com.dimosaic.vps.backup.BackupRun;
import com.dimosaic.vps.backup.DataBackups;
import com.dimosaic.vps.phase.Phase;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.phase.StepResult;
import java.util.List;

/**
 * Phase 9.5: data backups, when the profile has a {@code backup:} section: Debian's restic, the {@code vps-backup}
 * command, its settings and secrets, the backup and drill timers, the repository ({@link BackupInstall}); then a first
 * backup point when the repository has no complete one, so that a wrong repository or password shows now, and
 * validation finds a fresh backup.
 */
public final class BackupsPhase extends NumberedPhase {
  /** The phase. */
  public BackupsPhase() {
    super("backups", "9.5");
  }

  @Override
  protected void run(Phase.Context ctx, List<StepResult> out) {
    if (!ctx.profile().backup().enabled()) {
      throw new Skip("the profile has no backup: section");
    }
    out.add(ensurePackages(ctx, ctx.profile().backup().sftp().isPresent() ? List.of("restic", "openssh-client") : List.of("restic"), false));
    out.addAll(BackupInstall.of(ctx.profile()).apply(ctx.host()));
    DataBackups backups = new DataBackups(ctx.host(), ctx.profile());
    if (backups.list().stream().noneMatch(BackupPoint::complete)) {
      ProgressListener l = ctx.listener();
      // the run's own step lines reach the listener; the phase records the point once
      BackupRun run = backups.now(new ProgressListener() {
        @Override
        public void stepStarted(String phase, String step) {
          l.stepStarted(name(), step);
        }

        @Override
        public void output(String phase, String line) {
          l.output(name(), line);
        }
      });
      out.add(StepResult.changed("first backup point", run.point()));
    } else {
      out.add(StepResult.unchanged("backup points in the repository"));
    }
  }
}
