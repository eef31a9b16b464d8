package com.dimosaic.vps.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to connect: host, port, user, identity, host-key policy, timeouts, session cap and
 * an optional jump host. Immutable; build one with {@link #builder(String)}, derive with {@link #newBuilder()}.
 *
 * <pre>{@code
 * SshTarget target = SshTarget.builder("203.0.113.50")
 *     .user("root")
 *     .identityFile(Path.of("/home/me/.ssh/id_ed25519"))
 *     .hostKeyFingerprint("SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s")
 *     .build();
 * }</pre>
 *
 * <p>Host keys are verified strictly by default against {@code ~/.ssh/known_hosts}; an unknown or
 * changed key is refused. Trust on first use must be asked for explicitly.
 */
public final class SshTarget {
  /** The environment variable holding a private key in PEM/OpenSSH form (how CI passes keys). */
  public static final String KEY_ENV = "VPS_SSH_KEY";

  private final String host;
  private final int port;
  private final String user;
  private final Optional<Path> identityFile;
  private final Optional<String> identityPem;
  private final char[] passphrase;
  private final List<String> pinnedFingerprints;
  private final Path knownHosts;
  private final boolean trustOnFirstUse;
  private final Duration connectTimeout;
  private final Duration keepAlive;
  private final int maxSessions;
  private final Optional<SshTarget> jumpHost;

  private SshTarget(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.user = b.user;
    this.identityFile = Optional.ofNullable(b.identityFile);
    this.identityPem = Optional.ofNullable(b.identityPem);
    this.passphrase = b.passphrase == null ? null : b.passphrase.clone();
    this.pinnedFingerprints = List.copyOf(b.pinned);
    this.knownHosts = b.knownHosts;
    this.trustOnFirstUse = b.trustOnFirstUse;
    this.connectTimeout = b.connectTimeout;
    this.keepAlive = b.keepAlive;
    this.maxSessions = b.maxSessions;
    this.jumpHost = Optional.ofNullable(b.jumpHost);
  }

  /** A builder for a host (IP address or name). */
  public static Builder builder(String host) {
    return new Builder(host);
  }

  /** A builder initialised from this target. */
  public Builder newBuilder() {
    Builder b = new Builder(host);
    b.port = port;
    b.user = user;
    b.identityFile = identityFile.orElse(null);
    b.identityPem = identityPem.orElse(null);
    b.passphrase = passphrase == null ? null : passphrase.clone();
    b.pinned.addAll(pinnedFingerprints);
    b.knownHosts = knownHosts;
    b.trustOnFirstUse = trustOnFirstUse;
    b.connectTimeout = connectTimeout;
    b.keepAlive = keepAlive;
    b.maxSessions = maxSessions;
    b.jumpHost = jumpHost.orElse(null);
    return b;
  }

  /** The host. */
  public String host() {
    return host;
  }

  /** The port (default 22). */
  public int port() {
    return port;
  }

  /** The login user (default {@code root}). */
  public String user() {
    return user;
  }

  /** A private key file, when set. */
  public Optional<Path> identityFile() {
    return identityFile;
  }

  /** A private key as text, when set (never shown by {@link #toString()}). */
  public Optional<String> identityPem() {
    return identityPem;
  }

  /** The key passphrase, when set (a copy). */
  public Optional<char[]> passphrase() {
    return Optional.ofNullable(passphrase == null ? null : passphrase.clone());
  }

  /** Pinned host-key fingerprints ({@code SHA256:…}); when set, known_hosts is not consulted. */
  public List<String> pinnedFingerprints() {
    return pinnedFingerprints;
  }

  /** The known_hosts file (default {@code ~/.ssh/known_hosts}). */
  public Path knownHosts() {
    return knownHosts;
  }

  /** Whether an unknown host's key is accepted and recorded in {@link #knownHosts()}. */
  public boolean trustOnFirstUse() {
    return trustOnFirstUse;
  }

  /** Connect timeout (default 15 s). */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Keepalive interval (default 30 s). */
  public Duration keepAlive() {
    return keepAlive;
  }

  /** How many commands run at once over the connection (default 8, below OpenSSH's MaxSessions 10). */
  public int maxSessions() {
    return maxSessions;
  }

  /** A jump host (ProxyJump), when set. */
  public Optional<SshTarget> jumpHost() {
    return jumpHost;
  }

  /** {@code user@host:port}; never shows key material. */
  @Override
  public String toString() {
    return user + "@" + host + ":" + port + jumpHost.map(j -> " via " + j).orElse("");
  }

  /** Options for an {@link SshTarget}. */
  public static final class Builder {
    private final String host;
    private int port = 22;
    private String user = "root";
    private Path identityFile;
    private String identityPem;
    private char[] passphrase;
    private final List<String> pinned = new ArrayList<>();
    private Path knownHosts = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    private boolean trustOnFirstUse;
    private Duration connectTimeout = Duration.ofSeconds(15);
    private Duration keepAlive = Duration.ofSeconds(30);
    private int maxSessions = 8;
    private SshTarget jumpHost;

    private Builder(String host) {
      this.host = Objects.requireNonNull(host, "host == null");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host is empty");
      }
    }

    /** The port. */
    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /** The login user. */
    public Builder user(String user) {
      this.user = Objects.requireNonNull(user, "user == null");
      return this;
    }

    /** A private key file (OpenSSH or PEM). */
    public Builder identityFile(Path file) {
      this.identityFile = Objects.requireNonNull(file, "file == null");
      return this;
    }

    /** A private key given as text. */
    public Builder identityPem(String privateKey) {
      this.identityPem = Objects.requireNonNull(privateKey, "privateKey == null");
      return this;
    }

    /**
     * The private key from {@value #KEY_ENV}.
     *
     * @throws IllegalStateException when the variable is not set
     */
    public Builder identityFromEnvironment() {
      String key = System.getenv(KEY_ENV);
      if (key == null || key.isBlank()) {
        throw new IllegalStateException(KEY_ENV + " is not set");
      }
      return identityPem(key);
    }

    /** The passphrase of an encrypted key (copied; zero your array afterwards). */
    public Builder passphrase(char[] passphrase) {
      this.passphrase = Objects.requireNonNull(passphrase, "passphrase == null").clone();
      return this;
    }

    /** Pins the host key by fingerprint ({@code SHA256:…}, as {@code ssh-keygen -lf} prints it). */
    public Builder hostKeyFingerprint(String fingerprint) {
      if (!fingerprint.matches("SHA256:[A-Za-z0-9+/]{43}=?")) {
        throw new IllegalArgumentException("not a SHA256 fingerprint: " + fingerprint);
      }
      pinned.add(fingerprint.endsWith("=") ? fingerprint.substring(0, fingerprint.length() - 1) : fingerprint);
      return this;
    }

    /** The known_hosts file to verify against (plain and hashed entries). */
    public Builder knownHosts(Path file) {
      this.knownHosts = Objects.requireNonNull(file, "file == null");
      return this;
    }

    /** Accepts an unknown host's key once and records it in the known_hosts file; a changed key is still refused. */
    public Builder trustOnFirstUse(boolean trust) {
      this.trustOnFirstUse = trust;
      return this;
    }

    /** The connect timeout. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    /** The keepalive interval; zero disables keepalives. */
    public Builder keepAlive(Duration interval) {
      this.keepAlive = Objects.requireNonNull(interval, "interval == null");
      return this;
    }

    /** How many commands may run at once (1 to 64); keep it below the server's MaxSessions. */
    public Builder maxSessions(int n) {
      if (n < 1 || n > 64) {
        throw new IllegalArgumentException("maxSessions out of range: " + n);
      }
      this.maxSessions = n;
      return this;
    }

    /** Connects through a jump host (like OpenSSH's ProxyJump). */
    public Builder jumpHost(SshTarget jump) {
      this.jumpHost = Objects.requireNonNull(jump, "jump == null");
      return this;
    }

    /** Builds the target. */
    public SshTarget build() {
      return new SshTarget(this);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SshTarget t && t.host.equals(host) && t.port == port && t.user.equals(user)
        && t.identityFile.equals(identityFile) && t.pinnedFingerprints.equals(pinnedFingerprints)
        && t.jumpHost.equals(jumpHost);
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, port, user, identityFile, pinnedFingerprints) + Arrays.hashCode(new Object[] {jumpHost});
  }
}
