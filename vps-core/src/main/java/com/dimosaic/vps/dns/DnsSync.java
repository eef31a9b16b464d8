package com.dimosaic.vps.dns;

import com.dimosaic.vps.profile.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS workflow for a profile: plan the needed records against a provider, then apply the plan
 * zone by zone (one provider call per zone) after the safety check.
 *
 * <pre>{@code
 * List<ZonePlan> plans = DnsSync.plan(profile, provider, dkim, DnsSync.Options.DEFAULT);
 * plans.forEach(z -> z.changes().forEach(c -> log.info(c.display())));
 * DnsSync.apply(provider, plans, DnsSync.Options.DEFAULT);
 * }</pre>
 */
public final class DnsSync {
  private static final Logger log = LoggerFactory.getLogger(DnsSync.class);

  /**
   * Options.
   *
   * @param zone only this zone, when set
   * @param purge delete records the profile does not manage
   * @param force apply even above the 30% update/delete threshold
   */
  public record Options(Optional<String> zone, boolean purge, boolean force) {
    /** All zones, keep unmanaged records, respect the threshold. */
    public static final Options DEFAULT = new Options(Optional.empty(), false, false);
  }

  private DnsSync() {}

  /** Plans every managed zone (or the one named in the options). */
  public static List<ZonePlan> plan(Profile profile, DnsProvider provider, DkimSource dkim, Options options) {
    Objects.requireNonNull(provider, "provider == null");
    if (options.zone().isPresent() && !profile.dns().zones().contains(options.zone().get())) {
      throw new DnsException("zone " + options.zone().get() + " is not managed by profile " + profile.name()
          + " (managed: " + String.join(", ", profile.dns().zones()) + ")");
    }
    DnsPlanner.Options planner = new DnsPlanner.Options(profile.dns().ignore(), options.purge(),
        DnsPlanner.Options.DEFAULT.maxDestructiveShare(), DnsPlanner.Options.DEFAULT.minRecordsForThreshold());
    List<ZonePlan> out = new ArrayList<>();
    for (Map.Entry<String, List<DnsRecord>> z : DesiredRecords.forProfile(profile, dkim).entrySet()) {
      if (options.zone().isEmpty() || options.zone().get().equals(z.getKey())) {
        out.add(DnsPlanner.plan(z.getKey(), z.getValue(), provider.records(z.getKey()), planner));
      }
    }
    return out;
  }

  /**
   * Applies plans: every zone is checked against the threshold first, so nothing changes when one is refused.
   *
   * @return how many changes were sent
   * @throws DnsException when the threshold refuses a zone, or the provider fails
   */
  public static int apply(DnsProvider provider, List<ZonePlan> plans, Options options) {
    for (ZonePlan z : plans) {
      DnsPlanner.checkSafety(z, DnsPlanner.Options.DEFAULT, options.force());
    }
    int sent = 0;
    for (ZonePlan z : plans) {
      if (!z.isEmpty()) {
        log.info("applying {} change(s) to zone {} through {}", z.changes().size(), z.zone(), provider.name());
        provider.apply(z.zone(), z.changes());
        sent += z.changes().size();
      }
    }
    return sent;
  }
}
