package com.dimosaic.vps.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.DnsProviders;
import com.dimosaic.vps.Vps;
import com.dimosaic.vps.VpsSession;
import com.dimosaic.vps.core.VpsException;
import com.dimosaic.vps.mox.MoxBinary;
import com.dimosaic.vps.mox.MoxInstall;
import com.dimosaic.vps.phase.PhaseResult;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.ProfileLoader;
import com.dimosaic.vps.secrets.sops.AgeKeys;
import com.dimosaic.vps.ssh.SshTarget;
import com.dimosaic.vps.testing.FakeNetcupServer;
import com.dimosaic.vps.testing.Imaps;
import com.dimosaic.vps.testing.Processes;
import com.dimosaic.vps.testing.RealMox;
import com.dimosaic.vps.testing.VpsBox;
import com.dimosaic.vps.tls.TlsCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provisioning phases on a real Debian 13 host with systemd ("VPS in a box"), over real SSH with
 * strict host-key verification, one concern per box: phases 1–5 and 7 with the distribution's
 * Docker, then a second run that must change nothing; phases 6, 6.5 and 9 (mox, DNS, certificates)
 * with closer checks of their results. All phases together run in {@code ProvisionE2eIT} (module
 * {@code examples}).
 */
class ProvisionBoxIT {
  @TempDir Path tmp;

  /**
   * Phases 6, 6.5 and 9 on a real host with the real mox v0.0.17 binary ({@link RealMox}) under
   * systemd and the installer's hardened unit: mox binds the box's public address, serves TLS on
   * 25/587 (STARTTLS) and 465/993, a second run changes nothing on the host (compared from the host's
   * own state, not the SDK's counter), a binary too old for the configuration (v0.0.15) and one that
   * does not match its sum are refused with mox left running as it was, and an update keeps the
   * previous binary.
   */
  @Test
  void realMoxIsInstalledAsASystemdServiceAndASecondRunChangesNothing() throws Exception {
    Profile profile = profile();
    Path key = key();
    Path mox17 = RealMox.V0_0_17.binary();
    MoxInstall.Source source = MoxInstall.Source.localFile(mox17, MoxBinary.gobuildsSum(Files.readAllBytes(mox17)));
    try (VpsBox box = VpsBox.start(Path.of(key + ".pub"), 25, 465, 587, 993);
        FakeNetcupServer netcup = FakeNetcupServer.start().addCustomer("12345", "demo-api-key", "demo-api-password").addZone("example.com")) {
      box.forwardToPublicAddress(25, 465, 587, 993); // mox binds the public address only
      try (VpsSession session = Vps.connect(target(box, key))) {
        ProvisionReport users = Provisioner.of(List.of(new PreflightPhase(), new UsersPhase())).run(session.host(), profile,
            ProgressListener.NONE);
        assertEquals(ProvisionReport.Result.SUCCESS, users.result(), users.toText());

        // what Caddy's `tls internal` leaves in its data volume, made here with openssl (no Caddy in this box)
        String caddy = "/var/lib/docker/volumes/demo_caddy_data/_data/caddy";
        box.exec("d=" + caddy + "/certificates/local/mail.example.com && mkdir -p $d && openssl req -x509 -newkey ec"
            + " -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=mail.example.com -addext subjectAltName=DNS:mail.example.com"
            + " -keyout $d/mail.example.com.key -out $d/mail.example.com.crt 2>/dev/null").requireSuccess();

        java.util.function.Function<Profile, com.dimosaic.vps.dns.DnsProvider> dns =
            p -> DnsProviders.open(p, java.util.Optional.empty(), java.util.Optional.of(netcup.endpoint()));
        Provisioner mox = Provisioner.of(List.of(new MoxPhase(java.util.Optional.of(source)), new DnsPhase(java.util.Optional.of(dns)),
            new CertificatesPhase(caddy, java.time.Duration.ofSeconds(30), java.util.Optional.of(dns))));
        ProvisionReport first = mox.run(session.host(), profile, ProgressListener.NONE);
        assertEquals(ProvisionReport.Result.SUCCESS, first.result(), first.toText() + "\n" + box.exec("journalctl -u mox --no-pager | tail -20").output());
        // MTA-STS was held back while mox served its placeholder, and published once Caddy's certificate was synced
        assertTrue(first.phases().stream().filter(ph -> ph.phase().equals("dns")).flatMap(ph -> ph.steps().stream())
            .anyMatch(st -> st.step().startsWith("_mta-sts.example.com held back")), first.phases().toString());
        assertTrue(netcup.zone("example.com").records().stream().anyMatch(r -> r.hostname().equals("_mta-sts")), netcup.zone("example.com").records().toString());

        String before = moxState(box);
        ProvisionReport second = mox.run(session.host(), profile, ProgressListener.NONE);
        org.slf4j.LoggerFactory.getLogger(ProvisionBoxIT.class).info("{}\n{}", first.toText(), second.toText());
        assertEquals(0, second.changes(), second.toText());
        assertEquals(before, moxState(box), "the second run changed the host");

        // real mox on its ports, with the synced certificate: STARTTLS on 25 and 587, implicit TLS on 465 and 993
        String synced = box.exec("cat /home/mox/certs/live/mail.example.com.crt").requireSuccess().output();
        KeyStore anchors = anchors(synced);
        for (int port : List.of(25, 465, 587, 993)) {
          TlsCheck.Protocol protocol = port == 25 || port == 587 ? TlsCheck.Protocol.SMTP_STARTTLS : TlsCheck.Protocol.IMPLICIT;
          TlsCheck.Report r = TlsCheck.builder().trustAnchors(anchors).build().check("127.0.0.1", box.publishedPort(port), "mail.example.com",
              protocol);
          assertTrue(r.ok(), port + ": " + r);
        }
        // the relay's account logs in with the profile's password (set over stdin by the installer)
        String relayPassword = profile.secrets().get("RELAY_PASSWORD").reveal();
        try (Imaps imap = Imaps.connect("127.0.0.1", box.publishedPort(993), "mail.example.com", anchors)) {
          assertTrue(imap.login("relay@example.com", relayPassword), "relay@example.com logs in");
        }
        try (Imaps imap = Imaps.connect("127.0.0.1", box.publishedPort(993), "mail.example.com", anchors)) {
          assertTrue(!imap.login("relay@example.com", relayPassword + "x"), "a wrong password is refused");
        }
        assertEquals(0, box.exec("cd /home/mox && ./mox config test").exitCode(), box.exec("cd /home/mox && ./mox config test").output());

        // mox older than the configuration needs is refused; the running mox, its binary and configuration stay
        String pid = box.exec("systemctl show -p MainPID --value mox").output().strip();
        Path mox15 = RealMox.V0_0_15.binary();
        VpsException old = assertThrows(VpsException.class, () -> MoxInstall.builder(profile,
            MoxInstall.Source.localFile(mox15, MoxBinary.gobuildsSum(Files.readAllBytes(mox15)))).build().apply(session.host()));
        assertTrue(old.getMessage().contains("older than v0.0.16") && old.getMessage().contains("Forwarded"), old.getMessage());
        assertEquals(before, moxState(box), "a refused binary changes nothing");
        assertEquals(pid, box.exec("systemctl show -p MainPID --value mox").output().strip(), "mox was not restarted");
        assertEquals(1, box.exec("test -e /home/mox/.mox.new").exitCode(), "no staged binary left");

        // a binary that does not match its sum never reaches the host
        VpsException wrong = assertThrows(VpsException.class, () -> MoxInstall.builder(profile,
            MoxInstall.Source.localFile(mox17, "0" + "A".repeat(27))).build().apply(session.host()));
        assertTrue(wrong.getMessage().contains("checksum mismatch"), wrong.getMessage());
        assertEquals(before, moxState(box));

        // an update (here: the same program with bytes appended, so another sum) replaces it and keeps the previous one
        Path updated = tmp.resolve("mox-updated");
        Files.write(updated, Files.readAllBytes(mox17));
        Files.write(updated, new byte[] {0, 0, 0, 0}, java.nio.file.StandardOpenOption.APPEND);
        List<com.dimosaic.vps.phase.StepResult> update = MoxInstall.builder(profile,
            MoxInstall.Source.localFile(updated, MoxBinary.gobuildsSum(Files.readAllBytes(updated)))).build().apply(session.host());
        assertTrue(update.stream().anyMatch(st -> st.changed() && st.step().startsWith("mox binary") && st.detail().contains("mox.previous")),
            update.toString());
        assertEquals(RealMox.V0_0_17.sha256(), box.exec("sha256sum /home/mox/mox.previous").output().split(" ")[0]);
        assertEquals("active", box.exec("systemctl is-active mox").output().strip());
      }
      assertEquals("active", box.exec("systemctl is-active mox").output().strip(), box.exec("systemctl status mox --no-pager").output());
      assertEquals("enabled", box.exec("systemctl is-enabled mox").output().strip());
      assertEquals("2750 mox root", box.exec("stat -c '%a %U %G' /home/mox/config").output().strip(), "mox's own modes, kept");
      // DNS (6.5) published the DKIM key mox uses, read from the host
      String dkim = box.exec("openssl pkey -pubout -in /home/mox/config/dkim/*.pem | grep -v '^-----' | tr -d '\\n'").requireSuccess()
          .output().strip();
      assertTrue(netcup.zone("example.com").records().stream().anyMatch(r -> r.hostname().endsWith("._domainkey")
          && r.type().equals("TXT") && r.destination().replace("\" \"", "").replace("\"", "").contains("p=" + dkim)),
          dkim + "\n" + netcup.zone("example.com").records());
      String certs = "/var/lib/docker/volumes/demo_caddy_data/_data/caddy/certificates/local/mail.example.com/mail.example.com.crt";
      assertEquals(0, box.exec("cmp " + certs + " /home/mox/certs/live/mail.example.com.crt").exitCode(),
          box.exec("ls -laR /home/mox/certs").output());
      assertTrue(box.exec("cat /etc/cron.d/* 2>/dev/null; crontab -l 2>/dev/null").output().contains("cert-sync"),
          box.exec("ls -la /etc/cron.d").output());
    }
  }

  /** What a second run must not change: owners, modes and hashes of mox's files, the unit, and the running process. */
  static String moxState(VpsBox box) {
    // folders by owner and mode (a staged file that was refused and removed touches its folder's time, nothing else)
    return box.exec("cd /home/mox && find . -path ./data -prune -o -type d -print0 | sort -z | xargs -0 stat -c '%n %U %G %a';"
        + " find . -path ./data -prune -o ! -type d -print0 | sort -z | xargs -0 stat -c '%n %U %G %a %s %Y';"
        + " stat -c '%n %U %G %a' data; find config certs -type f -print0 | sort -z | xargs -0 sha256sum; sha256sum mox;"
        + " readlink certs/live; cat /etc/systemd/system/mox.service | sha256sum; systemctl show -p MainPID -p ActiveEnterTimestamp mox")
        .requireSuccess().output();
  }

  static KeyStore anchors(String pem) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("synced", java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
    return ks;
  }

  private Profile profile() throws Exception {
    Path demo = Path.of("../examples/profiles/demo");
    Path dir = tmp.resolve("box-profile");
    Files.createDirectories(dir);
    for (String f : List.of("services.yaml", "secrets.enc.yaml", "demo-age-key.txt")) {
      Files.copy(demo.resolve(f), dir.resolve(f));
    }
    Files.writeString(dir.resolve("profile.yaml"), Files.readString(demo.resolve("profile.yaml"))
        .replace("source: official", "source: distribution"));
    return ProfileLoader.builder()
        .ageKeys(AgeKeys.builder().identityFile(dir.resolve("demo-age-key.txt")).environment(Map.of()).build()).build().loadFrom(dir);
  }

  private Path key() {
    Path key = tmp.resolve("id_ed25519");
    Processes.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), Map.of(), null).requireSuccess();
    return key;
  }

  private static SshTarget target(VpsBox box, Path key) {
    return SshTarget.builder("127.0.0.1").port(box.sshPort()).user("root").identityFile(key).hostKeyFingerprint(box.hostKeyFingerprint())
        .build();
  }

  @Test
  void aBareDebianHostIsProvisionedAndASecondRunChangesNothing() throws Exception {
    Profile profile = profile();
    Path key = key();
    try (VpsBox box = VpsBox.start(Path.of(key + ".pub"))) {
      SshTarget target = target(box, key);
      Provisioner provisioner = Provisioner.of(List.of(new PreflightPhase(), new SystemPhase(), new UsersPhase(), new FirewallPhase(),
          new DockerPhase("https://download.docker.com/linux"), new EnvironmentPhase()));
      ProvisionReport first;
      ProvisionReport second;
      try (VpsSession session = Vps.connect(target)) {
        first = provisioner.run(session.host(), profile, ProgressListener.NONE);
        assertEquals(ProvisionReport.Result.SUCCESS, first.result(), first.toText());
        assertTrue(first.changes() > 0, first.toText());

        com.dimosaic.vps.testing.HostSnapshot before = com.dimosaic.vps.testing.HostSnapshot.of(box);
        second = provisioner.run(session.host(), profile, ProgressListener.NONE);
        org.slf4j.LoggerFactory.getLogger(ProvisionBoxIT.class).info("{}\n{}", first.toText(), second.toText());
        // the claim "a second run changes nothing", proven from the host's own state
        com.dimosaic.vps.testing.HostSnapshot.of(box).assertSameAs(before);
      }
      assertEquals(ProvisionReport.Result.SUCCESS, second.result(), second.toText());
      for (PhaseResult phase : second.phases()) {
        assertEquals(0, phase.changes(), "second run changed something in " + phase.phase() + ":\n" + second.toText());
      }
      // how fast a no-op run is, against Ansible on the same box: bench/provision-vs-ansible.sh

      // what the host looks like now, seen from inside the box
      assertEquals("app", box.exec("id -un app").requireSuccess().output().strip());
      assertTrue(box.exec("id -nG app").output().contains("docker"), box.exec("id -nG app").output());
      assertTrue(box.exec("getent passwd mox").output().strip().endsWith(":/usr/sbin/nologin"), box.exec("getent passwd mox").output());
      assertEquals(box.exec("cat /root/.ssh/authorized_keys").output(), box.exec("cat /home/app/.ssh/authorized_keys").output());
      String ufw = box.exec("ufw status").requireSuccess().output();
      assertTrue(ufw.contains("Status: active"), ufw);
      for (String rule : List.of("22/tcp", "80/tcp", "443/tcp", "25/tcp", "465/tcp", "587/tcp", "993/tcp", "8080/tcp")) {
        assertTrue(ufw.contains(rule), rule + " missing:\n" + ufw);
      }
      assertEquals("active", box.exec("systemctl is-active docker").output().strip());
      assertTrue(box.exec("runuser -u app -- docker compose version").requireSuccess().output().contains("Docker Compose"));
      assertEquals("600 app", box.exec("stat -c '%a %U' /home/app/docker/.env").requireSuccess().output().strip());
      assertTrue(box.exec("test -s /home/app/docker/docker-compose.yml && test -s /home/app/docker/Caddyfile").exitCode() == 0,
          box.exec("ls -laR /home/app/docker").output());
      assertEquals("Europe/Berlin", box.exec("readlink /etc/localtime").output().strip().replaceAll(".*/zoneinfo/", ""));
    }
  }
}
