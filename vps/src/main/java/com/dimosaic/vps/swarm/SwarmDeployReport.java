package com.dimosaic.vps.swarm;

import com.dimosaic.vps.phase.StepResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A stack deploy on a swarm.
 *
 * @param stack the stack's name
 * @param result how it ended
 * @param steps what was done (configs, secrets, the stack file, each service's update)
 * @param services each service's state afterwards: {@code running/desired} replicas and its image
 * @param took how long it took
 * @param failure what failed or rolled back, when something did
 */
public record SwarmDeployReport(String stack, Result result, List<StepResult> steps, Map<String, String> services, Duration took,
    Optional<String> failure) {
  /** How a stack deploy ended. */
  public enum Result {
    /** Deployed and converged: every service's replicas running and healthy. */
    SUCCESS,
    /** Nothing differed: no object created, the stack file and every service's spec as they were (compared on the manager). */
    NO_CHANGES,
    /** A service's update failed its health gate and Swarm rolled it back by itself (the previous tasks serve). */
    ROLLED_BACK,
    /** Failed (an update paused, or the stack did not converge in time). */
    FAILED
  }

  /** Copies the collections. */
  public SwarmDeployReport {
    steps = List.copyOf(steps);
    services = Map.copyOf(new java.util.TreeMap<>(services));
  }

  /** The human report. */
  public String toText() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Swarm deploy of stack %s: %s in %.1f s%n", stack, result,
        took.toMillis() / 1000.0));
    steps.forEach(s -> sb.append("  ").append(s.changed() ? "~ " : "= ").append(s.step()).append(s.detail().isEmpty() ? "" : " (" + s.detail()
        + ")").append('\n'));
    new java.util.TreeMap<>(services).forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
    failure.ifPresent(f -> sb.append(f).append('\n'));
    return sb.toString();
  }
}
