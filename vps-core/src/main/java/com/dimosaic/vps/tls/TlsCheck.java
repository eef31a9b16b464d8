package com.dimosaic.vps.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Checks a TLS endpoint (IMAPS 993, submissions 465, HTTPS, and SMTP with STARTTLS on 25 and 587):
 * handshake, whether the certificate
 * names the expected host, whether the chain verifies against the trust anchors, and the days to
 * expiry. Verification is never switched off: the presented chain is recorded and then judged by
 * the real trust manager, so a failed check still says what was presented.
 *
 * <pre>{@code
 * TlsCheck.Report r = TlsCheck.builder().build().check("mail.example.com", 993, "mail.example.com");
 * }</pre>
 */
public final class TlsCheck {
  /**
   * The outcome.
   *
   * @param handshake whether a TLS session was established
   * @param nameMatches whether the certificate is valid for the expected name
   * @param chainValid whether the chain verifies against the trust anchors (and is within its dates)
   * @param notAfter the leaf's expiry, when a certificate was presented
   * @param notBefore the start of the leaf's validity, when a certificate was presented
   * @param daysLeft whole days until expiry (negative when expired)
   * @param problem what went wrong, empty when everything is fine
   */
  public record Report(boolean handshake, boolean nameMatches, boolean chainValid, Optional<Instant> notAfter,
      Optional<Instant> notBefore, long daysLeft, String problem) {
    /** Whether everything is fine. */
    public boolean ok() {
      return handshake && nameMatches && chainValid;
    }
  }

  /** How TLS starts on the connection. */
  public enum Protocol {
    /** TLS from the first byte (HTTPS, IMAPS 993, submissions 465). */
    IMPLICIT,
    /** SMTP (25, submission 587): greeting, {@code EHLO}, {@code STARTTLS}, then TLS (RFC 3207). */
    SMTP_STARTTLS
  }

  private final KeyStore trustAnchors;
  private final Duration timeout;

  private TlsCheck(Builder b) {
    this.trustAnchors = b.trustAnchors;
    this.timeout = b.timeout;
  }

  /** A builder; the default trust anchors are the JDK's. */
  public static Builder builder() {
    return new Builder();
  }

  /** Connects to {@code host:port} with SNI {@code name} and judges what it presents (TLS from the first byte). */
  public Report check(String host, int port, String name) {
    return check(host, port, name, Protocol.IMPLICIT);
  }

  /**
   * The leaf certificate {@code host:port} presents for SNI {@code name}, whatever its chain (DANE-EE
   * judges the key, not the chain).
   *
   * @throws IOException when no TLS session can be set up
   */
  public X509Certificate presented(String host, int port, String name, Protocol protocol) throws IOException {
    try {
      X509TrustManager any = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
          // the key is what is judged, by the caller
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
          // the key is what is judged, by the caller
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      };
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {any}, null);
      return handshake(ctx, host, port, name, protocol);
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS setup: " + e.getMessage(), e);
    }
  }

  /** Connects to {@code host:port}, starts TLS as {@code protocol} says, with SNI {@code name}, and judges what it presents. */
  public Report check(String host, int port, String name, Protocol protocol) {
    List<X509Certificate[]> seen = new ArrayList<>();
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustAnchors);
      X509TrustManager real = (X509TrustManager) tmf.getTrustManagers()[0];
      X509TrustManager recording = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
          real.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
          seen.add(chain);
          real.checkServerTrusted(chain, authType); // judged for real; a failure fails the handshake
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return real.getAcceptedIssuers();
        }
      };
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {recording}, null);
      X509Certificate leaf = handshake(ctx, host, port, name, protocol);
      boolean nameOk = matches(leaf, name);
      // PKIX does not check the dates of a certificate that is itself a trust anchor: check them here
      boolean inDate = !leaf.getNotAfter().toInstant().isBefore(Instant.now()) && !leaf.getNotBefore().toInstant().isAfter(Instant.now());
      String problem = !inDate ? "certificate is outside its validity period (" + leaf.getNotBefore().toInstant() + " to "
          + leaf.getNotAfter().toInstant() + "): expired or not yet valid" : "";
      if (!nameOk) {
        problem += (problem.isEmpty() ? "" : "; ") + "certificate does not name " + name + " (names: " + names(leaf) + ")";
      }
      return report(true, nameOk, inDate, leaf, problem);
    } catch (javax.net.ssl.SSLException e) {
      if (seen.isEmpty()) {
        return new Report(false, false, false, Optional.empty(), Optional.empty(), 0, "TLS handshake failed: " + e.getMessage());
      }
      X509Certificate leaf = seen.get(0)[0];
      boolean nameOk = matches(leaf, name);
      boolean expired = leaf.getNotAfter().toInstant().isBefore(Instant.now());
      String why = expired ? "certificate expired on " + leaf.getNotAfter().toInstant()
          : "certificate chain does not verify: " + rootCause(e);
      return report(false, nameOk, false, leaf, why + (nameOk ? "" : "; it does not name " + name + " (names: " + names(leaf) + ")"));
    } catch (IOException | GeneralSecurityException e) {
      return new Report(false, false, false, Optional.empty(), Optional.empty(), 0, "cannot connect to " + host + ":" + port + ": " + e.getMessage());
    }
  }

  /** The SMTP dialogue up to the TLS handshake; an {@link IOException} names the step the server refused. */
  /** Connects, starts TLS as {@code protocol} says with SNI {@code name}, and returns the leaf certificate presented. */
  private X509Certificate handshake(SSLContext ctx, String host, int port, String name, Protocol protocol) throws IOException {
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      plain.setSoTimeout((int) timeout.toMillis());
      if (protocol == Protocol.SMTP_STARTTLS) {
        startTls(plain);
      }
      SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, port, true);
      SSLParameters params = s.getSSLParameters();
      params.setServerNames(List.of(new SNIHostName(name)));
      s.setSSLParameters(params);
      s.startHandshake();
      return (X509Certificate) s.getSession().getPeerCertificates()[0];
    }
  }

  static void startTls(Socket socket) throws IOException {
    var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
    var out = socket.getOutputStream();
    String greeting = smtpReply(in);
    if (!greeting.startsWith("220")) {
      throw new IOException("SMTP greeting was not 220: " + greeting);
    }
    out.write("EHLO vps-check.invalid\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    out.flush();
    String ehlo = smtpReply(in);
    if (!ehlo.startsWith("250")) {
      throw new IOException("EHLO refused: " + ehlo);
    }
    if (!ehlo.toUpperCase(java.util.Locale.ROOT).contains("STARTTLS")) {
      throw new IOException("the server does not offer STARTTLS (EHLO: " + ehlo.replace("\n", " | ") + ")");
    }
    out.write("STARTTLS\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    out.flush();
    String ready = smtpReply(in);
    if (!ready.startsWith("220")) {
      throw new IOException("STARTTLS refused: " + ready);
    }
  }

  /** One SMTP reply, its lines joined with newlines ({@code 250-…} continues, {@code 250 …} ends). */
  static String smtpReply(java.io.BufferedReader in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      String line = in.readLine();
      if (line == null) {
        throw new IOException("the server closed the connection" + (sb.length() == 0 ? "" : " after: " + sb));
      }
      sb.append(sb.length() == 0 ? "" : "\n").append(line);
      if (line.length() < 4 || line.charAt(3) != '-') {
        return sb.toString();
      }
    }
    throw new IOException("SMTP reply of more than 100 lines");
  }

  private static Report report(boolean handshake, boolean nameOk, boolean chainOk, X509Certificate leaf, String problem) {
    Instant notAfter = leaf.getNotAfter().toInstant();
    long days = Duration.between(Instant.now(), notAfter).toDays();
    return new Report(handshake, nameOk, chainOk, Optional.of(notAfter), Optional.of(leaf.getNotBefore().toInstant()), days, problem);
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  public static List<String> names(X509Certificate c) {
    List<String> out = new ArrayList<>();
    try {
      if (c.getSubjectAlternativeNames() != null) {
        for (List<?> san : c.getSubjectAlternativeNames()) {
          if ((Integer) san.get(0) == 2) {
            out.add((String) san.get(1));
          }
        }
      }
    } catch (CertificateException e) {
      // no names
    }
    return out;
  }

  /** RFC 6125 matching on DNS SANs, with a single left-most wildcard label. */
  public static boolean matches(X509Certificate c, String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    for (String san : names(c)) {
      String s = san.toLowerCase(java.util.Locale.ROOT);
      if (s.equals(n)) {
        return true;
      }
      if (s.startsWith("*.") && n.indexOf('.') > 0 && n.substring(n.indexOf('.')).equals(s.substring(1))) {
        return true;
      }
    }
    return false;
  }

  /** Options. */
  public static final class Builder {
    private KeyStore trustAnchors;
    private Duration timeout = Duration.ofSeconds(10);

    private Builder() {}

    /** Trusts these anchors (e.g. Caddy's local CA in tests or for {@code tls internal}) instead of the JDK's. */
    public Builder trustAnchors(KeyStore store) {
      this.trustAnchors = store;
      return this;
    }

    /** Connect and read timeout (default 10 s). */
    public Builder timeout(Duration d) {
      this.timeout = d;
      return this;
    }

    /** Builds. */
    public TlsCheck build() {
      return new TlsCheck(this);
    }
  }
}
