package com.dimosaic.vps.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.ProfileLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The records a profile needs beyond A and MX, and what a plan holds back or explains. */
class DesiredRecordsTest {
  static Profile minimal() {
    return ProfileLoader.load(Path.of("src/test/resources/profiles/minimal"));
  }

  /** A provider over a list, recording what it was sent. */
  static final class ListProvider implements DnsProvider {
    final List<ExistingRecord> records = new ArrayList<>();
    final List<RecordChange> sent = new ArrayList<>();

    @Override
    public String name() {
      return "list";
    }

    @Override
    public List<ExistingRecord> records(String zone) {
      return List.copyOf(records);
    }

    @Override
    public void apply(String zone, List<RecordChange> changes) {
      sent.addAll(changes);
    }
  }

  @Test
  void theMailHostsOwnRecordsAndTheClientSrvRecordsArePlanned() {
    List<DnsRecord> r = DesiredRecords.forProfile(minimal(), DkimSource.NONE).get("example.org");
    // what `mox config dnsrecords` lists for the machine and for mail clients (defect: missing before)
    assertTrue(r.contains(DnsRecord.of("mail", "TXT", "v=spf1 a -all")), r.toString());
    assertTrue(r.contains(DnsRecord.of("_smtp._tls.mail", "TXT", "v=TLSRPTv1; rua=mailto:tlsreports@mail.example.org")), r.toString());
    assertTrue(r.contains(DnsRecord.of("_imaps._tcp", "SRV", "0 1 993 mail.example.org")), r.toString());
    assertTrue(r.contains(DnsRecord.of("_submissions._tcp", "SRV", "0 1 465 mail.example.org")), r.toString());
    assertTrue(r.contains(DnsRecord.of("_autodiscover._tcp", "SRV", "0 1 443 mail.example.org")), r.toString());
    for (String none : List.of("_imap._tcp", "_submission._tcp", "_pop3._tcp", "_pop3s._tcp")) {
      assertTrue(r.contains(DnsRecord.of(none, "SRV", "0 0 0 .")), none + " " + r);
    }
    Map<String, String> notes = DesiredRecords.notes(minimal());
    assertTrue(notes.get("mta-sts.example.org CNAME").startsWith("A records to the host's address instead of mox's CNAME"), notes.toString());
    assertTrue(notes.get("_smtp._tls.example.org TXT").contains("mail.tlsrptAddress is not set"), notes.toString());
  }

  @Test
  void aHeldRecordIsNeitherCreatedNorChangedNorDeletedAndThePlanSaysWhy() {
    ListProvider provider = new ListProvider();
    provider.records.add(new ExistingRecord("7", DnsRecord.of("_mta-sts", "TXT", "v=STSv1; id=old")));
    DnsSync.Options hold = DnsSync.Options.DEFAULT.hold("_mta-sts.example.org", "until mox serves the synced certificate");
    ZonePlan held = DnsSync.plan(minimal(), provider, DkimSource.NONE, hold).get(0);
    assertFalse(held.changes().stream().anyMatch(c -> c.display().contains("_mta-sts")), held.changes().toString());
    assertTrue(held.notes().contains("_mta-sts.example.org: held back, until mox serves the synced certificate"), held.notes().toString());
    assertTrue(held.notes().stream().anyMatch(n -> n.startsWith("DKIM: not managed in this run")), held.notes().toString());

    ZonePlan released = DnsSync.plan(minimal(), provider, DkimSource.NONE, DnsSync.Options.DEFAULT).get(0);
    assertEquals(1, released.changes().stream().filter(c -> c.display().contains("_mta-sts")).count(), released.changes().toString());
    assertEquals(RecordChange.Action.UPDATE, released.changes().stream().filter(c -> c.display().contains("_mta-sts")).findFirst()
        .orElseThrow().action());
  }
}
