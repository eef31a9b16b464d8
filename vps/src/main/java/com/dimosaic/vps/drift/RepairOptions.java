package com.dimosaic.vps.drift;

import com.dimosaic.vps.plan.Confirmation;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link DriftRepair} runs.
 *
 * @param prune also remove what the profile does not know: extra UFW rules and extra containers (never without it)
 * @param confirmation sees the drift before anything changes ({@link Confirmation#yes()} for automation)
 * @param who recorded in the lock and the audit log
 * @param lockWait how long to wait for another deploy's lock
 * @param healthTimeout how long a recreated container may take to become healthy
 */
public record RepairOptions(boolean prune, Confirmation<DriftReport> confirmation, String who, Duration lockWait, Duration healthTimeout) {
  /** Checks the parts. */
  public RepairOptions {
    Objects.requireNonNull(confirmation, "confirmation == null");
    Objects.requireNonNull(who, "who == null");
    Objects.requireNonNull(lockWait, "lockWait == null");
    Objects.requireNonNull(healthTimeout, "healthTimeout == null");
  }

  /** A builder: no prune, no confirmation given (so nothing is applied unless one is), 60 s lock wait, 5 min health timeout. */
  public static Builder builder() {
    return new Builder();
  }

  /** Options. */
  public static final class Builder {
    private boolean prune;
    private Confirmation<DriftReport> confirmation = Confirmation.no();
    private String who = System.getProperty("user.name", "unknown");
    private Duration lockWait = Duration.ofSeconds(60);
    private Duration healthTimeout = Duration.ofMinutes(5);

    private Builder() {}

    /** Also remove extra UFW rules and extra containers. */
    public Builder prune(boolean prune) {
      this.prune = prune;
      return this;
    }

    /** Applies without asking ({@code --yes}). */
    public Builder yes() {
      this.confirmation = Confirmation.yes();
      return this;
    }

    /** Who decides, after seeing the drift. */
    public Builder confirmation(Confirmation<DriftReport> c) {
      this.confirmation = Objects.requireNonNull(c, "confirmation == null");
      return this;
    }

    /** Recorded in the lock and the audit log. */
    public Builder who(String who) {
      this.who = Objects.requireNonNull(who, "who == null");
      return this;
    }

    /** How long to wait for the deploy lock. */
    public Builder lockWait(Duration d) {
      this.lockWait = Objects.requireNonNull(d, "lockWait == null");
      return this;
    }

    /** How long a recreated container may take to become healthy. */
    public Builder healthTimeout(Duration d) {
      this.healthTimeout = Objects.requireNonNull(d, "healthTimeout == null");
      return this;
    }

    /** Builds. */
    public RepairOptions build() {
      return new RepairOptions(prune, confirmation, who, lockWait, healthTimeout);
    }
  }
}
