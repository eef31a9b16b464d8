package com.dimosaic.vps.app;

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
 * @param failure after a rollback: why the new container was given up (health output, its last log lines)
 * @param took how long it took
 */
public record Delivery(String service, String action, Outcome outcome, String reference, Optional<String> previousImage, String image,
    Optional<String> revision, int prunedImages, Optional<String> failure, Duration took) {

  /** How a delivery ended. */
  public enum Outcome {
    /** The service runs the new image. */
    UPDATED,
    /** The image was already running; nothing was recreated. */
    UNCHANGED,
    /** The new container did not become healthy; the previous image serves again. */
    ROLLED_BACK
  }

  /** Whether the container was replaced with the new image (false when unchanged or rolled back). */
  public boolean changed() {
    return outcome == Outcome.UPDATED;
  }

  /** Whether the delivery reached its goal (updated or already there); false after a rollback. */
  public boolean ok() {
    return outcome != Outcome.ROLLED_BACK;
  }

  /** One line for a terminal or a CI log (after a rollback, followed by why). */
  public String toText() {
    if (outcome == Outcome.ROLLED_BACK) {
      return String.format(Locale.ROOT, "%s %s: rolled back, the previous image (%s) serves again, %.1f s%n%s", action, service,
          previousImage.map(Delivery::shortId).orElse("?"), took.toMillis() / 1000.0, failure.orElse(""));
    }
    boolean changed = changed();
    return String.format(Locale.ROOT, "%s %s: %s (%s)%s%s, %.1f s", action, service, changed ? "now runs " + reference : "unchanged, "
        + reference, shortId(image), revision.map(r -> " at " + r).orElse(""), changed ? previousImage.map(p -> "; was " + shortId(p))
        .orElse("") + (prunedImages > 0 ? "; " + prunedImages + " old image(s) removed" : "") : "", took.toMillis() / 1000.0);
  }

  static String shortId(String id) {
    String s = id.startsWith("sha256:") ? id.substring(7) : id;
    return s.substring(0, Math.min(12, s.length()));
  }
}
