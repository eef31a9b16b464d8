package com.dimosaic.vps.netcup;

import com.dimosaic.vps.dns.DnsException;
import com.dimosaic.vps.dns.DnsProvider;
import com.dimosaic.vps.dns.DnsRecord;
import com.dimosaic.vps.dns.ExistingRecord;
import com.dimosaic.vps.dns.RecordChange;
import java.util.ArrayList;
import java.util.List;

/**
 * Netcup as a {@link DnsProvider}: one {@code updateDnsRecords} call per zone carrying every create
 * (no id), update (id) and delete ({@code deleterecord}); records not sent stay as they are.
 * Records come back with their ids so plans can address them. TXT values go unquoted and whole.
 */
public final class NetcupDnsProvider implements DnsProvider, AutoCloseable {
  private final NetcupSession session;

  /** A provider over a session (closed with the provider). */
  public NetcupDnsProvider(NetcupSession session) {
    this.session = session;
  }

  @Override
  public String name() {
    return "netcup";
  }

  @Override
  public List<ExistingRecord> records(String zone) {
    List<ExistingRecord> out = new ArrayList<>();
    for (NetcupRecord r : session.records(zone)) {
      int prio = r.type().equalsIgnoreCase("MX") ? Integer.parseInt(r.priority().isEmpty() ? "0" : r.priority()) : 0;
      out.add(new ExistingRecord(r.id(), new DnsRecord(r.hostname(), r.type(), r.destination(), prio)));
    }
    return out;
  }

  /**
   * Sends the changes in one call, after refusing values Netcup would reject or alter: TXT with a
   * double quote or backslash (rejected, or backslashes stripped), CAA with a {@code ;} (rejected),
   * empty values. Nothing is sent when one is refused.
   *
   * @throws DnsException naming the record when a value cannot be stored as given
   */
  @Override
  public void apply(String zone, List<RecordChange> changes) {
    if (changes.isEmpty()) {
      return;
    }
    for (RecordChange c : changes) {
      c.desired().ifPresent(d -> refuseUnstorable(zone, d));
    }
    List<NetcupRecord> batch = new ArrayList<>();
    for (RecordChange c : changes) {
      switch (c.action()) {
        case CREATE -> batch.add(NetcupRecord.create(c.desired().orElseThrow().name(), c.desired().orElseThrow().type(),
            String.valueOf(c.desired().orElseThrow().priority()), c.desired().orElseThrow().value()));
        case UPDATE -> {
          DnsRecord d = c.desired().orElseThrow();
          batch.add(new NetcupRecord(c.existing().orElseThrow().id(), d.name(), d.type(), String.valueOf(d.priority()), d.value(),
              false, ""));
        }
        case DELETE -> {
          // the id is what counts; the other fields are sent too, as older API versions wanted them
          ExistingRecord e = c.existing().orElseThrow();
          batch.add(new NetcupRecord(e.id(), e.record().name(), e.record().type(), String.valueOf(e.record().priority()),
              e.record().value(), true, ""));
        }
      }
    }
    session.updateRecords(zone, batch);
  }

  /** Why Netcup cannot store a value as given, if it cannot. */
  static void refuseUnstorable(String zone, DnsRecord d) {
    String why = null;
    if (d.value().isEmpty()) {
      why = "an empty value";
    } else if (d.type().equals("TXT") && d.value().contains("\"")) {
      why = "a double quote in a TXT value (Netcup rejects it)";
    } else if (d.type().equals("TXT") && d.value().contains("\\")) {
      why = "a backslash in a TXT value (Netcup strips it, so the record would differ from the plan)";
    } else if (d.type().equals("CAA") && d.value().contains(";")) {
      why = "a ';' in a CAA value (Netcup rejects semicolons in CAA, e.g. validationmethods= parameters)";
    }
    if (why != null) {
      throw new DnsException(DnsException.Reason.UNSTORABLE, "zone " + zone + ": " + d.type() + " " + d.name() + " cannot be stored at Netcup: it has " + why
          + "; nothing was sent");
    }
  }

  /** The zone-wide TTL. */
  public int zoneTtl(String zone) {
    return session.zone(zone).ttl();
  }

  /** Netcup's {@code dnssecstatus} of the zone. */
  @Override
  public java.util.Optional<Boolean> dnssec(String zone) {
    return java.util.Optional.of(session.zone(zone).dnssec());
  }

  @Override
  public java.util.Optional<java.time.Duration> ttl(String zone) {
    return java.util.Optional.of(java.time.Duration.ofSeconds(zoneTtl(zone)));
  }

  @Override
  public void close() {
    session.close();
  }
}
