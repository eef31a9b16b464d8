package com.dimosaic.vps.mox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.dns.DesiredRecords;
import com.dimosaic.vps.dns.DnsRecord;
import com.dimosaic.vps.profile.DnsSettings;
import com.dimosaic.vps.profile.Domains;
import com.dimosaic.vps.profile.HostSpec;
import com.dimosaic.vps.profile.MailSettings;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.testing.Processes;
import com.dimosaic.vps.testing.RealMox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the SDK renders, judged by the real mox binaries ({@link RealMox}) on this machine: {@code mox
 * config test} on the rendered files, and {@code mox config dnsrecords} compared record by record
 * with the SDK's DNS plan. No mox is started (that needs the ports of a real host: see the box tests).
 */
class MoxRealIT {
  @TempDir Path tmp;

  /** A mox home with the rendered files, a DKIM key of each kind and a placeholder pair, as the installer lays it out. */
  Path home(Profile p) throws Exception {
    Path home = Files.createTempDirectory(tmp, "mox-home");
    Path dkim = Files.createDirectories(home.resolve("config/dkim"));
    Files.createDirectories(home.resolve("data"));
    String d = p.domains().primary();
    String rsa = "2026a._domainkey." + d + ".rsa2048.privatekey.pkcs8.pem";
    String ed = "2026b._domainkey." + d + ".ed25519.privatekey.pkcs8.pem";
    openssl("genpkey", "-quiet", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", dkim.resolve(rsa).toString());
    openssl("genpkey", "-algorithm", "ed25519", "-out", dkim.resolve(ed).toString());
    Path pair = Files.createDirectories(home.resolve("certs/" + CertSync.PLACEHOLDER));
    String mail = p.domains().mailFqdn();
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj", "/CN=" + mail,
        "-keyout", pair.resolve(mail + ".key").toString(), "-out", pair.resolve(mail + ".crt").toString());
    Files.createSymbolicLink(home.resolve("certs/live"), Path.of(CertSync.PLACEHOLDER));
    MoxConfig.Rendered r = MoxConfig.builder(p).certDir(home.resolve("certs").toString()).user("nobody")
        .dkimSelector("2026a", "dkim/" + rsa).dkimSelector("2026b", "dkim/" + ed).build().render();
    Files.writeString(home.resolve("config/mox.conf"), r.moxConf());
    Files.writeString(home.resolve("config/domains.conf"), r.domainsConf());
    return home;
  }

  static void openssl(String... args) {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Processes.run(cmd, Map.of(), null).requireSuccess();
  }

  static Processes.Result mox(RealMox mox, Path home, String... args) {
    List<String> cmd = new ArrayList<>(List.of(mox.binary().toString(), "-config", home.resolve("config/mox.conf").toString()));
    cmd.addAll(List.of(args));
    return Processes.run(cmd, Map.of(), home);
  }

  /** Only what mox prints on standard output (its log lines go to standard error). */
  static String records(RealMox mox, Path home, String domain) {
    Processes.Result r = Processes.run(List.of("sh", "-c", "\"$1\" -config \"$2\" config dnsrecords \"$3\" 2>/dev/null", "sh",
        mox.binary().toString(), home.resolve("config/mox.conf").toString(), domain), Map.of(), home);
    assertEquals(0, r.exitCode(), r.output());
    return r.output();
  }

  static Profile demo() {
    return MoxConfigTest.demo();
  }

  /** The demo with its address given as a host name. */
  static Profile hostName() {
    Profile p = demo();
    return p.toBuilder().host(new HostSpec("vps.example.net", Optional.empty(), p.host().ssh())).build();
  }

  /** Another domain and mail host name, IPv6, reports sent elsewhere, no TLS reports. */
  static Profile second() {
    Profile p = demo();
    MailSettings m = p.mail();
    MailSettings mail = new MailSettings(true, "v=spf1 mx -all", "reject", Optional.of("reports@dmarc.example.net"), Optional.empty(),
        "testing", 86400, false, List.of());
    DnsSettings dns = new DnsSettings("file", List.of("example.org"), p.dns().resolvers(), p.dns().propagationWait(), p.dns().ignore(),
        p.dns().zoneFile(), Map.of(), Optional.empty());
    return p.toBuilder().name("second").host(new HostSpec("198.51.100.25", Optional.of("2001:db8::25"), p.host().ssh()))
        .domains(new Domains("example.org", true, false, "mx")).mail(mail).dns(dns).build();
  }

  /** The demo leaving MTA-STS (mode none, still served as a policy) on an IPv6-only address. */
  static Profile leavingOnIpv6() {
    Profile p = demo();
    MailSettings m = p.mail();
    MailSettings mail = new MailSettings(true, m.spf(), m.dmarcPolicy(), m.dmarcReportAddress(), m.tlsrptAddress(), "none",
        m.mtaStsMaxAgeSeconds(), m.webInterfaces(), m.accounts());
    return p.toBuilder().name("leaving").host(new HostSpec("2001:db8::30", Optional.empty(), p.host().ssh())).mail(mail).build();
  }

  @Test
  void realMoxAcceptsWhatTheSdkRendersForFourProfiles() throws Exception {
    for (Profile p : List.of(demo(), hostName(), second(), leavingOnIpv6())) {
      Path home = home(p);
      Processes.Result test = mox(RealMox.V0_0_17, home, "config", "test");
      assertEquals(0, test.exitCode(), p.name() + " " + p.host().address() + ": " + test.output() + "\n"
          + Files.readString(home.resolve("config/mox.conf")));
      assertTrue(test.output().contains("config OK"), test.output());
    }
    // a host name as the address: mox binds every IPv4 address instead of refusing "invalid IP"
    assertEquals(List.of("0.0.0.0"), MoxConfig.publicIps(hostName()));
    assertEquals(List.of("2001:db8::30"), MoxConfig.publicIps(leavingOnIpv6()));
    // mode none is still a policy mox serves, under the id the none-policy TXT record carries
    String none = records(RealMox.V0_0_17, home(leavingOnIpv6()), "example.com");
    assertTrue(none.contains("v=STSv1; id=" + com.dimosaic.vps.dns.MtaStsPolicy.id(leavingOnIpv6())), none);
  }

  @Test
  void moxOlderThanTheMinimumRefusesTheRenderedConfigurationForTheReasonTheInstallerNames() throws Exception {
    Processes.Result test = mox(RealMox.V0_0_15, home(demo()), "config", "test");
    assertEquals(1, test.exitCode(), test.output());
    assertTrue(test.output().contains("unknown key \"Forwarded\""), test.output());
    assertEquals(Optional.of("v0.0.15"), MoxBinary.olderThanMinimum("v0.0.15-go1.24.2\nlinux/amd64\n"));
    assertEquals(Optional.empty(), MoxBinary.olderThanMinimum("v0.0.16-go1.25.0\nlinux/amd64\n"));
    assertEquals(Optional.empty(), MoxBinary.olderThanMinimum("v0.1.0-go1.25.0\n"));
    assertEquals(Optional.empty(), MoxBinary.olderThanMinimum("(devel)-go1.23.5\nlinux/amd64\n"), "unknown: config test decides");
  }

  /**
   * Every record real mox lists for the domain is in the SDK's plan with the same value, or the plan
   * says why not ({@link DesiredRecords#notes}); the report addresses mox publishes are the profile's.
   */
  @Test
  void theDnsPlanHoldsEveryRecordRealMoxListsOrSaysWhyNot() throws Exception {
    for (Profile p : List.of(demo(), second())) {
      Path home = home(p);
      String out = records(RealMox.V0_0_17, home, p.domains().primary());
      String zone = p.dns().zones().get(0);
      List<DnsRecord> dkim = new ArrayList<>();
      try (var keys = Files.list(home.resolve("config/dkim"))) {
        for (Path k : keys.sorted().toList()) {
          String sel = k.getFileName().toString().substring(0, 5);
          dkim.add(DnsRecord.of(sel + "._domainkey", "TXT", DkimKeys.txtValue(Files.readString(k))));
        }
      }
      List<DnsRecord> plan = DesiredRecords.forProfile(p, domain -> dkim).get(zone);
      Map<String, String> notes = DesiredRecords.notes(p);
      List<String> missing = new ArrayList<>();
      int listed = 0;
      for (MoxDnsRecords.Line l : MoxDnsRecords.parse(out)) {
        listed++;
        Optional<String> rel = DesiredRecords.relative(l.name(), zone);
        boolean inPlan = rel.isPresent() && plan.contains(new DnsRecord(rel.get(), l.type(), l.value(), l.priority()));
        if (!inPlan && !notes.containsKey(l.name() + " " + l.type())) {
          missing.add(l.name() + " " + l.type() + " " + l.value());
        }
      }
      assertTrue(listed >= 17, p.name() + ": mox listed " + listed + " records:\n" + out);
      assertEquals(List.of(), missing, p.name() + ": records mox lists that the plan neither has nor explains\n" + out);
      // both DKIM keys, the Ed25519 one in mox's own order of tags
      assertTrue(out.contains("\"v=DKIM1;h=sha256;k=ed25519;p="), out);
    }
    // the report addresses: what DNS publishes is where mox receives (defect: dmarcreports@ / tlsreports@ before)
    String demo = records(RealMox.V0_0_17, home(demo()), "example.com");
    assertTrue(demo.contains("rua=mailto:dmarc-reports@example.com!10m"), demo);
    assertTrue(demo.contains("\"v=TLSRPTv1; rua=mailto:tlsrpt@example.com\""), demo);
    String second = records(RealMox.V0_0_17, home(second()), "example.org");
    assertTrue(second.contains("rua=mailto:dmarcreports@example.org"), "a report address elsewhere: mox keeps its own\n"
        + second);
  }
}
