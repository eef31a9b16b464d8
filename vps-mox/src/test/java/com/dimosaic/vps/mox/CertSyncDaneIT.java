package com.dimosaic.vps.mox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.ssh.SshRemoteHost;
import com.dimosaic.vps.ssh.SshTarget;
import com.dimosaic.vps.testing.LocalSshd;
import com.dimosaic.vps.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DANE gate of the certificate sync over a real sshd, with openssl-made pairs in a Caddy-shaped
 * storage: a new key is staged, not served, until the SDK has recorded its TLSA record as published
 * and the wait has passed; the placeholder, a renewal with the same key and a certificate near its end
 * are not held back.
 */
class CertSyncDaneIT {
  static final String NAME = "mail.example.test";

  @Test
  void aNewKeyIsServedOnlyAfterItsTlsaRecordIsPublishedLongEnough() throws Exception {
    Path root = Processes.tempDirFor("vps-hostroot", "root");
    Path caddy = root.resolve("caddy");
    Path store = Files.createDirectories(caddy.resolve("certificates/local/" + NAME));
    Path certs = Files.createDirectories(root.resolve("home/mox/certs"));
    try (LocalSshd sshd = LocalSshd.start()) {
      Path sshKey = sshd.newUserKey("ed25519");
      String user = System.getProperty("user.name");
      Path restarts = root.resolve("restarts.log");
      CertSync sync = CertSync.builder(NAME).caddyDataDir(caddy.toString()).targetDir(certs.toString()).owner(user).dane(true)
          .restartCommand(List.of("sh", "-c", "echo restarted >> \"$1\"", "sh", restarts.toString()))
          .paths(root.resolve("bin/vps-cert-sync").toString(), root.resolve("cron/vps-cert-sync").toString(), "0 */6 * * *").build();
      // the installer's placeholder is live
      pair(Files.createDirectories(certs.resolve(CertSync.PLACEHOLDER)), "placeholder", 1, null);
      Files.createSymbolicLink(certs.resolve("live"), Path.of(CertSync.PLACEHOLDER));
      try (SshRemoteHost host = SshRemoteHost.connect(SshTarget.builder("127.0.0.1").port(sshd.port()).user(user)
          .identityFile(sshKey).hostKeyFingerprint(sshd.hostKeyFingerprint()).build())) {
        sync.install(host);
        Processes.Result shellcheck = Processes.run(List.of("shellcheck", "-s", "sh", root.resolve("bin/vps-cert-sync").toString()),
            Map.of(), null);
        assertEquals(0, shellcheck.exitCode(), shellcheck.output());
        String certsDir = certs.toString();

        assertEquals(List.of(), MoxTlsa.fromHost(host, certsDir, NAME).spkiSha256(), "no TLSA for the placeholder");
        pair(store, "A", 90, null);
        assertTrue(sync.run(host).changed(), "the placeholder is replaced at once");
        String a = spki(certs.resolve("live/" + NAME + ".crt"));
        assertEquals(List.of(a), MoxTlsa.fromHost(host, certsDir, NAME).spkiSha256());

        // Caddy holds a certificate with a new key: staged, not served
        pair(store, "B", 90, null);
        StepResult staged = sync.run(host);
        assertTrue(staged.changed() && staged.detail().contains("staged"), staged.toString());
        assertEquals(a, spki(certs.resolve("live/" + NAME + ".crt")), "mox still serves the key A");
        String b = spki(certs.resolve(CertSync.NEXT + "/" + NAME + ".crt"));
        assertFalse(sync.run(host).changed(), "pending: nothing more to do");
        assertEquals(List.of(a, b), MoxTlsa.fromHost(host, certsDir, NAME).spkiSha256(), "current first, then next");
        assertEquals(1, Files.readAllLines(restarts).size());

        // the SDK published both records; the key may be served an hour later
        assertTrue(MoxTlsa.markPublished(host, certsDir, List.of(a, b), Duration.ofHours(1)).changed());
        assertFalse(MoxTlsa.markPublished(host, certsDir, List.of(a, b), Duration.ZERO).changed(), "times are kept");
        assertFalse(sync.run(host).changed(), "before the wait has passed nothing switches");
        assertEquals(a, spki(certs.resolve("live/" + NAME + ".crt")));
        // the hour has passed (the record is written again with no wait left, as if published an hour ago)
        Files.delete(certs.resolve(CertSync.TLSA_PUBLISHED));
        MoxTlsa.markPublished(host, certsDir, List.of(a, b), Duration.ZERO);
        assertTrue(sync.run(host).changed());
        assertEquals(b, spki(certs.resolve("live/" + NAME + ".crt")), "now mox serves B");
        assertFalse(Files.exists(certs.resolve(CertSync.NEXT)), "nothing staged any more");
        assertEquals(List.of(b), MoxTlsa.fromHost(host, certsDir, NAME).spkiSha256());
        assertEquals(2, Files.readAllLines(restarts).size());

        // a renewal that keeps the key switches at once
        pair(store, "B2", 90, store.resolve(NAME + ".key"));
        assertTrue(sync.run(host).changed());
        assertEquals(b, spki(certs.resolve("live/" + NAME + ".crt")));

        // a current certificate near its end is replaced even though the new key's record is not published
        nearEnd(store);
        String e = spki(store.resolve(NAME + ".crt"));
        assertTrue(sync.run(host).detail().contains("staged"));
        MoxTlsa.markPublished(host, certsDir, List.of(b, e), Duration.ZERO);
        assertTrue(sync.run(host).changed());
        assertEquals(e, spki(certs.resolve("live/" + NAME + ".crt")), "the certificate with 1 of 73 hours left is live");
        pair(store, "D", 90, null);
        assertTrue(sync.run(host).changed(), "less than a quarter of its lifetime left: replaced anyway");
        assertEquals(spki(store.resolve(NAME + ".crt")), spki(certs.resolve("live/" + NAME + ".crt")));
      }
    } finally {
      Processes.deleteTree(root);
    }
  }

  /** A self-signed pair in {@code dir} (a new EC key, or {@code key} reused), newer than what was there. */
  static void pair(Path dir, String cn, int days, Path key) throws Exception {
    Path crt = dir.resolve(NAME + ".crt");
    Path k = dir.resolve(NAME + ".key");
    if (key == null) {
      Processes.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days",
          String.valueOf(days), "-subj", "/CN=" + NAME + "/O=" + cn, "-keyout", k.toString(), "-out", crt.toString()), Map.of(), null)
          .requireSuccess();
    } else {
      Processes.run(List.of("openssl", "req", "-x509", "-key", key.toString(), "-days", String.valueOf(days), "-subj",
          "/CN=" + NAME + "/O=" + cn, "-out", crt.toString()), Map.of(), null).requireSuccess();
    }
    FileTime t = FileTime.from(Instant.now());
    Files.setLastModifiedTime(crt, t);
  }

  /** A pair valid from 72 hours ago to one hour from now (made with Bouncy Castle: openssl 3.0 cannot backdate). */
  static void nearEnd(Path dir) throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    java.security.KeyPair kp = g.generateKeyPair();
    Instant now = Instant.now();
    org.bouncycastle.asn1.x500.X500Name subject = new org.bouncycastle.asn1.x500.X500Name("CN=" + NAME + ",O=near-end");
    java.security.cert.X509Certificate c = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
        new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(subject, java.math.BigInteger.valueOf(now.toEpochMilli()),
            java.util.Date.from(now.minus(Duration.ofHours(72))), java.util.Date.from(now.plus(Duration.ofHours(1))), subject,
            kp.getPublic()).build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
            .build(kp.getPrivate())));
    java.util.Base64.Encoder b64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes());
    Files.writeString(dir.resolve(NAME + ".key"), "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(kp.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
    Files.writeString(dir.resolve(NAME + ".crt"), "-----BEGIN CERTIFICATE-----\n" + b64.encodeToString(c.getEncoded())
        + "\n-----END CERTIFICATE-----\n");
    Files.setLastModifiedTime(dir.resolve(NAME + ".crt"), FileTime.from(Instant.now()));
  }

  static String spki(Path crt) throws Exception {
    try (var in = Files.newInputStream(crt)) {
      return com.dimosaic.vps.dns.TlsaSource.spkiSha256((java.security.cert.X509Certificate)
          java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
  }
}
