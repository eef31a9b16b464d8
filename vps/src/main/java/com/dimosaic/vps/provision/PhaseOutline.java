package com.dimosaic.vps.provision;

import java.util.List;

/**
 * What one provisioning phase will do, described without touching any host.
 *
 * @param number the phase number as the seed counts them ({@code 1} … {@code 10}, DNS is {@code 6.5})
 * @param name the phase name
 * @param steps the steps in order
 */
public record PhaseOutline(String number, String name, List<String> steps) {
  /** Copies the steps. */
  public PhaseOutline {
    steps = List.copyOf(steps);
  }
}
