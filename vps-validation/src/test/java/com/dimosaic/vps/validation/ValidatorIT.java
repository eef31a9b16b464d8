package com.dimosaic.vps.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.ssh.SshRemoteHost;
import com.dimosaic.vps.ssh.SshTarget;
import com.dimosaic.vps.testing.LocalCaddy;
import com.dimosaic.vps.testing.LocalPostgres;
import com.dimosaic.vps.testing.LocalRedis;
import com.dimosaic.vps.testing.LocalSshd;
import com.dimosaic.vps.testing.Processes;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
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
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * The validator over a real sshd "host" with real PostgreSQL, Redis and Caddy (tls internal) and real
 * TLS listeners on loopback: passing checks, a certificate with 10 days (WARN) and 1 day (FAIL), a
 * stopped service (FAIL with hint), a closed port, and until-healthy recovery.
 */
class ValidatorIT {
  @Test
  void realServicesGiveRealVerdicts() throws Exception {
    String user = System.getProperty("user.name");
    Profile profile = ReportsTest.demo();
    int http = Processes.freePort();
    int https = Processes.freePort();
    String site = "app.example.test";
    String caddyfile = "{\n\tlocal_certs\n\tskip_install_trust\n\tadmin off\n\thttp_port " + http + "\n\thttps_port " + https + "\n}\n\n"
        + site + " {\n\trespond \"hello\" 200\n}\n";
    try (LocalSshd sshd = LocalSshd.start(); LocalPostgres pg = LocalPostgres.start(); LocalRedis redis = LocalRedis.start();
        LocalCaddy caddy = LocalCaddy.start(caddyfile, https);
        TlsServer sixty = TlsServer.start("mail.example.test", 60); TlsServer ten = TlsServer.start("mail.example.test", 10);
        TlsServer one = TlsServer.start("mail.example.test", 1)) {
      caddy.awaitFile("certificates/local/" + site + "/" + site + ".crt", 20_000);
      Path key = sshd.newUserKey("ed25519");
      int closed = Processes.freePort();
      try (SshRemoteHost host = SshRemoteHost.connect(SshTarget.builder("127.0.0.1").port(sshd.port()).user(user).identityFile(key)
          .hostKeyFingerprint(sshd.hostKeyFingerprint()).build())) {
        String pgBin = LocalPostgres.binDir().toString();
        List<Check> checks = new ArrayList<>(List.of(
            Checks.diskFree("/", 5), Checks.memoryUsage(99), Checks.load(100),
            Checks.portListening(pg.port(), Checks.INFRA), Checks.portListening(closed, Checks.INFRA),
            Checks.probe("postgres", List.of(pgBin + "/pg_isready", "-h", "127.0.0.1", "-p", String.valueOf(pg.port())), "accepting connections"),
            Checks.probe("redis", List.of("redis-cli", "-p", String.valueOf(redis.port()), "ping"), "PONG"),
            Checks.endpoint(site, "127.0.0.1", https, Optional.of(caddy.localRootCertificate().toString())),
            Checks.certificate("mail.example.test", "127.0.0.1", sixty.port(), sixty.trust()),
            Checks.certificate("mail.example.test", "127.0.0.1", ten.port(), ten.trust()),
            Checks.certificate("mail.example.test", "127.0.0.1", one.port(), one.trust())));
        Validator validator = Validator.builder(profile, host).checks(checks).services(ServiceAccess.host()).build();

        ValidationReport report = validator.validate();
        Map<String, Status> s = report.outcomes().stream().collect(Collectors.toMap(Outcome::id, o -> o.result().status()));
        assertEquals(Status.PASS, s.get("infra.disk"), report.toText());
        assertEquals(Status.PASS, s.get("infra.memory"));
        assertEquals(Status.PASS, s.get("infra.port." + pg.port()));
        assertEquals(Status.FAIL, s.get("infra.port." + closed), "a closed port");
        assertEquals(Status.PASS, s.get("containers.postgres.health"));
        assertEquals(Status.PASS, s.get("containers.redis.health"));
        assertEquals(Status.PASS, s.get("endpoints." + site), report.toText());
        assertEquals(Status.PASS, s.get("certs.mail.example.test:" + sixty.port()));
        assertEquals(Status.WARN, s.get("certs.mail.example.test:" + ten.port()), "10 days left");
        assertEquals(Status.FAIL, s.get("certs.mail.example.test:" + one.port()), "1 day left");
        assertEquals(Status.FAIL, report.status());
        assertTrue(report.toText().contains("✓ redis healthy"), report.toText());
        assertTrue(report.outcomes().stream().filter(o -> o.id().equals("endpoints." + site)).findFirst().orElseThrow()
            .result().detail().matches("HTTP 200 in \\d+ ms"));

        // a stopped service fails with a hint
        redis.stop();
        ValidationReport stopped = Validator.builder(profile, host).checks(List.of(checks.get(6))).services(ServiceAccess.host())
            .checkTimeout(Duration.ofSeconds(5)).build().validate();
        Outcome o = stopped.outcomes().get(0);
        assertEquals(Status.FAIL, o.result().status(), stopped.toText());
        assertTrue(o.result().hint().orElse("").startsWith("docker compose logs"), o.toString());
        assertTrue(stopped.toText().contains("    Check: docker compose logs --tail 50 redis"), stopped.toText());

        // until-healthy: redis comes back while the validator waits
        Thread starter = new Thread(() -> {
          Processes.sleep(2500);
          redis.startAgain();
        });
        starter.start();
        ValidationReport healed = Validator.builder(profile, host).checks(List.of(checks.get(6))).services(ServiceAccess.host())
            .untilHealthy(Duration.ofSeconds(20)).build().validate();
        starter.join();
        assertEquals(Status.PASS, healed.status(), healed.toText());
        assertTrue(healed.outcomes().get(0).attempts() > 1, "it retried until healthy");
      }
    }
  }

  /**
   * A TLS listener with a self-signed 90-day certificate (an ACME certificate's shape) valid for
   * {@code days} more days. (Certificates valid for under 7 days in all are judged by the share of
   * their life left instead; the e2e test covers Caddy's 12-hour ones.)
   */
  static final class TlsServer implements AutoCloseable {
    private final SSLServerSocket socket;
    private final X509Certificate cert;

    private TlsServer(SSLServerSocket socket, X509Certificate cert) {
      this.socket = socket;
      this.cert = cert;
    }

    static TlsServer start(String name, int days) throws Exception {
      KeyPair kp = KeyPairGenerator.getInstance("EC").generateKeyPair();
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + name), BigInteger.valueOf(days),
          Date.from(now.minus(90 - days, ChronoUnit.DAYS)), Date.from(now.plus(days, ChronoUnit.DAYS).plus(1, ChronoUnit.HOURS)),
          new X500Name("CN=" + name), kp.getPublic());
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, name)));
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("k", kp.getPrivate(), "pw".toCharArray(), new Certificate[] {cert});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, "pw".toCharArray());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress());
      Thread t = new Thread(() -> {
        while (!s.isClosed()) {
          try (SSLSocket c = (SSLSocket) s.accept()) {
            c.startHandshake();
          } catch (Exception e) {
            // the client judged the certificate; nothing to do here
          }
        }
      });
      t.setDaemon(true);
      t.start();
      return new TlsServer(s, cert);
    }

    int port() {
      return socket.getLocalPort();
    }

    KeyStore trust() throws Exception {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry("self", cert);
      return ks;
    }

    @Override
    public void close() throws Exception {
      socket.close();
    }
  }
}
