package com.dimosaic.vps.app;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * What a container delivery did.
 *
 * @param service the service
 * @param action {@code redeploy} or {@code build-on-host}
 * @param reference the image reference the service runs
 * @param previousImage the image ID it ran before, when it ran
 * @param image the image ID it runs now
 * @param revision build on host: the commit built (and its subject)
 * @param changed whether the container was replaced (false when the image was already running)
 * @param prunedImages how many older images of the service were removed (the previous one is always kept)
 * @param took how long it took
 */
public record Delivery(String service, String action, String reference, Optional<String> previousImage, String image,
    Optional<String> revision, boolean changed, int prunedImages, Duration took) {

  /** One line for a terminal or a CI log. */
  public String toText() {
    return String.format(Locale.ROOT, "%s %s: %s (%s)%s%s, %.1f s", action, service, changed ? "now runs " + reference : "unchanged, "
        + reference, shortId(image), revision.map(r -> " at " + r).orElse(""), changed ? previousImage.map(p -> "; was " + shortId(p))
        .orElse("") + (prunedImages > 0 ? "; " + prunedImages + " old image(s) removed" : "") : "", took.toMillis() / 1000.0);
  }

  static String shortId(String id) {
    String s = id.startsWith("sha256:") ? id.substring(7) : id;
    return s.substring(0, Math.min(12, s.length()));
  }
}
