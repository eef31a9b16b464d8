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
   * @param held records held back, by absolute name, with the reason: neither created nor changed
   *     nor deleted in this run (e.g. {@code _mta-sts} until mox serves a real certificate)
   */
  public record Options(Optional<String> zone, boolean purge, boolean force, Map<String, String> held) {
    /** All zones, keep unmanaged records, respect the threshold. */
    public static final Options DEFAULT = new Options(Optional.empty(), false, false, Map.of());

    /** Copies the map. */
    public Options {
      held = Map.copyOf(held);
    }

    /** Options that hold nothing back. */
    public Options(Optional<String> zone, boolean purge, boolean force) {
      this(zone, purge, force, Map.of());
    }

    /** The same options, also holding back the records at {@code fqdn}. */
    public Options hold(String fqdn, String why) {
      Map<String, String> h = new java.util.LinkedHashMap<>(held);
      h.put(fqdn, why);
      return new Options(zone, purge, force, h);
    }
  }

  private DnsSync() {}

  /** Plans every managed zone (or the one named in the options). */
  public static List<ZonePlan> plan(Profile profile, DnsProvider provider, DkimSource dkim, Options options) {
    Objects.requireNonNull(provider, "provider == null");
    if (options.zone().isPresent() && !profile.dns().zones().contains(options.zone().get())) {
      throw new DnsException("zone " + options.zone().get() + " is not managed by profile " + profile.name()
          + " (managed: " + String.join(", ", profile.dns().zones()) + ")");
    }
    Map<String, String> notes = DesiredRecords.notes(profile);
    List<ZonePlan> out = new ArrayList<>();
    for (Map.Entry<String, List<DnsRecord>> z : DesiredRecords.forProfile(profile, dkim).entrySet()) {
      if (options.zone().isPresent() && !options.zone().get().equals(z.getKey())) {
        continue;
      }
      String zone = z.getKey();
      List<String> ignore = new ArrayList<>(profile.dns().ignore());
      List<String> zoneNotes = new ArrayList<>();
      List<DnsRecord> desired = new ArrayList<>(z.getValue());
      for (Map.Entry<String, String> h : options.held().entrySet()) {
        DesiredRecords.relative(h.getKey(), zone).ifPresent(rel -> {
          desired.removeIf(r -> r.name().equals(rel));
          ignore.add(rel);
          zoneNotes.add(h.getKey() + ": held back, " + h.getValue());
        });
      }
      notes.forEach((record, why) -> {
        if (DesiredRecords.relative(record.substring(0, record.indexOf(' ')), zone).isPresent()) {
          zoneNotes.add(record + ": " + why);
        }
      });
      if (dkim == DkimSource.NONE && profile.mail().enabled()) {
        zoneNotes.add("DKIM: not managed in this run (no DKIM source: give the host, whose mox holds the keys)");
      }
      DnsPlanner.Options planner = new DnsPlanner.Options(ignore, options.purge(),
          DnsPlanner.Options.DEFAULT.maxDestructiveShare(), DnsPlanner.Options.DEFAULT.minRecordsForThreshold());
      out.add(DnsPlanner.plan(zone, desired, provider.records(zone), planner).withNotes(zoneNotes));
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
