package com.dimosaic.vps.mox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.dns.MtaStsPolicy;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.ProfileLoader;
import com.dimosaic.vps.secrets.sops.AgeKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rendered configs are read back by the sconf reader and use only keys mox's own schema description knows. */
class MoxConfigTest {
  static final Path SAMPLES = MoxDnsRecordsTest.SAMPLES;

  static Profile demo() {
    Path demo = Path.of("../examples/profiles/demo");
    return ProfileLoader.builder().ageKeys(AgeKeys.builder().identityFile(demo.resolve("demo-age-key.txt")).environment(Map.of()).build())
        .build().loadFrom(demo);
  }

  @ParameterizedTest
  @ValueSource(strings = {"quickstart.reconstructed.mox.conf", "quickstart-existing-webserver.reconstructed.mox.conf",
      "quickstart.reconstructed.domains.conf", "repo-testdata/web/mox.conf", "repo-testdata/web/domains.conf",
      "repo-testdata/webmail/domains.conf", "repo-testdata/smtp/domains.conf", "describe-static.mox.conf.txt",
      "describe-domains.domains.conf.txt"})
  void theReaderReadsRealMoxConfigs(String file) throws IOException {
    Map<String, Object> tree = Sconf.read(Files.readString(SAMPLES.resolve(file)));
    assertTrue(!tree.isEmpty(), file);
  }

  @Test
  void renderedConfigsReadBackAndFitMoxsSchema() throws IOException {
    Profile p = demo();
    MoxConfig.Rendered r = MoxConfig.builder(p).dkimSelector("2026a", "dkim/2026a._domainkey.example.com.pkcs8.pem").build().render();
    Map<String, Object> mox = Sconf.read(r.moxConf());
    Map<String, Object> domains = Sconf.read(r.domainsConf());
    assertEquals("mail.example.com", mox.get("Hostname"));
    Map<?, ?> pub = (Map<?, ?>) ((Map<?, ?>) mox.get("Listeners")).get("public");
    assertEquals(List.of("203.0.113.50"), pub.get("IPs"));
    Map<?, ?> keyCert = (Map<?, ?>) ((List<?>) ((Map<?, ?>) pub.get("TLS")).get("KeyCerts")).get(0);
    assertEquals("/home/mox/certs/live/mail.example.com.crt", keyCert.get("CertFile"));
    Map<?, ?> web = (Map<?, ?>) ((Map<?, ?>) mox.get("Listeners")).get("web");
    assertEquals("8080", ((Map<?, ?>) web.get("MTASTSHTTPS")).get("Port"));
    Map<?, ?> sts = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) domains.get("Domains")).get("example.com")).get("MTASTS");
    assertEquals(MtaStsPolicy.id(p), sts.get("PolicyID"), "the policy id matches the DNS _mta-sts record");
    assertEquals("168h0m0s", sts.get("MaxAge"));

    List<String> unknown = new ArrayList<>();
    check(mox, Sconf.read(Files.readString(SAMPLES.resolve("describe-static.mox.conf.txt"))), "", unknown);
    check(domains, Sconf.read(Files.readString(SAMPLES.resolve("describe-domains.domains.conf.txt"))), "", unknown);
    assertEquals(List.of(), unknown, "keys mox would reject as unknown");
    // the check is real: misspelt keys at several depths are caught
    List<String> typos = new ArrayList<>();
    Map<String, Object> broken = Sconf.read(r.moxConf().replace("Hostname: mail.example.com", "Hostnme: mail.example.com")
        .replace("\t\t\tEnabled: true\n\t\tSubmission:", "\t\t\tEnabeld: true\n\t\tSubmission:"));
    check(broken, Sconf.read(Files.readString(SAMPLES.resolve("describe-static.mox.conf.txt"))), "", typos);
    assertEquals(List.of("Hostnme", "Listeners.public.SMTP.Enabeld"), typos);
    assertTrue(r.moxConf().lines().filter(l -> !l.startsWith("#")).allMatch(l -> !l.startsWith(" ")), "tabs only");
  }

  /** Every key of {@code cfg} exists in mox's described schema (map entries named by example keys are free-form). */
  @SuppressWarnings("unchecked")
  static void check(Object cfg, Object schema, String path, List<String> unknown) {
    if (cfg instanceof Map<?, ?> m && schema instanceof Map<?, ?> s) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        Object sub = s.get(e.getKey());
        if (sub == null && s.size() == 1) {
          sub = s.values().iterator().next(); // a free-form map (listener names, domains, accounts, selectors)
        }
        if (sub == null) {
          unknown.add(path + e.getKey());
        } else {
          check(e.getValue(), sub, path + e.getKey() + ".", unknown);
        }
      }
    } else if (cfg instanceof List<?> l && schema instanceof List<?> sl && !sl.isEmpty()) {
      for (Object item : l) {
        check(item, sl.get(0), path + "[].", unknown);
      }
    }
  }

  /** Reports arrive where DNS sends them (defect: mox received at dmarcreports@/tlsreports@ while DNS named other addresses). */
  @Test
  void reportsAreReceivedAtTheAddressesTheDnsRecordsPublishAndAccountsAreRendered() {
    Profile p = demo();
    Map<String, Object> domains = Sconf.read(MoxConfig.builder(p).build().render().domainsConf());
    Map<?, ?> d = (Map<?, ?>) ((Map<?, ?>) domains.get("Domains")).get("example.com");
    assertEquals("dmarc-reports", ((Map<?, ?>) d.get("DMARC")).get("Localpart"), "dmarc.reportAddress dmarc-reports@example.com");
    assertEquals("tlsrpt", ((Map<?, ?>) d.get("TLSRPT")).get("Localpart"), "tlsrptAddress tlsrpt@example.com");
    Map<?, ?> accounts = (Map<?, ?>) domains.get("Accounts");
    assertEquals(List.of("postmaster", "relay"), List.copyOf(accounts.keySet()));
    assertTrue(((Map<?, ?>) ((Map<?, ?>) accounts.get("relay")).get("Destinations")).containsKey("relay@example.com"));
    assertTrue(!MoxConfig.builder(p).build().render().domainsConf().contains(p.secrets().get("RELAY_PASSWORD").reveal()),
        "passwords are set through mox, never written to its configuration");
    // an address outside the domain: mox keeps its own local part (the reports then go elsewhere)
    assertEquals(java.util.Optional.empty(), com.dimosaic.vps.profile.MailSettings.localPartIn(java.util.Optional.of("r@other.example"),
        "example.com"));
  }

  /** Ed25519 DKIM values in the order mox prints them (defect: k= before h=, a difference forever). */
  @Test
  void ed25519DkimValuesAreWrittenAsMoxPrintsThem() throws Exception {
    java.security.KeyPair kp = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String pem = "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
        .encodeToString(kp.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    String value = DkimKeys.txtValue(pem);
    assertTrue(value.startsWith("v=DKIM1;h=sha256;k=ed25519;p="), value);
    assertEquals(44, value.substring(value.indexOf("p=") + 2).length(), "the raw 32-byte key in base64");
  }

  @Test
  void theReaderRefusesWhatMoxRefuses() {
    assertThrows(Sconf.ParseException.class, () -> Sconf.read("A:\n    B: 1\n"));
    assertEquals(2, assertThrows(Sconf.ParseException.class, () -> Sconf.read("A: 1\nA: 2\n")).line());
    assertThrows(MoxException.class, () -> Sconf.write(Map.of("A", "two\nlines")));
  }
}
