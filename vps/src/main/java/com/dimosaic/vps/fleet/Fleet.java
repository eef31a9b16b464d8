package com.dimosaic.vps.fleet;

import com.dimosaic.vps.core.Failures;
import com.dimosaic.vps.core.VpsException;
import com.dimosaic.vps.phase.PhaseResult;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.profile.FleetHost;
import com.dimosaic.vps.profile.Profile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one workflow on many hosts. In parallel mode every host runs (at most
 * {@link FleetOptions#parallel()} at once) and one host's failure does not stop the others. In rolling
 * mode hosts run {@link FleetOptions#rolling()} at a time, in inventory order; a batch must succeed
 * (its verdicts OK or WARN: the workflow's own health gates passed) before the next starts, and the
 * first failure stops the run, the hosts after it reported SKIPPED and left untouched.
 *
 * <pre>{@code
 * FleetReport<ValidationReport> r = Fleet.run("validate", profile, profile.inventory().hosts(), FleetOptions.defaults(),
 *     (host, p, listener) -> validateOver(host, p), Judges.validation());
 * }</pre>
 */
public final class Fleet {
  private static final Logger log = LoggerFactory.getLogger(Fleet.class);

  private Fleet() {}

  /**
   * Runs {@code task} on {@code hosts}.
   *
   * @param operation the workflow's name, for the report ({@code provision}, {@code validate}, ...)
   * @param profile the profile; each host gets {@link Profile#forHost}
   * @param hosts the hosts, in the order rolling takes them
   * @param options parallel or rolling, and the listener
   * @param task the workflow on one host
   * @param judge its result's verdict
   * @throws IllegalArgumentException when {@code hosts} is empty or names a host twice
   */
  public static <T> FleetReport<T> run(String operation, Profile profile, List<FleetHost> hosts, FleetOptions options, HostTask<T> task,
      Judge<T> judge) {
    Objects.requireNonNull(task, "task == null");
    Objects.requireNonNull(judge, "judge == null");
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("no hosts to run " + operation + " on");
    }
    if (hosts.stream().map(FleetHost::name).distinct().count() != hosts.size()) {
      throw new IllegalArgumentException("a host is named twice among " + hosts.stream().map(FleetHost::name).toList());
    }
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    int width = options.isRolling() ? options.rolling() : options.parallel();
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(width, hosts.size()), r -> {
      Thread t = new Thread(r, "vps-fleet-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    List<HostResult<T>> results = new ArrayList<>();
    try {
      int batch = options.isRolling() ? options.rolling() : hosts.size();
      Optional<FleetHost> stoppedAt = Optional.empty();
      for (int i = 0; i < hosts.size(); i += batch) {
        List<FleetHost> now = hosts.subList(i, Math.min(hosts.size(), i + batch));
        if (stoppedAt.isPresent()) {
          for (FleetHost h : now) {
            HostResult<T> skipped = new HostResult<>(h, new Verdict(HostStatus.SKIPPED, "not started: the rolling " + operation + " stopped at "
                + stoppedAt.get().name(), List.of()), Duration.ZERO, Optional.empty());
            options.listener().hostFinished(skipped);
            results.add(skipped);
          }
          continue;
        }
        List<Future<HostResult<T>>> running = new ArrayList<>();
        for (FleetHost h : now) {
          running.add(pool.submit(() -> one(operation, h, profile, task, judge, options.listener())));
        }
        for (Future<HostResult<T>> f : running) {
          HostResult<T> r = await(f);
          results.add(r);
          if (options.isRolling() && !r.status().succeeded() && stoppedAt.isEmpty()) {
            stoppedAt = Optional.of(r.host());
            log.warn("rolling {} stops: {} {}", operation, r.host().name(), r.status());
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return new FleetReport<>(operation, profile.name(), options.mode(), started, Duration.ofNanos(System.nanoTime() - t0), results);
  }

  private static <T> HostResult<T> await(Future<HostResult<T>> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the fleet's hosts", e);
    } catch (ExecutionException e) {
      // one() catches everything a task throws; an Error is not for us to hide
      throw new IllegalStateException(Failures.describe(e.getCause()), e.getCause());
    }
  }

  private static <T> HostResult<T> one(String operation, FleetHost h, Profile profile, HostTask<T> task, Judge<T> judge, FleetListener l) {
    l.hostStarted(h);
    long t0 = System.nanoTime();
    HostResult<T> result;
    try {
      T value = task.run(h, profile.forHost(h), progress(h, l));
      result = new HostResult<>(h, judge.judge(value), Duration.ofNanos(System.nanoTime() - t0), Optional.ofNullable(value));
    } catch (VpsException e) {
      HostStatus s = e.category() == VpsException.Category.UNREACHABLE ? HostStatus.UNREACHABLE : HostStatus.FAILED;
      result = failed(operation, h, s, e.getMessage(), t0);
    } catch (RuntimeException e) {
      result = failed(operation, h, HostStatus.FAILED, Failures.describe(e), t0);
    }
    log.debug("{} on {}: {} ({})", operation, h.name(), result.status(), result.verdict().summary());
    l.hostFinished(result);
    return result;
  }

  private static <T> HostResult<T> failed(String operation, FleetHost h, HostStatus s, String why, long t0) {
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    return new HostResult<>(h, new Verdict(s, why, List.of(new Verdict.Case(operation, s, why, took))), took, Optional.empty());
  }

  /** A host's progress listener: its phases reach the fleet listener. */
  private static ProgressListener progress(FleetHost h, FleetListener l) {
    return new ProgressListener() {
      @Override
      public void phaseStarted(String phase) {
        l.hostProgress(h, phase);
      }

      @Override
      public void stepStarted(String phase, String step) {
        l.hostProgress(h, phase + ": " + step);
      }

      @Override
      public void phaseFinished(PhaseResult result) {
        l.hostProgress(h, result.phase() + " " + result.status().name().toLowerCase(java.util.Locale.ROOT));
      }
    };
  }
}
