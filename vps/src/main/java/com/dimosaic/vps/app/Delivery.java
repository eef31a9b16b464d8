package com.dimosaic.vps.app;

import com.dimosaic.vps.rollout.Strategy;
import com.dimosaic.vps.rollout.Switch;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * What a container delivery did.
 *
 * @param service the service
 * @param action {@code redeploy} or {@code build-on-host}
 * @param outcome updated, unchanged, or rolled back to the previous image
 * @param reference the image reference the service runs
 * @param previousImage the image ID it ran before, when it ran
 * @param image the image ID it runs now (after a rollback: the previous one again)
 * @param revision build on host: the commit built (and its subject)
 * @param prunedImages how many older images of the service were removed (the previous one is always kept)
 * @param failure after a rollback or a rejection: why the new container was given up (health output, its last log lines)
 * @param took how long it took
 * @param strategy how the container was (or would have been) replaced: blue-green or restart
 * @param switched a blue/green replacement: the containers and the times of the switch
 */
public record Delivery(String service, String action, Outcome outcome, String reference, Optional<String> previousImage, String image,
    Optional<String> revision, int prunedImages, Optional<String> failure, Duration took, Strategy strategy,
    Optional<Switch> switched) {

  /** How a delivery ended. */
  public enum Outcome {
    /** The service runs the new image. */
    UPDATED,
    /** The image was already running; nothing was recreated. */
    UNCHANGED,
    /** The new container did not become healthy; the previous image serves again (after a stop-start). */
    ROLLED_BACK,
    /**
     * Blue/green: the new container did not become healthy and never took a request; the previous
     * container, which never stopped, serves on.
     */
    REJECTED
  }

  /** Whether the container was replaced with the new image (false when unchanged or rolled back). */
  public boolean changed() {
    return outcome == Outcome.UPDATED;
  }

  /** Whether the delivery reached its goal (updated or already there); false after a rollback or a rejection. */
  public boolean ok() {
    return outcome == Outcome.UPDATED || outcome == Outcome.UNCHANGED;
  }

  /** One line for a terminal or a CI log (after a rollback, followed by why). */
  public String toText() {
    if (outcome == Outcome.ROLLED_BACK) {
      return String.format(Locale.ROOT, "%s %s: rolled back, the previous image (%s) serves again, %.1f s%n%s", action, service,
          previousImage.map(Delivery::shortId).orElse("?"), took.toMillis() / 1000.0, failure.orElse(""));
    }
    if (outcome == Outcome.REJECTED) {
      return String.format(Locale.ROOT, "%s %s: failed, the new container never took traffic; the previous one (%s) serves on, %.1f s%n%s",
          action, service, previousImage.map(Delivery::shortId).orElse("?"), took.toMillis() / 1000.0, failure.orElse(""));
    }
    boolean changed = changed();
    return String.format(Locale.ROOT, "%s %s: %s (%s)%s%s, %.1f s", action, service, changed ? "now runs " + reference : "unchanged, "
        + reference, shortId(image), revision.map(r -> " at " + r).orElse(""), changed ? previousImage.map(p -> "; was " + shortId(p))
        .orElse("") + (prunedImages > 0 ? "; " + prunedImages + " old image(s) removed" : "") + switched.map(w -> "; " + strategy
        + " in " + String.format(Locale.ROOT, "%.1f s", w.total().toMillis() / 1000.0) + " (drained in " + String.format(Locale.ROOT,
        "%.1f s", w.drained().toMillis() / 1000.0) + ")").orElse(changed ? "; " + strategy : "") : "", took.toMillis() / 1000.0);
  }

  static String shortId(String id) {
    String s = id.startsWith("sha256:") ? id.substring(7) : id;
    return s.substring(0, Math.min(12, s.length()));
  }
}
