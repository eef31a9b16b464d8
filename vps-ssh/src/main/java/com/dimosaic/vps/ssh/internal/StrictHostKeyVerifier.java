package com.dimosaic.vps.ssh.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies host keys strictly: against pinned fingerprints, or against a known_hosts file (plain or
 * hashed entries). An unknown host is refused unless trust on first use was asked for, in which case
 * the key is appended to the file. Records what it saw so the caller can report both fingerprints.
 * Internal.
 */
public final class StrictHostKeyVerifier implements HostKeyVerifier {
  private static final Logger log = LoggerFactory.getLogger(StrictHostKeyVerifier.class);

  private final List<String> pinned;
  private final Path knownHosts;
  private final boolean trustOnFirstUse;
  private volatile String expected = "";
  private volatile String actual = "";
  private volatile boolean rejected;

  /** A verifier; {@code pinned} wins over {@code knownHosts} when not empty. */
  public StrictHostKeyVerifier(List<String> pinned, Path knownHosts, boolean trustOnFirstUse) {
    this.pinned = List.copyOf(pinned);
    this.knownHosts = knownHosts;
    this.trustOnFirstUse = trustOnFirstUse;
  }

  @Override
  public boolean verify(String hostname, int port, PublicKey key) {
    actual = Fingerprints.sha256(key);
    if (!pinned.isEmpty()) {
      expected = String.join(" or ", pinned);
      rejected = !pinned.contains(actual);
      return !rejected;
    }
    String host = port == 22 ? hostname : "[" + hostname + "]:" + port;
    try {
      KeyType type = KeyType.fromKey(key);
      List<String> sameHost = new ArrayList<>();
      if (knownHosts != null && Files.exists(knownHosts)) {
        OpenSSHKnownHosts kh = new OpenSSHKnownHosts(knownHosts.toFile());
        for (OpenSSHKnownHosts.KnownHostEntry e : kh.entries()) {
          if (e.appliesTo(type, host)) {
            if (e.verify(key)) {
              return true;
            }
            sameHost.add(e.getType() + " " + e.getFingerprint());
          }
        }
      }
      if (!sameHost.isEmpty()) {
        expected = String.join(" or ", sameHost) + " (MD5, from " + knownHosts + ")";
        rejected = true;
        return false;
      }
      if (trustOnFirstUse && knownHosts != null) {
        String line = host + " " + type + " " + Base64.getEncoder().encodeToString(Fingerprints.blob(key)) + "\n";
        Files.createDirectories(knownHosts.toAbsolutePath().getParent());
        Files.writeString(knownHosts, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        log.info("trusting {} on first use: {} (recorded in {})", host, actual, knownHosts);
        return true;
      }
      expected = "";
      rejected = true;
      return false;
    } catch (IOException e) {
      log.warn("cannot read known hosts {}: {}", knownHosts, e.getMessage());
      rejected = true;
      return false;
    }
  }

  @Override
  public List<String> findExistingAlgorithms(String hostname, int port) {
    return List.of();
  }

  /** Whether the last verification refused the key. */
  public boolean rejected() {
    return rejected;
  }

  /** What was expected ("" when the host was unknown). */
  public String expected() {
    return expected;
  }

  /** What the server presented. */
  public String actual() {
    return actual;
  }
}
