package com.dimosaic.vps.backup;

import com.dimosaic.vps.plan.Confirmation;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a restore runs.
 *
 * @param only the items to restore: {@code postgres} (every database of the point), {@code postgres:<db>}, {@code redis},
 *     {@code mox}, {@code caddy}, {@code www}, {@code state}; empty means all but {@code state}
 * @param dryRun plan only: nothing is stopped or replaced
 * @param confirmation sees the plan and decides (default: yes)
 * @param who recorded in the deploy lock and the audit log
 * @param healthTimeout how long each restarted service may take to become healthy
 * @param lockWait how long to wait for the deploy lock
 */
public record RestoreOptions(List<String> only, boolean dryRun, Confirmation<? super RestorePlan> confirmation, String who,
    Duration healthTimeout, Duration lockWait) {
  /** Copies the list. */
  public RestoreOptions {
    only = List.copyOf(only);
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link RestoreOptions}. */
  public static final class Builder {
    private List<String> only = List.of();
    private boolean dryRun;
    private Confirmation<? super RestorePlan> confirmation = Confirmation.yes();
    private String who = System.getProperty("user.name", "unknown") + "@sdk";
    private Duration healthTimeout = Duration.ofMinutes(5);
    private Duration lockWait = Duration.ZERO;

    private Builder() {}

    /** Restores only these items (see {@link RestoreOptions#only}). */
    public Builder only(List<String> items) {
      this.only = Objects.requireNonNull(items, "items == null");
      return this;
    }

    /** Plans only. */
    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    /** Who decides after seeing the plan. */
    public Builder confirmation(Confirmation<? super RestorePlan> c) {
      this.confirmation = Objects.requireNonNull(c, "confirmation == null");
      return this;
    }

    /** Who restores (lock and audit log). */
    public Builder who(String who) {
      this.who = Objects.requireNonNull(who, "who == null");
      return this;
    }

    /** Per restarted service. */
    public Builder healthTimeout(Duration t) {
      this.healthTimeout = Objects.requireNonNull(t, "healthTimeout == null");
      return this;
    }

    /** For the deploy lock. */
    public Builder lockWait(Duration t) {
      this.lockWait = Objects.requireNonNull(t, "lockWait == null");
      return this;
    }

    /** The options. */
    public RestoreOptions build() {
      return new RestoreOptions(only, dryRun, confirmation, who, healthTimeout, lockWait);
    }
  }
}
