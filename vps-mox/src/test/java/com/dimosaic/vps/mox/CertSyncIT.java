package com.dimosaic.vps.mox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.tls.TlsCheck;
import com.dimosaic.vps.ssh.SshRemoteHost;
import com.dimosaic.vps.ssh.SshTarget;
import com.dimosaic.vps.testing.LocalCaddy;
import com.dimosaic.vps.testing.LocalSshd;
import com.dimosaic.vps.testing.Processes;
import java.io.FileReader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** Certificate sync from a real Caddy over a real sshd, and the TLS check against a real TLS listener. */
class CertSyncIT {
  static final String NAME = "mail.example.test";

  @Test
  void syncsOnlyWhenChangedAndTheSyncedFilesServeTlsThatVerifies() throws Exception {
    int http = Processes.freePort();
    int https = Processes.freePort();
    String caddyfile = "{\n\tlocal_certs\n\tskip_install_trust\n\tadmin off\n\thttp_port " + http + "\n\thttps_port " + https
        + "\n}\n\n" + NAME + " {\n\trespond \"mail server\" 404\n}\n";
    Path root = Processes.tempDirFor("vps-hostroot", "root");
    try (LocalCaddy caddy = LocalCaddy.start(caddyfile, https); LocalSshd sshd = LocalSshd.start()) {
      caddy.awaitFile("certificates/local/" + NAME + "/" + NAME + ".key", 20_000);
      Path key = sshd.newUserKey("ed25519");
      String user = System.getProperty("user.name");
      Path marker = root.resolve("restarts.log");
      CertSync sync = CertSync.builder(NAME).caddyDataDir(caddy.dataDir().toString())
          .targetDir(root.resolve("home/mox/certs").toString()).owner(user)
          .restartCommand(List.of("sh", "-c", "echo restarted >> \"$1\"", "sh", marker.toString()))
          .paths(root.resolve("usr/local/bin/vps-cert-sync").toString(), root.resolve("etc/cron.d/vps-cert-sync").toString(), "0 */6 * * *")
          .build();
      try (SshRemoteHost host = SshRemoteHost.connect(SshTarget.builder("127.0.0.1").port(sshd.port()).user(user)
          .identityFile(key).hostKeyFingerprint(sshd.hostKeyFingerprint()).build())) {
        assertTrue(sync.install(host).stream().allMatch(StepResult::changed));
        assertTrue(sync.install(host).stream().noneMatch(StepResult::changed), "installing again changes nothing");
        assertTrue(Files.readString(root.resolve("etc/cron.d/vps-cert-sync")).contains("0 */6 * * * root "));

        assertTrue(sync.run(host).changed());
        assertEquals("restarted\n", Files.readString(marker));
        Path crt = root.resolve("home/mox/certs/live/" + NAME + ".crt");
        Path keyFile = root.resolve("home/mox/certs/live/" + NAME + ".key");
        assertTrue(Files.isSymbolicLink(root.resolve("home/mox/certs/live")), "mox reads the pair through the live link");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(crt)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        assertFalse(sync.run(host).changed(), "a second run changes nothing");
        assertEquals("restarted\n", Files.readString(marker), "and does not restart mox");

        // a renewed certificate (here: the key file changed in Caddy's storage) is copied again
        Path caddyKey = caddy.dataDir().resolve("certificates/local/" + NAME + "/" + NAME + ".key");
        Files.writeString(caddyKey, Files.readString(caddyKey) + "\n");
        assertTrue(sync.run(host).changed());
        assertEquals("restarted\nrestarted\n", Files.readString(marker));
        Files.writeString(caddyKey, Files.readString(caddyKey).stripTrailing() + "\n");
        sync.run(host);

        // a key that does not belong to the certificate is refused, and mox keeps the pair it has
        Path otherIssuer = caddy.dataDir().resolve("certificates/other/" + NAME);
        Files.createDirectories(otherIssuer);
        String live = Files.readString(crt);
        Processes.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
            "-subj", "/CN=" + NAME, "-keyout", otherIssuer.resolve("unrelated.key").toString(), "-out",
            otherIssuer.resolve(NAME + ".crt").toString()), Map.of(), null).requireSuccess();
        Files.copy(caddyKey, otherIssuer.resolve(NAME + ".key"));
        com.dimosaic.vps.remote.CommandFailedException refused = org.junit.jupiter.api.Assertions.assertThrows(
            com.dimosaic.vps.remote.CommandFailedException.class, () -> sync.run(host));
        assertTrue(refused.getMessage().contains("does not belong"), refused.getMessage());
        assertEquals(live, Files.readString(crt), "nothing changed");

        // rotation: while pairs change under it, the live link always names a key and its certificate (the reader resolves the
        // link once per look, as of one instant; a pair pruned before it was read is looked at again)
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> mismatch = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread reader = new Thread(() -> {
          while (!stop.get() && mismatch.get() == null) {
            try {
              Path pairDir = crt.getParent().toRealPath();
              X509Certificate c;
              PrivateKey k;
              try {
                c = chain(pairDir.resolve(NAME + ".crt"))[0];
                k = privateKey(pairDir.resolve(NAME + ".key"));
              } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException pruned) {
                continue;
              }
              java.security.Signature sig = java.security.Signature.getInstance("SHA256withECDSA");
              sig.initSign(k);
              sig.update(new byte[] {1});
              byte[] signed = sig.sign();
              sig.initVerify(c.getPublicKey());
              sig.update(new byte[] {1});
              if (!sig.verify(signed)) {
                mismatch.set("key and certificate disagree after " + reads.get() + " reads");
              }
              reads.incrementAndGet();
            } catch (Exception e) {
              mismatch.set("read failed after " + reads.get() + " reads: " + e);
            }
          }
        });
        reader.start();
        try {
          for (int i = 0; i < 12; i++) {
            Processes.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days",
                "1", "-subj", "/CN=" + NAME, "-keyout", otherIssuer.resolve(NAME + ".key").toString(), "-out",
                otherIssuer.resolve(NAME + ".crt").toString()), Map.of(), null).requireSuccess();
            assertTrue(sync.run(host).changed(), "rotation " + i);
          }
        } finally {
          stop.set(true);
          reader.join(10_000);
        }
        assertEquals(null, mismatch.get());
        assertTrue(reads.get() > 12, "the reader ran during the rotations: " + reads.get());
        try (var dirs = Files.list(root.resolve("home/mox/certs"))) {
          assertEquals(3, dirs.count(), "live, the current and the previous pair are kept");
        }
        Processes.deleteTree(caddy.dataDir().resolve("certificates/other"));
        assertTrue(sync.run(host).changed(), "back to Caddy's own certificate");
      }
      Processes.Result shellcheck = Processes.run(List.of("shellcheck", "-s", "sh", root.resolve("usr/local/bin/vps-cert-sync").toString()),
          Map.of(), null);
      assertEquals(0, shellcheck.exitCode(), shellcheck.output());

      // serve the synced files on a real TLS listener and check them as the validator does for port 993
      KeyStore anchors = anchors(caddy.localRootCertificate());
      X509Certificate[] chain = chain(root.resolve("home/mox/certs/live/" + NAME + ".crt"));
      PrivateKey privateKey = privateKey(root.resolve("home/mox/certs/live/" + NAME + ".key"));
      try (TlsServer server = new TlsServer(chain, privateKey)) {
        TlsCheck check = TlsCheck.builder().trustAnchors(anchors).build();
        TlsCheck.Report ok = check.check("127.0.0.1", server.port(), NAME);
        assertTrue(ok.ok(), ok.toString());
        assertEquals(0, ok.daysLeft(), "Caddy's internal certificates last 12 hours");
        TlsCheck.Report wrongName = check.check("127.0.0.1", server.port(), "other.example.test");
        assertFalse(wrongName.nameMatches());
        assertTrue(wrongName.problem().contains("does not name other.example.test"), wrongName.problem());
        TlsCheck.Report untrusted = TlsCheck.builder().build().check("127.0.0.1", server.port(), NAME);
        assertFalse(untrusted.chainValid(), "the JDK's anchors do not know Caddy's local CA");
        assertTrue(untrusted.notAfter().isPresent(), "the presented certificate is still reported");
      }
      // an expired certificate
      KeyPair kp = KeyPairGenerator.getInstance("EC").generateKeyPair();
      X509Certificate expired = selfSigned(kp, NAME, Instant.now().minus(10, ChronoUnit.DAYS), Instant.now().minus(1, ChronoUnit.DAYS));
      try (TlsServer server = new TlsServer(new X509Certificate[] {expired}, kp.getPrivate())) {
        KeyStore trustExpired = KeyStore.getInstance("PKCS12");
        trustExpired.load(null, null);
        trustExpired.setCertificateEntry("self", expired);
        TlsCheck.Report r = TlsCheck.builder().trustAnchors(trustExpired).build().check("127.0.0.1", server.port(), NAME);
        assertFalse(r.ok());
        assertTrue(r.daysLeft() < 0, r.toString());
        assertTrue(r.problem().contains("expired"), r.problem());
      }
    } finally {
      Processes.deleteTree(root);
    }
  }

  static KeyStore anchors(Path rootCrt) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    try (var in = Files.newInputStream(rootCrt)) {
      ks.setCertificateEntry("caddy-local", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    return ks;
  }

  static X509Certificate[] chain(Path pem) throws Exception {
    try (var in = Files.newInputStream(pem)) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(new X509Certificate[0]);
    }
  }

  static PrivateKey privateKey(Path pem) throws Exception {
    try (PEMParser p = new PEMParser(new FileReader(pem.toFile()))) {
      Object o = p.readObject();
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      return o instanceof PEMKeyPair kp ? conv.getKeyPair(kp).getPrivate()
          : conv.getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) o);
    }
  }

  static X509Certificate selfSigned(KeyPair kp, String name, Instant from, Instant to) throws Exception {
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + name), BigInteger.valueOf(7),
        Date.from(from), Date.from(to), new X500Name("CN=" + name), kp.getPublic());
    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, name)));
    return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
  }

  /** A loopback TLS server that completes handshakes and closes. */
  static final class TlsServer implements AutoCloseable {
    private final SSLServerSocket socket;
    private final Thread thread;

    TlsServer(X509Certificate[] chain, PrivateKey key) throws Exception {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("k", key, "pw".toCharArray(), (Certificate[]) chain);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, "pw".toCharArray());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      socket = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress());
      thread = new Thread(() -> {
        while (!socket.isClosed()) {
          try (SSLSocket s = (SSLSocket) socket.accept()) {
            s.startHandshake();
          } catch (Exception e) {
            // client refused the handshake: expected for the negative checks
          }
        }
      });
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws Exception {
      socket.close();
      thread.join(5000);
    }
  }
}
