package com.dimosaic.vps.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A minimal IMAP client over implicit TLS (RFC 9051 commands LOGIN, SELECT, SEARCH, FETCH,
 * LOGOUT) for tests that read delivered mail back from a real server. The certificate is verified
 * against the given trust anchors and must name {@code serverName}. Not for production use.
 */
public final class Imaps implements AutoCloseable {
  private final SSLSocket socket;
  private final BufferedReader in;
  private final OutputStream out;
  private int tag;

  private Imaps(SSLSocket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    this.out = socket.getOutputStream();
    String greeting = in.readLine();
    if (greeting == null || !greeting.startsWith("* OK")) {
      throw new IOException("no IMAP greeting: " + greeting);
    }
  }

  /** Connects to {@code host:port}, verifying the certificate for {@code serverName} against {@code anchors}. */
  public static Imaps connect(String host, int port, String serverName, KeyStore anchors) {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(anchors);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(host, port);
      SSLParameters p = s.getSSLParameters();
      p.setServerNames(List.of(new SNIHostName(serverName)));
      p.setEndpointIdentificationAlgorithm("HTTPS");
      s.setSSLParameters(p);
      s.setSoTimeout(20_000);
      s.startHandshake();
      return new Imaps(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends a command and returns every line up to and including the tagged reply; throws unless it is {@code OK}. */
  public List<String> command(String command) {
    List<String> lines = tryCommand(command);
    String last = lines.get(lines.size() - 1);
    if (!last.substring(last.indexOf(' ') + 1).startsWith("OK")) {
      throw new IllegalStateException("IMAP " + command.split(" ")[0] + " failed: " + last);
    }
    return lines;
  }

  /** Sends a command and returns every line up to and including the tagged reply, whatever it says. */
  public List<String> tryCommand(String command) {
    String t = "a" + (++tag);
    try {
      out.write((t + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      List<String> lines = new ArrayList<>();
      for (String l = in.readLine(); l != null; l = in.readLine()) {
        lines.add(l);
        if (l.startsWith(t + " ")) {
          return lines;
        }
      }
      throw new IOException("connection closed after " + lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code LOGIN} with the user and password as IMAP quoted strings; false when the server refuses them. */
  public boolean login(String user, String password) {
    List<String> r = tryCommand("LOGIN " + quoted(user) + " " + quoted(password));
    return r.get(r.size() - 1).split(" ", 3)[1].equals("OK");
  }

  /** The whole messages in {@code mailbox} whose header or body contains {@code text}. */
  public List<String> messagesContaining(String mailbox, String text) {
    command("SELECT " + quoted(mailbox));
    List<String> found = new ArrayList<>();
    for (String line : command("SEARCH TEXT " + quoted(text))) {
      if (line.startsWith("* SEARCH")) {
        for (String n : line.substring("* SEARCH".length()).trim().split(" ")) {
          if (!n.isBlank()) {
            found.add(String.join("\n", command("FETCH " + n + " BODY.PEEK[]")));
          }
        }
      }
    }
    return found;
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Override
  public void close() {
    try {
      tryCommand("LOGOUT");
    } catch (RuntimeException e) {
      // closing anyway
    }
    try {
      socket.close();
    } catch (IOException e) {
      // nothing left to do
    }
  }
}
