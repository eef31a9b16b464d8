package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.Vps;
import com.dimosaic.vps.VpsSession;
import com.dimosaic.vps.app.StaticSites;
import com.dimosaic.vps.dns.DnsRecord;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.provision.ProvisionOptions;
import com.dimosaic.vps.provision.ProvisionReport;
import com.dimosaic.vps.testing.FakeNetcupServer;
import com.dimosaic.vps.testing.HostSnapshot;
import com.dimosaic.vps.testing.Imaps;
import com.dimosaic.vps.testing.LocalKnot;
import com.dimosaic.vps.testing.Processes;
import com.dimosaic.vps.testing.RealMox;
import com.dimosaic.vps.testing.VpsBox;
import com.dimosaic.vps.validation.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provisioning end to end on a "VPS in a box" (Debian 13, systemd, real SSH with strict host-key
 * verification), through all phases, with the e2e profile: distribution Docker; caddy
 * ({@code tls internal}), postgres and redis from images built from Debian packages and pulled from
 * a registry inside the box (the profile's {@code docker.images} overrides); a static site; the real
 * mox v0.0.17 under the installer's systemd unit, on the box's public address; DNS at a fake Netcup server. The
 * first run goes through the API; the second through the runner ({@code vps.jar provision}).
 */
class ProvisionE2eIT {
  private static final Logger log = LoggerFactory.getLogger(ProvisionE2eIT.class);

  @TempDir Path tmp;

  @Test
  void aBareBoxBecomesAValidatedStackAndASecondRunChangesNothing() throws Exception {
    E2eFixture e2e = new E2eFixture(tmp);
    try (VpsBox box = e2e.box();
        FakeNetcupServer netcup = E2eFixture.netcup()) {
      ProvisionOptions options = e2e.options(box, netcup);

      // a host below the profile's thresholds is refused before anything changes
      Profile greedy = E2eFixture.load(e2e.profileDir("minDiskGb: 5", "minDiskGb: 100000"));
      try (VpsSession session = Vps.connect(e2e.target(box))) {
        ProvisionReport refused = session.provision(greedy, options, ProgressListener.NONE);
        assertEquals(ProvisionReport.Result.REFUSED, refused.result(), refused.toText());
        assertTrue(refused.toText().contains("resources.minDiskGb"), refused.toText());
        assertEquals(0, refused.changes(), refused.toText());
      }
      assertNotEquals(0, box.exec("id -u app").exitCode(), "pre-flight refusal created a user");
      assertNotEquals(0, box.exec("command -v ufw").exitCode(), "pre-flight refusal installed packages");

      Path profileDir = e2e.profileDir(BackupsOnTheBox.FIND, BackupsOnTheBox.BACKUP, true);
      Profile profile = E2eFixture.load(profileDir);
      ProvisionReport first;
      try (VpsSession session = Vps.connect(e2e.target(box))) {
        first = session.provision(profile, options, ProgressListener.NONE);
        log.info("first run:\n{}", first.toText());
        assertEquals(ProvisionReport.Result.SUCCESS, first.result(), first.toText() + E2eFixture.diagnostics(box));
      }
      assertTrue(first.validation().isPresent() && first.validation().get().status() != Status.FAIL, first.toText());

      // the second run through the runner, as an operator would: JSON report on stdout
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      HostSnapshot before = HostSnapshot.of(box);
      int code = Main.run(new PrintWriter(out), new PrintWriter(err), "provision", profileDir.toString(), "--host", "127.0.0.1",
          "--port", String.valueOf(box.sshPort()), "--user", "root", "--identity", e2e.key.toString(), "--host-key", box.hostKeyFingerprint(),
          "--age-key-file", profileDir.resolve("demo-age-key.txt").toString(), "--mox-binary", e2e.mox.toString(), "--mox-sum",
          e2e.moxSum(), "--dns-endpoint", netcup.endpoint(), "--health-timeout", "180",
          "--validation-address", "127.0.0.1", "--published", E2eFixture.published(box),
          "--reach", VpsBox.mirror() + "/", "--json");
      log.info("second run (runner):\n{}", out);
      assertEquals(0, code, err + "\n" + out);
      JsonNode second = new ObjectMapper().readTree(out.toString());
      assertEquals("SUCCESS", second.path("result").asText(), out.toString());
      for (JsonNode phase : second.path("phases")) {
        assertEquals(0, phase.path("changes").asInt(), "second run changed something in " + phase.path("phase") + ":\n" + out);
      }
      // the claim "a second run changes nothing", proven from the host's own state (how fast it is: bench/provision-vs-ansible.sh)
      HostSnapshot.of(box).assertSameAs(before);
      long secondMs = second.path("durationMs").asLong();
      // drift: none now; edits found, watched, repaired (the host is converged again afterwards)
      DriftOnTheBox.isFoundListedWatchedAndRepaired(e2e, box, profileDir, profile, options, netcup);

      // what the host looks like now, seen from inside the box
      assertTrue(box.exec("id -nG app").output().contains("docker"), box.exec("id -nG app").output());
      assertTrue(box.exec("getent passwd mox").output().strip().endsWith(":/usr/sbin/nologin"));
      String ufw = box.exec("ufw status").requireSuccess().output();
      for (String rule : List.of("Status: active", "22/tcp", "80/tcp", "443/tcp", "25/tcp", "465/tcp", "587/tcp", "993/tcp", "8080/tcp")) {
        assertTrue(ufw.contains(rule), rule + " missing:\n" + ufw);
      }
      assertEquals("600 app", box.exec("stat -c '%a %U' /home/app/docker/.env").requireSuccess().output().strip());
      String ps = box.exec("cd /home/app/docker && runuser -u app -- docker compose ps --format '{{.Service}} {{.Status}}'")
          .requireSuccess().output();
      for (String service : List.of("caddy", "postgres", "redis")) {
        assertTrue(ps.lines().anyMatch(l -> l.startsWith(service + " ") && l.contains("(healthy)")), service + " not healthy:\n" + ps);
      }
      // the site answers through Caddy inside the box, verified against Caddy's internal CA
      String root = "/var/lib/docker/volumes/e2e_caddy_data/_data/caddy/pki/authorities/local/root.crt";
      String page = box.exec("curl -fsS --resolve example.com:443:127.0.0.1 --cacert " + root + " https://example.com/")
          .requireSuccess().output();
      assertTrue(page.contains("portal"), page);
      // the images came from the box's registry, as the profile's overrides say
      String images = box.exec("docker ps --format '{{.Image}}'").requireSuccess().output();
      assertTrue(images.contains("127.0.0.1:5000/vps/postgres:e2e"), images);
      assertTrue(box.exec("test -s /home/app/docker/.vps-state/state.json").exitCode() == 0);
      // real mox runs with Caddy's certificate for the mail host and accepts its configuration; DNS holds the records
      assertEquals(RealMox.V0_0_17.sha256(), box.exec("sha256sum /home/mox/mox").output().split(" ")[0]);
      Processes.Result configTest = box.exec("cd /home/mox && ./mox config test");
      assertEquals(0, configTest.exitCode(), configTest.output());
      String moxCert = "/home/mox/certs/live/mail.example.com.crt";
      assertEquals(0, box.exec("find /var/lib/docker/volumes/e2e_caddy_data/_data/caddy/certificates -name mail.example.com.crt"
          + " -exec cmp {} " + moxCert + " \\;").exitCode());
      assertTrue(netcup.zone("example.com").records().stream().anyMatch(r -> r.type().equals("MX")), netcup.zone("example.com")
          .records().toString());

      zitadelAndWindmillAreWiredAsTheGeneratedFilesSay(box);
      mailFlowsFromTheStackThroughTheRelayToMox(box, profile, netcup);
      staticSiteReleasesSwitchWithoutAFailedRequest(e2e, box, profile);
      BackupsOnTheBox.restoresEveryServiceAndTheDrillFindsDamage(e2e, box, profileDir, first);
      dkimComesFromMoxOnTheHostWhenTheRunnerIsGivenTheHost(e2e, box, profileDir, netcup);
      daneTlsaRecordsFollowTheKeyMoxServesAndLeadAKeyChange(e2e, box, profileDir, netcup);

      log.info("provisioning from bare took {} ms ({} changes); the second run took {} ms (0 changes)", first.took().toMillis(),
          first.changes(), secondMs);
      for (int i = 0; i < first.phases().size(); i++) {
        log.info("  phase {}: {} ms then {} ms", first.phases().get(i).phase(), first.phases().get(i).took().toMillis(),
            second.path("phases").get(i).path("durationMs").asLong());
      }
    }
  }

  /**
   * {@code dns plan|sync} without {@code --host} leaves DKIM alone and says so; with {@code --host} it
   * reads the DKIM records from the real mox on the box ({@code mox config dnsrecords}) and publishes
   * exactly those at the provider.
   */
  private static void dkimComesFromMoxOnTheHostWhenTheRunnerIsGivenTheHost(E2eFixture e2e, VpsBox box, Path profileDir,
      FakeNetcupServer netcup) throws Exception {
    String printed = box.exec("cd /home/mox && ./mox config dnsrecords example.com").requireSuccess().output();
    List<DnsRecord> moxDkim = com.dimosaic.vps.mox.MoxDnsRecords.dkim(printed, "example.com");
    assertFalse(moxDkim.isEmpty(), printed);
    List<String> common = List.of(profileDir.toString(), "--endpoint", netcup.endpoint(),
        "--age-key-file", profileDir.resolve("demo-age-key.txt").toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> plan = new ArrayList<>(List.of("dns", "plan"));
    plan.addAll(common);
    assertEquals(0, Main.run(new PrintWriter(out), new PrintWriter(err), plan.toArray(String[]::new)), err.toString());
    assertTrue(out.toString().contains("converged, no changes"), out.toString());
    assertTrue(out.toString().contains("note: DKIM: not managed in this run"), out.toString());

    // the DKIM records go missing at the provider
    com.dimosaic.vps.netcup.NetcupDns client = com.dimosaic.vps.netcup.NetcupDns.builder().endpoint(netcup.endpoint()).build();
    try (com.dimosaic.vps.netcup.NetcupSession s = client.newSession(
        com.dimosaic.vps.netcup.NetcupCredentials.of("12345", "demo-api-key", "demo-api-password"))) {
      List<com.dimosaic.vps.netcup.NetcupRecord> dkim = s.records("example.com").stream()
          .filter(r -> r.hostname().endsWith("._domainkey"))
          .map(r -> new com.dimosaic.vps.netcup.NetcupRecord(r.id(), r.hostname(), r.type(), r.priority(), r.destination(), true, ""))
          .toList();
      assertEquals(moxDkim.size(), dkim.size(), "provisioning published mox's DKIM records");
      s.updateRecords("example.com", dkim);
    }
    List<String> ssh = List.of("--host", "127.0.0.1", "--port", String.valueOf(box.sshPort()), "--user", "root",
        "--identity", e2e.key.toString(), "--host-key", box.hostKeyFingerprint());
    List<String> sync = new ArrayList<>(List.of("dns", "sync"));
    sync.addAll(common);
    sync.addAll(ssh);
    sync.addAll(List.of("--yes", "--no-wait"));
    out = new StringWriter();
    err = new StringWriter();
    assertEquals(0, Main.run(new PrintWriter(out), new PrintWriter(err), sync.toArray(String[]::new)), err + "\n" + out);
    for (DnsRecord d : moxDkim) {
      assertTrue(out.toString().contains("+ TXT " + d.name()), out.toString());
    }
    assertFalse(out.toString().contains("DKIM: not managed"), out.toString());
    for (DnsRecord d : moxDkim) {
      assertTrue(netcup.zone("example.com").records().stream().anyMatch(r -> r.hostname().equals(d.name()) && r.type().equals("TXT")
          && r.destination().equals(d.value())), d + " not at the provider: " + netcup.zone("example.com").records());
    }
  }

  /**
   * DANE, turned on for the provisioned box: {@code dns sync --host} publishes the TLSA record of the
   * key mox serves (the validator's TLSA check PASSes against a real knot serving what the provider
   * holds); a certificate with a new key in Caddy's storage is staged, not served, until its TLSA
   * record was published and the wait (zone TTL plus propagation wait) has passed; then mox serves it,
   * and the next sync retires the old record.
   */
  private static void daneTlsaRecordsFollowTheKeyMoxServesAndLeadAKeyChange(E2eFixture e2e, VpsBox box, Path provisioned,
      FakeNetcupServer netcup) throws Exception {
    Path dir = e2e.profileDir("", "", true);
    Path yaml = dir.resolve("profile.yaml");
    String text = Files.readString(yaml);
    assertTrue(text.contains("  enabled: true\n  spf:") && text.contains("  wait: 1m\n"), text);
    Files.writeString(yaml, text.replace("  enabled: true\n  spf:", "  enabled: true\n  dane: true\n  spf:").replace("  wait: 1m\n", "  wait: 15s\n"));
    Profile dane = E2eFixture.load(dir);
    String mail = dane.domains().mailFqdn();
    String certs = "/home/mox/certs";
    // the zone TTL the wait is made of: lowered, as an operator preparing a key change would
    com.dimosaic.vps.netcup.NetcupDns client = com.dimosaic.vps.netcup.NetcupDns.builder().endpoint(netcup.endpoint()).build();
    try (com.dimosaic.vps.netcup.NetcupSession s = client.newSession(
        com.dimosaic.vps.netcup.NetcupCredentials.of("12345", "demo-api-key", "demo-api-password"))) {
      com.dimosaic.vps.netcup.NetcupZone z = s.zone("example.com");
      s.updateZone(new com.dimosaic.vps.netcup.NetcupZone(z.name(), 1, z.serial(), z.refresh(), z.retry(), z.expire(), z.dnssec()));
    }
    try (VpsSession session = Vps.connect(e2e.target(box))) {
      com.dimosaic.vps.mox.CertSync sync = com.dimosaic.vps.mox.CertSync.builder(mail)
          .caddyDataDir("/var/lib/docker/volumes/e2e_caddy_data/_data/caddy").dane(true).build();
      assertTrue(sync.install(session.host()).stream().anyMatch(com.dimosaic.vps.phase.StepResult::changed), "the DANE gate is installed");
    }
    List<String> sync = new ArrayList<>(List.of("dns", "sync", dir.toString(), "--endpoint", netcup.endpoint(),
        "--age-key-file", dir.resolve("demo-age-key.txt").toString(), "--host", "127.0.0.1", "--port", String.valueOf(box.sshPort()),
        "--user", "root", "--identity", e2e.key.toString(), "--host-key", box.hostKeyFingerprint(), "--yes", "--no-wait"));
    int port25 = box.publishedPort(25);
    String served = served(mail, port25);
    String out = runner(sync);
    assertTrue(out.contains("+ TLSA _25._tcp.mail 3 1 1 " + served), out);
    assertTrue(out.contains("note: DANE: zone example.com has DNSSEC off at netcup"), out);
    assertEquals(List.of("3 1 1 " + served), tlsa(netcup));

    // the validator: the served key matches a TLSA record as a real authoritative server returns it
    try (LocalKnot knot = LocalKnot.start("example.com", zone(netcup, 1))) {
      assertDanePasses(e2e, box, dane, mail, port25, knot);
    }

    // a new key in Caddy's storage: staged, while mox keeps serving the published key
    String live = "/var/lib/docker/volumes/e2e_caddy_data/_data/caddy/certificates/local/" + mail + "/" + mail;
    box.exec("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 90 -subj /CN=" + mail
        + " -addext subjectAltName=DNS:" + mail + " -keyout " + live + ".key -out " + live + ".crt 2>/dev/null && touch " + live + ".crt")
        .requireSuccess();
    assertEquals("staged", box.exec("/usr/local/bin/vps-cert-sync").requireSuccess().output().strip());
    assertEquals(served, served(mail, port25), "mox still serves the published key");
    String next = box.exec("openssl x509 -noout -pubkey -in " + certs + "/next/" + mail + ".crt | openssl pkey -pubin -outform DER"
        + " | sha256sum | cut -c 1-64").requireSuccess().output().strip();
    assertEquals("pending", box.exec("/usr/local/bin/vps-cert-sync").requireSuccess().output().strip());

    out = runner(sync);
    assertTrue(out.contains("+ TLSA _25._tcp.mail 3 1 1 " + next), out);
    assertEquals(java.util.Set.of("3 1 1 " + served, "3 1 1 " + next), java.util.Set.copyOf(tlsa(netcup)),
        "the new key's record is published beside the current one");
    assertEquals("pending", box.exec("/usr/local/bin/vps-cert-sync").requireSuccess().output().strip(), "not before the wait has passed");
    assertEquals(served, served(mail, port25));
    // the wait: zone TTL 1 s + propagation wait 15 s; cron would run the script every 6 hours
    String result = "pending";
    for (int i = 0; i < 40 && result.equals("pending"); i++) {
      Thread.sleep(1000);
      result = box.exec("/usr/local/bin/vps-cert-sync").requireSuccess().output().strip();
    }
    assertEquals("changed", result);
    String nowServed = "";
    for (int i = 0; i < 60 && !nowServed.equals(next); i++) {
      Thread.sleep(500);
      try {
        nowServed = served(mail, port25);
      } catch (java.io.IOException restarting) {
        // mox restarts with the new pair
      }
    }
    assertEquals(next, nowServed, "mox serves the new key, whose record was published first");
    try (LocalKnot knot = LocalKnot.start("example.com", zone(netcup, 2))) {
      assertDanePasses(e2e, box, dane, mail, port25, knot);
    }
    out = runner(sync);
    assertTrue(out.contains("- TLSA _25._tcp.mail"), out);
    assertEquals(List.of("3 1 1 " + next), tlsa(netcup), "the old key's record is retired");
  }

  private static String runner(List<String> argv) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), argv.toArray(String[]::new));
    assertEquals(0, code, err + "\n" + out);
    return out.toString();
  }

  private static String served(String mail, int port) throws java.io.IOException {
    return com.dimosaic.vps.dns.TlsaSource.spkiSha256(com.dimosaic.vps.tls.TlsCheck.builder().build()
        .presented("127.0.0.1", port, mail, com.dimosaic.vps.tls.TlsCheck.Protocol.SMTP_STARTTLS));
  }

  private static List<String> tlsa(FakeNetcupServer netcup) {
    return netcup.zone("example.com").records().stream().filter(r -> r.type().equals("TLSA")).map(FakeNetcupServer.Rec::destination)
        .toList();
  }

  /** The provider's zone as a zone file for knot (its TLSA records; the rest is not asked). */
  private static String zone(FakeNetcupServer netcup, int serial) {
    StringBuilder z = new StringBuilder("@ SOA ns hostmaster " + serial + " 3600 600 86400 60\n@ NS ns\nns A 127.0.0.1\n");
    netcup.zone("example.com").records().stream().filter(r -> r.type().equals("TLSA"))
        .forEach(r -> z.append(r.hostname()).append(" TLSA ").append(r.destination()).append('\n'));
    return z.toString();
  }

  private static void assertDanePasses(E2eFixture e2e, VpsBox box, Profile dane, String mail, int port25, LocalKnot knot) {
    try (VpsSession session = Vps.connect(e2e.target(box))) {
      com.dimosaic.vps.validation.ValidationReport r = com.dimosaic.vps.validation.Validator.builder(dane, session.host())
          .checks(List.of(com.dimosaic.vps.validation.Checks.dane(mail, "127.0.0.1", port25, List.of("127.0.0.1:" + knot.port()))))
          .build().validate();
      assertEquals(Status.PASS, r.status(), r.toText());
    }
  }

  /**
   * Zitadel and Windmill run as wiring probes (their images cannot be pulled here) under the generated
   * names, environment, networks and health checks: they became healthy only after logging in to
   * PostgreSQL with exactly the credentials and databases the generated files give them, finding the
   * Windmill roles init-db.sh created, and (the worker) reaching the outside through egress.
   */
  private static void zitadelAndWindmillAreWiredAsTheGeneratedFilesSay(VpsBox box) {
    for (String[] want : new String[][] {{"zitadel", "zitadel user zitadel on database zitadel (zitadel@zitadel)"},
        {"zitadel", "zitadel admin postgres (postgres@postgres)"}, {"windmill-server", "windmill server with DATABASE_URL (windmill@windmill)"},
        {"windmill-server", "windmill roles"}, {"windmill-worker", "windmill worker with DATABASE_URL (windmill@windmill)"},
        {"windmill-worker", "egress through "}}) {
      String logs = box.exec("cd /home/app/docker && runuser -u app -- docker compose logs --no-color --no-log-prefix " + want[0]).output();
      assertTrue(logs.contains("wiring probe: ok: " + want[1]), "missing from " + want[0] + ": " + want[1] + "\n" + logs);
      assertTrue(!logs.contains("FAIL"), logs);
    }
  }

  /**
   * The stack's mail path, for real: a container on the stack's internal network submits a message to
   * {@code postfix-relay} (Debian's postfix behind the upstream image's environment contract), which
   * relays it with STARTTLS and the relay account's login to real mox on the host's public address;
   * mox delivers it to a mailbox the SDK created, and it is read back over IMAPS with the certificate
   * synced from Caddy, with SPF, DKIM and DMARC passing against the records provisioning published (the
   * box resolves them from the fake provider's zone). A message to the profile's DMARC report address is accepted too. PostgreSQL
   * and Redis answer on the internal network and on no address of the host.
   */
  private static void mailFlowsFromTheStackThroughTheRelayToMox(VpsBox box, Profile profile, FakeNetcupServer netcup) throws Exception {
    // the box resolves example.com from what provisioning published (mox delivers to its own domain through its MX, and checks
    // SPF, DKIM and DMARC against these records)
    box.serveDns("example.com", E2eFixture.zoneFile(netcup, "example.com"));
    String client = "docker run --rm --network e2e_backend --entrypoint ";
    String image = " 127.0.0.1:5000/vps/relay:e2e ";
    for (String target : List.of("postgres/5432", "redis/6379")) {
      assertEquals(0, box.exec(client + "bash" + image + "-c '</dev/tcp/" + target + "'").exitCode(), target + " on the internal network");
      String port = target.substring(target.indexOf('/') + 1);
      assertNotEquals(0, box.exec("timeout 5 bash -c '</dev/tcp/" + box.publicAddress() + "/" + port + "'").exitCode(),
          port + " answers on the host's public address");
    }
    String subject = "vps e2e " + java.util.UUID.randomUUID();
    long sent = System.nanoTime();
    Processes.Result submit = box.exec(client + "swaks" + image + "--server postfix-relay --port 587 --from relay@example.com"
        + " --to ops@example.com --header 'Subject: " + subject + "' --body 'through the relay to mox'");
    assertEquals(0, submit.exitCode(), submit.output() + E2eFixture.diagnostics(box));
    List<String> found = inbox(box, profile, subject, 120);
    long ms = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
    String relayLog = box.exec("cd /home/app/docker && runuser -u app -- docker compose logs --no-color postfix-relay | tail -30").output();
    assertEquals(1, found.size(), "the message did not arrive in ops@example.com's INBOX within 120 s\n" + relayLog
        + box.exec("journalctl -u mox --no-pager | tail -30").output());
    assertTrue(found.get(0).contains("through the relay to mox"), found.get(0));
    String auth = found.get(0).lines().filter(l -> l.startsWith("Authentication-Results:") || l.startsWith("\t") || l.startsWith(" "))
        .reduce("", (a, b) -> a + b + "\n");
    for (String pass : List.of("dkim=pass", "spf=pass", "dmarc=pass")) {
      assertTrue(found.get(0).contains(pass), pass + " expected in the delivered message's Authentication-Results:\n" + auth + found.get(0));
    }
    log.info("mail: submitted to postfix-relay, read back over IMAPS after {} ms", ms);

    Processes.Result report = box.exec(client + "swaks" + image + "--server postfix-relay --port 587 --from relay@example.com"
        + " --to dmarc-reports@example.com --header 'Subject: not a report' --body 'hello'");
    assertEquals(0, report.exitCode(), report.output());
    long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    String log2 = "";
    while (System.nanoTime() < until && !(log2 = box.exec("cd /home/app/docker && runuser -u app -- docker compose logs --no-color"
        + " postfix-relay").output()).matches("(?s).*to=<dmarc-reports@example.com>.*status=sent.*")) {
      Thread.sleep(500);
    }
    assertTrue(log2.matches("(?s).*to=<dmarc-reports@example.com>.*status=sent.*"), "mox accepts the DMARC report address\n" + log2);
  }

  /**
   * The messages in ops@example.com's INBOX (read over IMAPS on the box's published port, verified against Caddy's
   * internal CA) that contain {@code needle}, waiting up to {@code seconds} for one.
   */
  static List<String> inbox(VpsBox box, Profile profile, String needle, int seconds) throws Exception {
    String root = box.exec("cat /var/lib/docker/volumes/e2e_caddy_data/_data/caddy/pki/authorities/local/root.crt").requireSuccess().output();
    java.security.KeyStore anchors = java.security.KeyStore.getInstance("PKCS12");
    anchors.load(null, null);
    anchors.setCertificateEntry("caddy-local", java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCertificate(new java.io.ByteArrayInputStream(root.getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
    String password = profile.secrets().get("ZITADEL_ADMIN_PASSWORD").reveal(); // the e2e profile's ops@ password
    List<String> found = List.of();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
    while (found.isEmpty() && System.nanoTime() < deadline) {
      try (Imaps imap = Imaps.connect("127.0.0.1", box.publishedPort(993), "mail.example.com", anchors)) {
        assertTrue(imap.login("ops@example.com", password), "ops@example.com logs in");
        found = imap.messagesContaining("INBOX", needle);
      }
      if (found.isEmpty()) {
        Thread.sleep(500);
      }
    }
    return found;
  }

  /**
   * The SSH connection is killed (every sshd session process in the box) while phase 2 installs
   * packages: the run fails with the phase named; the next run completes the interrupted package run
   * and ends in SUCCESS.
   */
  @Test
  void aConnectionKilledDuringSystemPreparationIsRecoveredByTheNextRun() throws Exception {
    E2eFixture e2e = new E2eFixture(tmp);
    try (VpsBox box = e2e.box();
        FakeNetcupServer netcup = E2eFixture.netcup()) {
      ProvisionOptions options = e2e.options(box, netcup);
      Profile profile = E2eFixture.load(e2e.profileDir("", ""));
      AtomicBoolean killed = new AtomicBoolean();
      ProgressListener killer = new ProgressListener() {
        @Override
        public void stepFinished(String phase, StepResult step) {
          if (phase.equals("system preparation") && step.step().startsWith("apt-get update") && killed.compareAndSet(false, true)) {
            Thread t = new Thread(() -> {
              Processes.sleep(1500);
              log.info("killing every SSH session in the box: {}", box.exec("pkill -KILL -e sshd-session || pkill -KILL -e -f 'sshd: root'")
                  .output().strip());
            });
            t.setDaemon(true);
            t.start();
          }
        }
      };
      ProvisionReport cut;
      try (VpsSession session = Vps.connect(e2e.target(box))) {
        cut = session.provision(profile, options, killer);
      }
      log.info("interrupted run:\n{}", cut.toText());
      assertTrue(killed.get(), cut.toText());
      assertEquals(ProvisionReport.Result.FAILED, cut.result(), cut.toText());
      assertEquals("system preparation", cut.phases().get(cut.phases().size() - 1).phase(), cut.toText());

      ProvisionReport resumed;
      try (VpsSession session = Vps.connect(e2e.target(box))) {
        resumed = session.provision(profile, options, ProgressListener.NONE);
      }
      log.info("run after the interruption:\n{}", resumed.toText());
      assertEquals(ProvisionReport.Result.SUCCESS, resumed.result(), resumed.toText() + E2eFixture.diagnostics(box));
      assertEquals(0, box.exec("dpkg --audit | grep -q . && exit 1 || exit 0").exitCode(), box.exec("dpkg --audit").output());
    }
  }


  /**
   * Releases of the static site delivered while this machine requests it through the box's Caddy
   * 20 times a second ({@link AppDeliveryE2eIT#underLoad}): no request fails, the answers switch from
   * the old release to the new one once, and a rollback switches back the same way.
   */
  private void staticSiteReleasesSwitchWithoutAFailedRequest(E2eFixture e2e, VpsBox box, Profile profile) throws Exception {
    Path one = Files.createDirectories(tmp.resolve("site-1/css"));
    Files.writeString(one.getParent().resolve("index.html"), "<p>release one</p>\n");
    Files.writeString(one.resolve("site.css"), "p { color: navy }\n");
    Path two = Files.createDirectories(tmp.resolve("site-2"));
    Files.writeString(two.resolve("index.html"), "<p>release two</p>\n");
    String root = "/var/lib/docker/volumes/e2e_caddy_data/_data/caddy/pki/authorities/local/root.crt";
    String get = "curl -s --resolve example.com:443:127.0.0.1 --cacert " + root + " https://example.com/";
    try (VpsSession vps = Vps.connect(e2e.target(box))) {
      StaticSites sites = vps.staticSites(profile);
      sites.deploy("portal", one.getParent(), "e2e@test");
      AppDeliveryE2eIT.underLoad(box, "@", "/", "<p>release one</p>", "<p>release two</p>", "a static release",
          () -> sites.deploy("portal", two, "e2e@test"));
      AppDeliveryE2eIT.underLoad(box, "@", "/", "<p>release two</p>", "<p>release one</p>", "a static rollback",
          () -> sites.rollback("portal", "e2e@test"));
      assertTrue(box.exec(get.replace("https://example.com/", "https://example.com/css/site.css")).output().contains("navy"));
    }
    assertTrue(box.exec("grep -c deploy-static /home/app/docker/.vps-state/audit.log").output().strip().equals("2"));
  }
}
