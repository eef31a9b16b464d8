package com.dimosaic.vps.mox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.core.VpsException;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.ssh.SshRemoteHost;
import com.dimosaic.vps.ssh.SshTarget;
import com.dimosaic.vps.testing.LocalSshd;
import com.dimosaic.vps.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The installer over a real sshd into a temporary host root, with a STAND-IN mox binary (a real ELF
 * executable compiled here that delegates to a script implementing config test and serve) and a
 * stand-in service control (this machine has no systemd). Everything else is real: openssl for the
 * DKIM key and placeholder certificate, SFTP, atomic replace, the staged config test.
 */
class MoxInstallIT {
  static Path standIn(Path dir, String build) throws Exception {
    Path bin = dir.resolve("mox-standin-" + build);
    Processes.run(List.of("gcc", "-O1", "-DSTANDIN_BUILD=\"" + build + "\"", "-o", bin.toString(),
        Path.of("src/test/resources/standin/mox-standin.c").toAbsolutePath().toString()), Map.of(), null).requireSuccess();
    return bin;
  }

  @Test
  void installsConfiguresStartsAndASecondRunChangesNothing() throws Exception {
    Path root = Processes.tempDirFor("vps-moxroot", "root");
    Path build = Processes.tempDirFor("vps-moxbuild", "root");
    String user = System.getProperty("user.name");
    String home = root.resolve("home/mox").toString();
    try (LocalSshd sshd = LocalSshd.start()) {
      Path key = sshd.newUserKey("ed25519");
      Path v1 = standIn(build, "1");
      Profile profile = MoxConfigTest.demo();
      MoxInstall.ServiceControl control = new MoxInstall.ServiceControl(List.of("true"), List.of("true"),
          List.of("sh", "-c", "cd \"$1\" && rm -f data/ctl && sleep 1.2 && { nohup ./mox serve >/dev/null 2>&1 & }", "sh", home),
          List.of("test", "-e", home + "/data/ctl"));
      MoxInstall.Builder b = MoxInstall.builder(profile, MoxInstall.Source.localFile(v1, MoxBinary.gobuildsSum(Files.readAllBytes(v1))))
          .home(home).user(user).serviceControl(control)
          .paths(root.resolve("etc/systemd/system/mox.service").toString(), root.resolve("etc/logrotate.d/vps-cert-sync").toString());
      // the stand-in's script travels next to the binary it delegates to
      Files.createDirectories(Path.of(home));
      Files.copy(Path.of("src/test/resources/standin/mox-standin.sh"), Path.of(home, "mox.sh"));
      try (SshRemoteHost host = SshRemoteHost.connect(SshTarget.builder("127.0.0.1").port(sshd.port()).user(user).identityFile(key)
          .hostKeyFingerprint(sshd.hostKeyFingerprint()).build())) {
        List<StepResult> first = b.build().apply(host);
        String changed = first.stream().filter(StepResult::changed).map(StepResult::step).collect(Collectors.joining("\n"));
        assertTrue(changed.contains("mox binary"), changed);
        assertTrue(changed.contains("DKIM key"), changed);
        assertTrue(changed.contains("mox.conf and domains.conf"), changed);
        assertTrue(changed.contains("systemd unit"), changed);
        assertTrue(changed.contains("restart mox"), changed);
        assertTrue(Files.exists(Path.of(home, "data/ctl")), "mox is ready");
        assertTrue(Files.readString(root.resolve("etc/systemd/system/mox.service")).contains("WorkingDirectory=" + home));
        String dkimKey = Files.list(Path.of(home, "config/dkim")).findFirst().orElseThrow().getFileName().toString();
        assertTrue(dkimKey.matches("\\d{4}a\\._domainkey\\.example\\.com\\.rsa2048\\.privatekey\\.pkcs8\\.pem"), dkimKey);
        // the DKIM record for DNS comes from the key generated on the host
        assertTrue(DkimKeys.txtValue(Files.readString(Path.of(home, "config/dkim", dkimKey))).startsWith("v=DKIM1;h=sha256;p=MIIB"));
        assertTrue(Files.readString(Path.of(home, "config/domains.conf")).contains("PrivateKeyFile: dkim/" + dkimKey));
        List<com.dimosaic.vps.dns.DnsRecord> dkim = MoxDkim.fromKeys(host, home).dkimRecords("example.com");
        assertEquals(1, dkim.size());
        assertEquals(dkimKey.substring(0, 5) + "._domainkey", dkim.get(0).name());
        assertEquals(DkimKeys.txtValue(Files.readString(Path.of(home, "config/dkim", dkimKey))), dkim.get(0).value());

        List<StepResult> second = b.build().apply(host);
        assertEquals(List.of(), second.stream().filter(StepResult::changed).map(StepResult::step).toList(), "a second run changes nothing");

        // a configuration that fails 'mox config test' is not installed
        String liveConf = Files.readString(Path.of(home, "config/mox.conf"));
        Files.delete(Path.of(home, "certs/mail.example.com.key"));
        Profile moved = new Profile(profile.directory(), profile.name(), new com.dimosaic.vps.profile.HostSpec("198.51.100.20",
            profile.host().ipv6(), profile.host().ssh()), profile.timezone(), profile.os(), profile.domains(), profile.mail(),
            profile.dns(), profile.docker(), profile.resources(), profile.tls(), profile.firewall(), profile.catalogue(),
            profile.secrets(), profile.warnings());
        MoxInstall broken = MoxInstall.builder(moved, MoxInstall.Source.localFile(v1, MoxBinary.gobuildsSum(Files.readAllBytes(v1))))
            .home(home).user(user).serviceControl(control)
            .paths(root.resolve("etc/systemd/system/mox.service").toString(), root.resolve("etc/logrotate.d/vps-cert-sync").toString())
            .build();
        // keep the certificate file so the placeholder step does not recreate the key
        VpsException e = assertThrows(VpsException.class, () -> broken.apply(host));
        assertTrue(e.getMessage().contains("fails 'mox config test'") && e.getMessage().contains("cannot read"), e.getMessage());
        assertEquals(liveConf, Files.readString(Path.of(home, "config/mox.conf")), "the live configuration is untouched");
        assertFalse(Files.exists(Path.of(home, "config/.vps-staged")));

        // an update replaces the binary atomically and keeps the old one
        Files.delete(Path.of(home, "certs/mail.example.com.crt")); // a new placeholder pair is made
        Path v2 = standIn(build, "2");
        List<StepResult> update = MoxInstall.builder(profile, MoxInstall.Source.localFile(v2, MoxBinary.gobuildsSum(Files.readAllBytes(v2))))
            .home(home).user(user).serviceControl(control)
            .paths(root.resolve("etc/systemd/system/mox.service").toString(), root.resolve("etc/logrotate.d/vps-cert-sync").toString())
            .build().apply(host);
        assertTrue(update.stream().anyMatch(s -> s.changed() && s.step().startsWith("mox binary") && s.detail().contains("mox.previous")),
            update.toString());
        assertEquals(MoxBinary.gobuildsSum(Files.readAllBytes(v1)), MoxBinary.gobuildsSum(Files.readAllBytes(Path.of(home, "mox.previous"))));
        assertEquals(MoxBinary.gobuildsSum(Files.readAllBytes(v2)), MoxBinary.gobuildsSum(Files.readAllBytes(Path.of(home, "mox"))));

        // a binary that does not match its sum never reaches the host
        VpsException wrong = assertThrows(VpsException.class, () -> MoxInstall.builder(profile,
            MoxInstall.Source.localFile(v1, "0" + "A".repeat(27))).home(home).user(user).serviceControl(control).build().apply(host));
        assertTrue(wrong.getMessage().contains("checksum mismatch"), wrong.getMessage());
        assertEquals(MoxBinary.gobuildsSum(Files.readAllBytes(v2)), MoxBinary.gobuildsSum(Files.readAllBytes(Path.of(home, "mox"))));
      }
    } finally {
      Files.deleteIfExists(Path.of(home, "data/ctl")); // stops the stand-in's serve loop
      Processes.sleep(1500);
      Processes.deleteTree(root);
      Processes.deleteTree(build);
    }
  }
}
