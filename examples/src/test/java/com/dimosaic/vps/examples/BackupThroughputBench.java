package com.dimosaic.vps.examples;

import com.dimosaic.vps.Vps;
import com.dimosaic.vps.VpsSession;
import com.dimosaic.vps.backup.BackupRun;
import com.dimosaic.vps.backup.DataBackups;
import com.dimosaic.vps.backup.RestoreOptions;
import com.dimosaic.vps.backup.RestoreReport;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.provision.ProvisionReport;
import com.dimosaic.vps.testing.FakeNetcupServer;
import com.dimosaic.vps.testing.Processes;
import com.dimosaic.vps.testing.VpsBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Backup and restore throughput of a PostgreSQL database ({@code BENCH_MB}, default 1024 MB of incompressible rows) on a
 * provisioned "VPS in a box": {@code vps backup now} and {@code vps backup restore --only postgres:bench} against the
 * same work done by hand on the same box ({@code pg_dump -Fc | restic backup --stdin} into a second repository, and
 * {@code restic dump | pg_restore} into a fresh database), side by side. Run by {@code bench/backup-throughput.sh}.
 * The SDK's run also backs up the rest of the stack (Redis, mox, Caddy, the sites), a few MB.
 */
public final class BackupThroughputBench {
  private static final String PG = "cd /home/app/docker && docker compose exec -T -u postgres postgres ";

  private BackupThroughputBench() {}

  /** Runs the benchmark and prints the table. */
  public static void main(String[] args) throws Exception {
    int mb = Integer.parseInt(System.getenv().getOrDefault("BENCH_MB", "1024"));
    Path tmp = Files.createTempDirectory("vps-bench-backup");
    try {
      run(tmp, mb);
    } finally {
      Processes.deleteTree(tmp);
    }
  }

  private static void run(Path tmp, int mb) throws Exception {
    E2eFixture e2e = new E2eFixture(tmp);
    try (VpsBox box = e2e.box(); FakeNetcupServer netcup = E2eFixture.netcup()) {
      Path dir = e2e.profileDir(BackupsOnTheBox.FIND, BackupsOnTheBox.BACKUP.replace("checkSubset: 100%", "checkSubset: 1%"));
      Profile profile = E2eFixture.load(dir);
      try (VpsSession vps = Vps.connect(e2e.target(box))) {
        ProvisionReport r = vps.provision(profile, e2e.options(box, netcup), ProgressListener.NONE);
        if (r.result() != ProvisionReport.Result.SUCCESS) {
          throw new IllegalStateException(r.toText());
        }
        // ~1 kB per row of hex digits from random() (compresses to about half, as real data often does)
        long rows = mb * 1024L;
        long t0 = System.nanoTime();
        bash(box, PG + "createdb bench");
        bash(box, PG + "psql -X -q -d bench -c \"CREATE TABLE big AS SELECT g AS id, (SELECT string_agg(md5(random()::text), '')"
            + " FROM generate_series(1, 32) WHERE g > 0) AS v FROM generate_series(1, " + rows + ") g\"");
        String size = bash(box, PG + "psql -X -A -t -d bench -c \"SELECT pg_database_size('bench')\"").strip();
        double dbMb = Long.parseLong(size) / 1048576.0;
        System.out.printf(Locale.ROOT, "database bench: %.0f MB on disk, %d rows (made in %.0f s)%n", dbMb, rows,
            (System.nanoTime() - t0) / 1e9);

        DataBackups backups = vps.backups(profile);
        long b0 = System.nanoTime();
        BackupRun run = backups.now(ProgressListener.NONE);
        double oursBackup = (System.nanoTime() - b0) / 1e9;
        long r0 = System.nanoTime();
        RestoreReport restored = backups.restore(run.point(), RestoreOptions.builder().only(List.of("postgres:bench")).build(),
            ProgressListener.NONE);
        double oursRestore = (System.nanoTime() - r0) / 1e9;
        if (restored.result() != RestoreReport.Result.SUCCESS) {
          throw new IllegalStateException(restored.toString());
        }

        // by hand, on the same box, into a second repository with the same password file
        String env = "export RESTIC_PASSWORD_FILE=/etc/vps/backup/password RESTIC_REPOSITORY=/var/backups/by-hand;";
        bash(box, env + "restic init >/dev/null");
        double handBackup = timed(box, env + PG + "pg_dump -Fc bench | restic backup --quiet --stdin --stdin-filename bench.dump");
        bash(box, PG + "createdb bench2");
        double handRestore = timed(box, env + "restic dump latest /bench.dump | (" + PG + "pg_restore -d bench2)");

        System.out.println();
        System.out.printf(Locale.ROOT, "%-34s %10s %12s%n", "", "seconds", "MB/s (db)");
        row("vps backup now (whole stack)", oursBackup, dbMb);
        row("pg_dump | restic backup --stdin", handBackup, dbMb);
        row("vps backup restore postgres:bench", oursRestore, dbMb);
        row("restic dump | pg_restore", handRestore, dbMb);
        System.out.printf(Locale.ROOT, "%nbackup: %+.0f%% over by hand (rows counted from the dump, globals, the other items, retention);"
            + " restore: %+.0f%% (stop/start of its services, --clean in one transaction)%n", (oursBackup / handBackup - 1) * 100,
            (oursRestore / handRestore - 1) * 100);
      }
    }
  }

  private static double timed(VpsBox box, String shell) {
    long t0 = System.nanoTime();
    bash(box, shell);
    return (System.nanoTime() - t0) / 1e9;
  }

  /** bash in the box (pipefail on), an hour at most; its output. */
  private static String bash(VpsBox box, String shell) {
    return VpsBox.docker(java.time.Duration.ofHours(1), "exec", box.container(), "bash", "-c", "set -o pipefail; " + shell)
        .requireSuccess().output();
  }

  private static void row(String what, double seconds, double mb) {
    System.out.printf(Locale.ROOT, "%-34s %10.1f %12.1f%n", what, seconds, mb / seconds);
  }
}
