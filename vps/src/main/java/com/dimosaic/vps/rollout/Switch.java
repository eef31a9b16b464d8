package com.dimosaic.vps.rollout;

import java.time.Duration;
import java.util.List;

/**
 * What a {@link BlueGreen blue/green switch} did.
 *
 * @param service the compose service
 * @param from the containers that served before (removed now)
 * @param to the containers that serve now
 * @param ready from starting the new containers to all of them healthy (and answering the HTTP check)
 * @param drained from the switch to the old containers having no request in flight (or the drain time)
 * @param inFlightAtSwitch requests the old containers still had in flight right after the switch
 * @param total from starting the new containers to the old ones removed
 */
public record Switch(String service, List<String> from, List<String> to, Duration ready, Duration drained, int inFlightAtSwitch,
    Duration total) {
  /** Copies the lists. */
  public Switch {
    from = List.copyOf(from);
    to = List.copyOf(to);
  }

  /** One line, e.g. {@code hello: e2e-hello-1 → e2e-hello-2 (healthy in 3.1 s, drained in 0.2 s, 4.6 s in all)}. */
  public String toText() {
    return service + ": " + String.join(", ", from) + " → " + String.join(", ", to) + " (healthy in " + seconds(ready) + ", drained in "
        + seconds(drained) + (inFlightAtSwitch > 0 ? " from " + inFlightAtSwitch + " request(s) in flight" : "") + ", " + seconds(total) + " in all)";
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
