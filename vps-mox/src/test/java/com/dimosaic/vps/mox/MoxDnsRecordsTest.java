package com.dimosaic.vps.mox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.dns.DnsRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MoxDnsRecordsTest {
  static final Path SAMPLES = Path.of("src/test/resources/mox-samples");

  @ParameterizedTest
  @ValueSource(strings = {"dnsrecords.keycerts.reconstructed.txt", "dnsrecords.quickstart-acme.reconstructed.txt",
      "dnsrecords.acme-dnssec-account.reconstructed.txt"})
  void everySampleParses(String file) throws IOException {
    String text = Files.readString(SAMPLES.resolve(file));
    List<MoxDnsRecords.Line> lines = MoxDnsRecords.parse(text);
    assertTrue(lines.size() >= 15, lines.toString());
    List<DnsRecord> zone = MoxDnsRecords.forZone(text, "example.com");
    assertTrue(zone.contains(new DnsRecord("@", "MX", "mail.example.com", 10)), zone.toString());
    assertTrue(zone.contains(DnsRecord.of("_dmarc", "TXT", "v=DMARC1;p=reject;rua=mailto:dmarcreports@example.com!10m")));
    assertTrue(zone.contains(DnsRecord.of("autoconfig", "CNAME", "mail.example.com")));
    List<DnsRecord> dkim = MoxDnsRecords.dkim(text, "example.com");
    assertEquals(List.of("2026a._domainkey", "2026b._domainkey"), dkim.stream().map(DnsRecord::name).toList());
    // the long TXT is joined whole, and equals what the key file gives
    for (DnsRecord d : dkim) {
      String keyFile = d.name().replace("._domainkey", "") + "._domainkey.example.com.20260820T101530.rsa2048.privatekey.pkcs8.pem";
      assertEquals(DkimKeys.txtValue(Files.readString(SAMPLES.resolve("keys/dkim/" + keyFile))), d.value());
    }
    boolean dnssec = file.contains("dnssec");
    assertEquals(dnssec, lines.stream().anyMatch(l -> l.type().equals("TLSA")), "TLSA only where active (not ;; commented)");
  }

  @Test
  void srvAndCaaKeepTheirRdata() throws IOException {
    List<MoxDnsRecords.Line> lines = MoxDnsRecords.parse(Files.readString(SAMPLES.resolve("dnsrecords.quickstart-acme.reconstructed.txt")));
    assertTrue(lines.stream().anyMatch(l -> l.type().equals("SRV") && l.value().equals("0 1 993 mail.example.com")), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.type().equals("SRV") && l.name().equals("_pop3._tcp.example.com") && l.value().equals("0 0 0 .")),
        "a null SRV keeps the root target");
    assertTrue(lines.stream().anyMatch(l -> l.type().equals("CAA") && l.value().contains("letsencrypt.org")));
    try (Stream<Path> keys = Files.list(SAMPLES.resolve("keys/dkim"))) {
      assertEquals(2, keys.count());
    }
  }
}
