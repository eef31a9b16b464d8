package com.dimosaic.vps.validation;

import com.dimosaic.vps.core.Failures;
import com.dimosaic.vps.core.HostLayout;
import com.dimosaic.vps.core.VpsException;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.remote.RedactingRemoteHost;
import com.dimosaic.vps.remote.RemoteHost;
import com.dimosaic.vps.secrets.Redactor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs checks against a host and returns a {@link ValidationReport}. Checks run in parallel over the
 * host's single connection (bounded by {@link Builder#parallelism}); each has a timeout and optional
 * retries; {@link Builder#untilHealthy} re-runs failing checks until they pass or an overall deadline.
 *
 * <pre>{@code
 * ValidationReport report = Validator.builder(profile, host).build().validate();
 * log.info(report.toText());
 * }</pre>
 */
public final class Validator {
  private static final Logger log = LoggerFactory.getLogger(Validator.class);

  private final Profile profile;
  private final RemoteHost host;
  private final List<Check> checks;
  private final ServiceAccess services;
  private final int parallelism;
  private final Duration checkTimeout;
  private final int retries;
  private final Duration untilHealthy;

  private Validator(Builder b) {
    this.profile = b.profile;
    this.host = b.host;
    this.services = b.services;
    this.checks = b.checks != null ? List.copyOf(b.checks) : Checks.forProfile(b.profile, b.options);
    this.parallelism = b.parallelism;
    this.checkTimeout = b.checkTimeout;
    this.retries = b.retries;
    this.untilHealthy = b.untilHealthy;
  }

  /** A builder: by default the checks generated from the profile, run in its compose project as {@code app}. */
  public static Builder builder(Profile profile, RemoteHost host) {
    return new Builder(profile, host);
  }

  /** The checks this validator runs. */
  public List<Check> checks() {
    return checks;
  }

  /** Runs every check. */
  public ValidationReport validate() {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    long deadline = untilHealthy.isZero() ? 0 : t0 + untilHealthy.toNanos();
    // check details quote logs and command output: they are redacted with the profile's secrets
    RemoteHost h = host.redactor().isEmpty() ? RedactingRemoteHost.wrap(host, Redactor.of(profile.secrets())) : host;
    CheckContext ctx = new CheckContext(h, profile, services);
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, daemon("vps-validate"));
    // check bodies run on their own threads so that a timed-out check can be abandoned; not on the common
    // pool, which is sized to the CPUs and would serialise checks that mostly wait on the network
    ExecutorService bodies = Executors.newCachedThreadPool(daemon("vps-check"));
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (Check c : checks) {
        futures.add(pool.submit(() -> runWithRetries(c, ctx, deadline, bodies)));
      }
      List<Outcome> out = new ArrayList<>();
      for (Future<Outcome> f : futures) {
        try {
          out.add(f.get());
        } catch (ExecutionException e) {
          throw new VpsException("validation failed: " + Failures.describe(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new VpsException("validation interrupted", e);
        }
      }
      return new ValidationReport(profile.name(), host.describe(), started, Duration.ofNanos(System.nanoTime() - t0), out);
    } finally {
      pool.shutdownNow();
      bodies.shutdownNow();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  private Outcome runWithRetries(Check c, CheckContext ctx, long deadline, ExecutorService bodies) {
    long start = System.nanoTime();
    int attempts = 0;
    CheckResult r;
    while (true) {
      attempts++;
      r = runOnce(c, ctx, bodies);
      boolean moreRetries = attempts <= retries;
      boolean beforeDeadline = deadline != 0 && System.nanoTime() < deadline;
      if (r.status() != Status.FAIL || !(moreRetries || beforeDeadline)) {
        break;
      }
      try {
        Thread.sleep(deadline != 0 ? 1000 : 250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    Redactor redactor = ctx.host().redactor();
    CheckResult shown = new CheckResult(r.status(), redactor.apply(r.detail()), r.hint().map(redactor));
    return new Outcome(c.id(), c.category(), c.name(), shown, Duration.ofNanos(System.nanoTime() - start), attempts);
  }

  private CheckResult runOnce(Check c, CheckContext ctx, ExecutorService bodies) {
    CompletableFuture<CheckResult> f = CompletableFuture.supplyAsync(() -> c.run(ctx), bodies);
    try {
      return f.get(checkTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return CheckResult.fail("timed out after " + checkTimeout.toSeconds() + " s", "the host's load and the service itself");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      log.debug("check {} threw", c.id(), cause);
      return CheckResult.fail("check error: " + Failures.describe(cause), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.fail("interrupted", null);
    }
  }

  /** Options. */
  public static final class Builder {
    private final Profile profile;
    private final RemoteHost host;
    private List<Check> checks;
    private ValidationOptions options = ValidationOptions.DEFAULT;
    private ServiceAccess services = ServiceAccess.compose(HostLayout.STACK_DIR, HostLayout.APP_USER);
    private int parallelism = 8;
    private Duration checkTimeout = Duration.ofSeconds(20);
    private int retries;
    private Duration untilHealthy = Duration.ZERO;

    private Builder(Profile profile, RemoteHost host) {
      this.profile = Objects.requireNonNull(profile, "profile == null");
      this.host = Objects.requireNonNull(host, "host == null");
    }

    /** What the generated checks probe (default {@link ValidationOptions#DEFAULT}). */
    public Builder options(ValidationOptions o) {
      this.options = Objects.requireNonNull(o, "options == null");
      return this;
    }

    /** Runs these checks instead of the generated ones. */
    public Builder checks(List<Check> list) {
      this.checks = List.copyOf(list);
      return this;
    }

    /** How commands reach services (default: {@code docker compose exec} in {@code /home/app/docker} as {@code app}). */
    public Builder services(ServiceAccess access) {
      this.services = Objects.requireNonNull(access, "access == null");
      return this;
    }

    /** How many checks run at once (default 8, the SSH channel cap). */
    public Builder parallelism(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1");
      }
      this.parallelism = n;
      return this;
    }

    /** The per-attempt timeout (default 20 s). */
    public Builder checkTimeout(Duration d) {
      this.checkTimeout = d;
      return this;
    }

    /** Re-runs a failing check this many times. */
    public Builder retries(int n) {
      this.retries = n;
      return this;
    }

    /** Re-runs failing checks until they pass or this much time has passed (after deploys). */
    public Builder untilHealthy(Duration deadline) {
      this.untilHealthy = deadline;
      return this;
    }

    /** Builds. */
    public Validator build() {
      return new Validator(this);
    }
  }
}
