package com.dimosaic.vps.fleet;

import java.util.Objects;

/**
 * How a fleet run goes: in parallel with a cap (default 8 hosts at a time, one SSH connection each),
 * or rolling ({@code rolling(n)}: n hosts at a time, each batch must pass before the next starts, and
 * the first failure stops the run with the remaining hosts untouched). Build with {@link #builder()}.
 */
public final class FleetOptions {
  /** The default cap on hosts worked on at once. */
  public static final int DEFAULT_PARALLEL = 8;

  private final int parallel;
  private final int rolling;
  private final FleetListener listener;

  private FleetOptions(Builder b) {
    this.parallel = b.parallel;
    this.rolling = b.rolling;
    this.listener = b.listener;
  }

  /** Parallel, 8 at a time, no listener. */
  public static FleetOptions defaults() {
    return builder().build();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The cap on hosts worked on at once in parallel mode. */
  public int parallel() {
    return parallel;
  }

  /** Hosts per batch when rolling; 0 when the run is parallel. */
  public int rolling() {
    return rolling;
  }

  /** Whether the run is rolling. */
  public boolean isRolling() {
    return rolling > 0;
  }

  /** The live progress listener. */
  public FleetListener listener() {
    return listener;
  }

  /** {@code parallel 8} or {@code rolling 1}. */
  public String mode() {
    return isRolling() ? "rolling " + rolling : "parallel " + parallel;
  }

  /** Builds {@link FleetOptions}. */
  public static final class Builder {
    private int parallel = DEFAULT_PARALLEL;
    private int rolling;
    private FleetListener listener = FleetListener.NONE;

    private Builder() {}

    /**
     * Hosts worked on at once (default 8).
     *
     * @throws IllegalArgumentException unless 1 to 256
     */
    public Builder parallel(int n) {
      if (n < 1 || n > 256) {
        throw new IllegalArgumentException("parallel must be 1 to 256, not " + n);
      }
      this.parallel = n;
      return this;
    }

    /**
     * Rolling: {@code n} hosts at a time, stopping at the first failure (0: parallel, the default).
     *
     * @throws IllegalArgumentException when negative or above 256
     */
    public Builder rolling(int n) {
      if (n < 0 || n > 256) {
        throw new IllegalArgumentException("rolling must be 1 to 256 (0: parallel), not " + n);
      }
      this.rolling = n;
      return this;
    }

    /** Live progress. */
    public Builder listener(FleetListener l) {
      this.listener = Objects.requireNonNull(l, "listener == null");
      return this;
    }

    /** Builds. */
    public FleetOptions build() {
      return new FleetOptions(this);
    }
  }
}
