package com.dimosaic.vps.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.Vps;
import com.dimosaic.vps.DnsProviders;
import com.dimosaic.vps.VpsSession;
import com.dimosaic.vps.mox.MoxBinary;
import com.dimosaic.vps.mox.MoxInstall;
import com.dimosaic.vps.phase.PhaseResult;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.ProfileLoader;
import com.dimosaic.vps.progress.ProgressListener;
import com.dimosaic.vps.secrets.sops.AgeKeys;
import com.dimosaic.vps.ssh.SshTarget;
import com.dimosaic.vps.testing.FakeNetcupServer;
import com.dimosaic.vps.testing.Processes;
import com.dimosaic.vps.testing.VpsBox;
import java.nio.file.Files;
import java.nio.file.Path;
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
   * Phases 6, 6.5 and 9 on a real host. Phase 6 with real systemd: the installer's hardened unit (ProtectSystem, PrivateTmp, ...) runs
   * a STAND-IN mox (an ELF executable compiled here that delegates to a script implementing
   * version, config test, serve and stop; no mox build is reachable from this machine).
   */
  @Test
  void moxIsInstalledAsASystemdServiceAndASecondRunChangesNothing() throws Exception {
    Profile profile = profile();
    Path key = key();
    Path standIn = tmp.resolve("mox");
    Processes.run(List.of("gcc", "-O1", "-DSTANDIN_BUILD=\"1\"", "-o", standIn.toString(),
        Path.of("../vps-mox/src/test/resources/standin/mox-standin.c").toAbsolutePath().toString()), Map.of(), null).requireSuccess();
    MoxInstall.Source source = MoxInstall.Source.localFile(standIn, MoxBinary.gobuildsSum(Files.readAllBytes(standIn)));
    try (VpsBox box = VpsBox.start(Path.of(key + ".pub"));
        FakeNetcupServer netcup = FakeNetcupServer.start().addCustomer("12345", "demo-api-key", "demo-api-password").addZone("example.com")) {
      try (VpsSession session = Vps.connect(target(box, key))) {
        ProvisionReport users = Provisioner.of(List.of(Phases.preflight(), Phases.users())).run(session.host(), profile,
            ProgressListener.NONE, null);
        assertEquals(ProvisionReport.Result.SUCCESS, users.result(), users.toText());
        // the stand-in's script travels next to the binary it delegates to
        VpsBox.docker(java.time.Duration.ofSeconds(30), "cp", "../vps-mox/src/test/resources/standin/mox-standin.sh",
            box.container() + ":/home/mox/mox.sh").requireSuccess();
        box.exec("chown root:root /home/mox/mox.sh && chmod 644 /home/mox/mox.sh").requireSuccess();

        // what Caddy's `tls internal` leaves in its data volume, made here with openssl (no Caddy in this box)
        String caddy = "/var/lib/docker/volumes/demo_caddy_data/_data/caddy";
        box.exec("d=" + caddy + "/certificates/local/mail.example.com && mkdir -p $d && openssl req -x509 -newkey ec"
            + " -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=mail.example.com -keyout $d/mail.example.com.key"
            + " -out $d/mail.example.com.crt 2>/dev/null").requireSuccess();

        Provisioner mox = Provisioner.of(List.of(Phases.mox(java.util.Optional.of(source)),
            Phases.dns(java.util.Optional.of(p -> DnsProviders.open(p, java.util.Optional.empty(), java.util.Optional.of(netcup.endpoint())))),
            Phases.certificates(caddy, java.time.Duration.ofSeconds(30), java.util.Optional.empty())));
        ProvisionReport first = mox.run(session.host(), profile, ProgressListener.NONE, null);
        assertEquals(ProvisionReport.Result.SUCCESS, first.result(), first.toText() + "\n" + box.exec("journalctl -u mox --no-pager | tail -20").output());
        ProvisionReport second = mox.run(session.host(), profile, ProgressListener.NONE, null);
        org.slf4j.LoggerFactory.getLogger(ProvisionBoxIT.class).info("{}\n{}", first.toText(), second.toText());
        assertEquals(0, second.changes(), second.toText());
      }
      assertEquals("active", box.exec("systemctl is-active mox").output().strip(), box.exec("systemctl status mox --no-pager").output());
      assertEquals("enabled", box.exec("systemctl is-enabled mox").output().strip());
      assertTrue(box.exec("test -e /home/mox/data/ctl").exitCode() == 0);
      assertEquals("750 mox", box.exec("stat -c '%a %U' /home/mox/config").output().strip());
      // DNS (6.5) published the DKIM key mox uses, read from the host
      String dkim = box.exec("openssl pkey -pubout -in /home/mox/config/dkim/*.pem | grep -v '^-----' | tr -d '\\n'").requireSuccess()
          .output().strip();
      assertTrue(netcup.zone("example.com").records().stream().anyMatch(r -> r.hostname().equals("2026a._domainkey")
          && r.type().equals("TXT") && r.destination().replace("\" \"", "").replace("\"", "").contains("p=" + dkim)),
          dkim + "\n" + netcup.zone("example.com").records());
      String certs = "/var/lib/docker/volumes/demo_caddy_data/_data/caddy/certificates/local/mail.example.com/mail.example.com.crt";
      assertEquals(0, box.exec("cmp " + certs + " /home/mox/certs/mail.example.com.crt").exitCode(),
          box.exec("ls -la /home/mox/certs").output());
      assertTrue(box.exec("cat /etc/cron.d/* 2>/dev/null; crontab -l 2>/dev/null").output().contains("cert-sync"),
          box.exec("ls -la /etc/cron.d").output());
    }
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
      Provisioner provisioner = Provisioner.of(List.of(Phases.preflight(), Phases.system(), Phases.users(), Phases.firewall(),
          Phases.docker("https://download.docker.com/linux"), Phases.environment()));
      ProvisionReport first;
      ProvisionReport second;
      try (VpsSession session = Vps.connect(target)) {
        first = provisioner.run(session.host(), profile, ProgressListener.NONE, null);
        assertEquals(ProvisionReport.Result.SUCCESS, first.result(), first.toText());
        assertTrue(first.changes() > 0, first.toText());

        second = provisioner.run(session.host(), profile, ProgressListener.NONE, null);
        org.slf4j.LoggerFactory.getLogger(ProvisionBoxIT.class).info("{}\n{}", first.toText(), second.toText());
      }
      assertEquals(ProvisionReport.Result.SUCCESS, second.result(), second.toText());
      for (PhaseResult phase : second.phases()) {
        assertEquals(0, phase.changes(), "second run changed something in " + phase.phase() + ":\n" + second.toText());
      }
      assertTrue(second.took().toMillis() * 5 < first.took().toMillis(),
          "second run " + second.took() + " is not under 20% of the first " + first.took());

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
