package com.dimosaic.vps.profile;

import com.dimosaic.vps.secrets.SecretTemplate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Data backups (profile {@code backup:}): restic snapshots of every stateful service, taken by a systemd
 * timer on the host, kept by a retention policy, and proven by a weekly restore drill.
 *
 * <pre>
 * backup:
 *   repository: /var/backups/vps          # or sftp:user@host:/path, s3:https://host/bucket/path, rest:...
 *   password: ${secret:RESTIC_PASSWORD}   # restic reads it from a file on the host, never an argument
 *   schedule: daily                       # systemd OnCalendar
 *   maxAge: 26h                           # validation FAILs when the last good backup is older
 *   verify: weekly                        # the restore drill's OnCalendar
 *   checkSubset: 10%                      # restic check --read-data-subset in the drill
 *   retention: { last: 3, daily: 7, weekly: 4, monthly: 6 }
 *   environment:                          # restic's backend credentials (S3: AWS_ACCESS_KEY_ID, ...)
 *     AWS_ACCESS_KEY_ID: ${secret:S3_KEY_ID}
 *   sftp:                                 # for an sftp: repository: the key and the store's host key
 *     identity: ${secret:BACKUP_SSH_KEY}
 *     knownHosts: ["store.example.net ssh-ed25519 AAAAC3..."]
 * </pre>
 *
 * @param enabled whether provisioning installs backups (the section is there and not {@code enabled: false})
 * @param repository the restic repository
 * @param password the repository password: one secret reference
 * @param environment variables for restic's backend (credentials as secret references)
 * @param schedule when backups run (systemd OnCalendar)
 * @param maxAge how old the last good backup may be before validation FAILs
 * @param verifySchedule when the restore drill runs (systemd OnCalendar)
 * @param checkSubset how much of the repository's data the drill reads back ({@code restic check --read-data-subset})
 * @param retention which points are kept
 * @param sftp how an {@code sftp:} repository is reached
 */
public record BackupSettings(
    boolean enabled, String repository, Optional<SecretTemplate> password, Map<String, SecretTemplate> environment, String schedule,
    Duration maxAge, String verifySchedule, String checkSubset, Retention retention, Optional<Sftp> sftp) {

  /** No backups. */
  public static final BackupSettings NONE = new BackupSettings(false, "", Optional.empty(), Map.of(), "daily", Duration.ofHours(26),
      "weekly", "10%", Retention.DEFAULT, Optional.empty());

  /** Copies the map (keeping its order); nothing is null. */
  public BackupSettings {
    Objects.requireNonNull(repository, "repository == null");
    Objects.requireNonNull(password, "password == null");
    environment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
    Objects.requireNonNull(schedule, "schedule == null");
    Objects.requireNonNull(maxAge, "maxAge == null");
    Objects.requireNonNull(verifySchedule, "verifySchedule == null");
    Objects.requireNonNull(checkSubset, "checkSubset == null");
    Objects.requireNonNull(retention, "retention == null");
    Objects.requireNonNull(sftp, "sftp == null");
  }

  /**
   * How the host reaches an {@code sftp:} repository: OpenSSH with this key, and only to a store whose host key is listed
   * (strict checking; no trust on first use).
   *
   * @param identity the private key (OpenSSH format): one secret reference
   * @param knownHosts the store's host keys, as {@code known_hosts} lines ({@code host keytype base64})
   */
  public record Sftp(SecretTemplate identity, List<String> knownHosts) {
    /** Copies the list. */
    public Sftp {
      Objects.requireNonNull(identity, "identity == null");
      knownHosts = List.copyOf(knownHosts);
    }
  }

  /**
   * How many points restic keeps: the newest {@code last}, and the newest of each of the last {@code daily} days,
   * {@code weekly} weeks and {@code monthly} months.
   *
   * @param last the newest points kept whatever their age
   * @param daily days
   * @param weekly weeks
   * @param monthly months
   */
  public record Retention(int last, int daily, int weekly, int monthly) {
    /** 3 last, 7 daily, 4 weekly, 6 monthly. */
    public static final Retention DEFAULT = new Retention(3, 7, 4, 6);
  }
}
