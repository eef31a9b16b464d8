package com.dimosaic.vps.profile;

import java.util.List;

/**
 * Which operating systems pre-flight accepts, and system-preparation choices.
 *
 * @param allowed accepted distributions with minimum versions, e.g. {@code debian>=12}
 * @param upgrade whether system preparation runs a full non-interactive upgrade
 * @param extraPackages packages installed in addition to the essential ones
 */
public record OsPolicy(List<OsRequirement> allowed, boolean upgrade, List<String> extraPackages) {
  /**
   * One accepted distribution.
   *
   * @param distribution {@code ID} from os-release, e.g. {@code debian}
   * @param minVersion minimum {@code VERSION_ID}, compared numerically per dot-separated part
   */
  public record OsRequirement(String distribution, String minVersion) {
    @Override
    public String toString() {
      return distribution + ">=" + minVersion;
    }
  }
}
