package com.dimosaic.vps.netcup;

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

  @Override
  public void apply(String zone, List<RecordChange> changes) {
    if (changes.isEmpty()) {
      return;
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

  /** The zone-wide TTL. */
  public int zoneTtl(String zone) {
    return session.zone(zone).ttl();
  }

  @Override
  public void close() {
    session.close();
  }
}
