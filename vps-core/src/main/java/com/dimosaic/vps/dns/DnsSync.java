package com.dimosaic.vps.dns;

import com.dimosaic.vps.profile.Profile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
   * @param resolver resolves a host name in {@code host.address} at plan time
   * @param clock the time the MTA-STS {@code none} transition is measured with
   */
  public record Options(Optional<String> zone, boolean purge, boolean force, Map<String, String> held,
      HostAddresses.Resolver resolver, Clock clock) {
    /** All zones, keep unmanaged records, respect the threshold. */
    public static final Options DEFAULT = new Options(Optional.empty(), false, false, Map.of());

    /** Copies the map. */
    public Options {
      held = Map.copyOf(held);
      Objects.requireNonNull(resolver, "resolver == null");
      Objects.requireNonNull(clock, "clock == null");
    }

    /** Options with the system resolver and clock. */
    public Options(Optional<String> zone, boolean purge, boolean force, Map<String, String> held) {
      this(zone, purge, force, held, HostAddresses.Resolver.SYSTEM, Clock.systemUTC());
    }

    /** Options that hold nothing back. */
    public Options(Optional<String> zone, boolean purge, boolean force) {
      this(zone, purge, force, Map.of());
    }

    /** The same options, also holding back the records at {@code fqdn}. */
    public Options hold(String fqdn, String why) {
      Map<String, String> h = new java.util.LinkedHashMap<>(held);
      h.put(fqdn, why);
      return new Options(zone, purge, force, h, resolver, clock);
    }

    /** The same options with another host-name resolver. */
    public Options resolver(HostAddresses.Resolver r) {
      return new Options(zone, purge, force, held, r, clock);
    }

    /** The same options with another clock. */
    public Options clock(Clock c) {
      return new Options(zone, purge, force, held, resolver, c);
    }
  }

  /** The TXT extension that dates a published MTA-STS {@code none} policy (RFC 8461 §3.1 allows extensions). */
  public static final String NONE_SINCE = "vps-none-since";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private DnsSync() {}

  /** Plans every managed zone (or the one named in the options), without TLSA keys. */
  public static List<ZonePlan> plan(Profile profile, DnsProvider provider, DkimSource dkim, Options options) {
    return plan(profile, provider, dkim, TlsaSource.NONE, options);
  }

  /** Plans every managed zone (or the one named in the options), with DANE TLSA records for {@code tlsa}'s keys. */
  public static List<ZonePlan> plan(Profile profile, DnsProvider provider, DkimSource dkim, TlsaSource tlsa, Options options) {
    Objects.requireNonNull(provider, "provider == null");
    if (options.zone().isPresent() && !profile.dns().zones().contains(options.zone().get())) {
      throw new DnsException(DnsException.Reason.CONFLICT, "zone " + options.zone().get() + " is not managed by profile " + profile.name()
          + " (managed: " + String.join(", ", profile.dns().zones()) + ")");
    }
    Map<String, String> notes = DesiredRecords.notes(profile);
    ServedAddresses addresses = ServedAddresses.of(profile, options.resolver());
    Map<String, java.util.Set<String>> empty = DesiredRecords.emptySlots(profile, addresses);
    List<ZonePlan> out = new ArrayList<>();
    for (Map.Entry<String, List<DnsRecord>> z : DesiredRecords.forProfile(profile, dkim, addresses, tlsa).entrySet()) {
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
      zoneNotes.addAll(addresses.notes());
      if (profile.mail().enabled() && profile.mail().dane()
          && DesiredRecords.relative("_25._tcp." + profile.domains().mailFqdn(), zone).isPresent()) {
        if (tlsa == TlsaSource.NONE || tlsa.spkiSha256().isEmpty()) {
          zoneNotes.add("DANE: TLSA not managed in this run (no key known: give the host, whose mox serves the key; "
              + "the installer's placeholder gets no record)");
        }
        Optional<Boolean> dnssec = provider.dnssec(zone);
        if (dnssec.isEmpty()) {
          zoneNotes.add("DANE: " + provider.name() + " does not say whether zone " + zone + " is signed; sending servers use TLSA "
              + "records only from a DNSSEC-signed zone (RFC 7672 §2.2)");
        } else if (!dnssec.get()) {
          zoneNotes.add("DANE: zone " + zone + " has DNSSEC off at " + provider.name() + ", so sending servers ignore the TLSA "
              + "records (RFC 7672 §2.2) until it is signed");
        }
      }
      Map<String, String> emptyWhy = new java.util.LinkedHashMap<>();
      for (String slot : empty.get(zone)) {
        emptyWhy.put(slot, slot.endsWith(" AAAA")
            ? "stale: the profile gives the host no IPv6 address (host.ipv6), so IPv6 clients and Let's Encrypt would reach another host"
            : "stale: the profile gives the host no IPv4 address, so IPv4 clients would reach another host");
      }
      List<ExistingRecord> existing = provider.records(zone);
      mtaStsNone(profile, zone, existing, options, desired, emptyWhy, zoneNotes);
      DnsPlanner.Options planner = new DnsPlanner.Options(ignore, options.purge(),
          DnsPlanner.Options.DEFAULT.maxDestructiveShare(), DnsPlanner.Options.DEFAULT.minRecordsForThreshold(), profile.dns().keep());
      out.add(DnsPlanner.plan(zone, desired, emptyWhy, existing, planner).withNotes(zoneNotes));
    }
    return out;
  }

  /**
   * Leaving MTA-STS (RFC 8461 §8.3): with {@code mail.mtaSts.mode: none}, a zone that still
   * publishes a policy gets a {@code none} policy record (mox serves the {@code none} policy with
   * the same id), dated with {@link #NONE_SINCE}; that record stays until {@code max_age} has passed
   * since then, and only a later run deletes it. A zone that never published a policy gets none.
   */
  private static void mtaStsNone(Profile profile, String zone, List<ExistingRecord> existing, Options options,
      List<DnsRecord> desired, Map<String, String> empty, List<String> notes) {
    if (!profile.mail().enabled() || !profile.mail().mtaStsMode().equals("none")) {
      return;
    }
    Optional<String> name = DesiredRecords.relative("_mta-sts." + profile.domains().primary(), zone);
    if (name.isEmpty()) {
      return;
    }
    Optional<DnsRecord> published = existing.stream().map(ExistingRecord::record)
        .filter(r -> r.name().equals(name.get()) && r.type().equals("TXT") && r.value().startsWith("v=STSv1")).findFirst();
    if (published.isEmpty()) {
      return;
    }
    Duration maxAge = Duration.ofSeconds(profile.mail().mtaStsMaxAgeSeconds());
    Instant now = options.clock().instant();
    Optional<Instant> since = noneSince(published.get().value());
    String slot = name.get() + " TXT v=STSv1";
    if (since.isPresent() && !now.isBefore(since.get().plus(maxAge))) {
      empty.put(slot, "MTA-STS mode none was published at " + STAMP.format(since.get()) + ", max_age (" + maxAge.toSeconds()
          + " s) ago or longer: senders no longer hold the old policy (RFC 8461 §8.3)");
      notes.add("_mta-sts." + profile.domains().primary() + " TXT: deleted now that the none policy has been served for max_age");
      return;
    }
    Instant start = since.orElse(now);
    desired.add(DnsRecord.of(name.get(), "TXT", "v=STSv1; id=" + MtaStsPolicy.id(profile) + "; " + NONE_SINCE + "=" + STAMP.format(start)));
    notes.add("_mta-sts." + profile.domains().primary() + " TXT: mode none is published (not removed) until "
        + STAMP.format(start.plus(maxAge)) + ", max_age after " + STAMP.format(start) + ", so senders holding the old policy "
        + "refetch it (RFC 8461 §8.3); a run after that deletes it");
  }

  /** The date a {@code none} policy record carries, if it is one. */
  static Optional<Instant> noneSince(String txt) {
    for (String part : txt.split(";")) {
      String t = part.strip();
      if (t.startsWith(NONE_SINCE + "=")) {
        try {
          return Optional.of(Instant.from(STAMP.parse(t.substring(NONE_SINCE.length() + 1))));
        } catch (java.time.DateTimeException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
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
