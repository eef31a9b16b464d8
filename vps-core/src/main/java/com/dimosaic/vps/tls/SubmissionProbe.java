package com.dimosaic.vps.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Proves that mail submission works without sending mail: STARTTLS with a verified certificate,
 * {@code AUTH PLAIN} as an account, {@code MAIL FROM} the account's address and {@code RCPT TO} a
 * local recipient accepted, then {@code RSET} and {@code QUIT}. The password travels only inside the
 * TLS session and never appears in the result.
 *
 * <pre>{@code
 * SubmissionProbe.Result r = SubmissionProbe.builder().trustAnchors(anchors).build()
 *     .probe("203.0.113.50", 587, "mail.example.com", "relay@example.com", password, "postmaster@example.com");
 * }</pre>
 */
public final class SubmissionProbe {
  /**
   * The outcome.
   *
   * @param ok whether every step was accepted
   * @param detail what was accepted, or the step the server refused and its reply
   */
  public record Result(boolean ok, String detail) {}

  private final KeyStore trustAnchors;
  private final Duration timeout;

  private SubmissionProbe(Builder b) {
    this.trustAnchors = b.trustAnchors;
    this.timeout = b.timeout;
  }

  /** A builder; the default trust anchors are the JDK's. */
  public static Builder builder() {
    return new Builder();
  }

  /** Runs the dialogue against {@code host:port} (SNI and certificate name {@code name}). */
  public Result probe(String host, int port, String name, String user, String password, String recipient) {
    Objects.requireNonNull(password, "password == null");
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      plain.setSoTimeout((int) timeout.toMillis());
      TlsCheck.startTls(plain);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustAnchors);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, port, true)) {
        SSLParameters params = s.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName(name)));
        params.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(params);
        s.startHandshake();
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = s.getOutputStream();
        String ehlo = send(out, in, "EHLO vps-check.invalid");
        if (!ehlo.startsWith("250") || !ehlo.toUpperCase(java.util.Locale.ROOT).matches("(?s).*AUTH[ =][^\\n]*PLAIN.*")) {
          return new Result(false, "no AUTH PLAIN after STARTTLS: " + ehlo.replace("\n", " | "));
        }
        String token = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        String auth = send(out, in, "AUTH PLAIN " + token);
        if (!auth.startsWith("235")) {
          return new Result(false, "login as " + user + " refused: " + auth);
        }
        String from = send(out, in, "MAIL FROM:<" + user + ">");
        if (!from.startsWith("250")) {
          return new Result(false, "MAIL FROM:<" + user + "> refused: " + from);
        }
        String rcpt = send(out, in, "RCPT TO:<" + recipient + ">");
        send(out, in, "RSET");
        send(out, in, "QUIT");
        if (!rcpt.startsWith("250")) {
          return new Result(false, "RCPT TO:<" + recipient + "> refused: " + rcpt);
        }
        return new Result(true, user + " logs in over STARTTLS; sender and " + recipient + " accepted (nothing sent)");
      }
    } catch (IOException | GeneralSecurityException e) {
      return new Result(false, "submission to " + host + ":" + port + " failed: " + e.getMessage());
    }
  }

  private static String send(OutputStream out, BufferedReader in, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return TlsCheck.smtpReply(in);
  }

  /** Options. */
  public static final class Builder {
    private KeyStore trustAnchors;
    private Duration timeout = Duration.ofSeconds(20);

    private Builder() {}

    /** The trust anchors for the server certificate (default: the JDK's). */
    public Builder trustAnchors(KeyStore store) {
      this.trustAnchors = store;
      return this;
    }

    /** Connect and read timeout (default 20 s). */
    public Builder timeout(Duration d) {
      this.timeout = Objects.requireNonNull(d, "d == null");
      return this;
    }

    /** Builds. */
    public SubmissionProbe build() {
      return new SubmissionProbe(this);
    }
  }
}
