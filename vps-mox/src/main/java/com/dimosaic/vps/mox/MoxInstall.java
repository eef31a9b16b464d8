package com.dimosaic.vps.mox;

import com.dimosaic.vps.core.Failures;
import com.dimosaic.vps.core.HostLayout;
import com.dimosaic.vps.core.VpsException;
import com.dimosaic.vps.phase.RemoteFiles;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.remote.FileSpec;
import com.dimosaic.vps.remote.RemoteHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Year;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Installs and configures mox on the host, idempotently (every step says changed or unchanged):
 * the {@code mox} system user and its folders (with the owners and modes mox itself sets at every
 * start, so that a second run finds nothing to change); the binary (downloaded on the host from a
 * pinned gobuilds URL and checked against the URL's sum, or uploaded from a local file) staged next
 * to the live one; DKIM keys generated on the host (private keys never leave it); a placeholder
 * certificate until Caddy's is synced ({@link CertSync}); {@code mox.conf} and {@code domains.conf}
 * staged and checked with {@code mox config test} <em>by the binary that will run them</em>; only
 * then are binary (the previous one kept as {@code mox.previous}) and configuration replaced, so a
 * binary too old for the configuration (mox before v0.0.16 refuses its {@code Forwarded} keys) is
 * refused and the running mox stays as it was; mox's systemd unit and a logrotate entry; a restart
 * when anything changed, then a wait for {@code data/ctl}; last, the passwords of the profile's
 * {@linkplain com.dimosaic.vps.profile.MailAccount mail accounts}, set through
 * {@code mox setaccountpassword} on standard input (never on a command line) only when they changed
 * (a salted hash of each is kept in {@code <home>/.vps-account-passwords}, root only).
 *
 * <pre>{@code
 * List<StepResult> steps = MoxInstall.builder(profile, MoxInstall.Source.download(url)).build().apply(host);
 * }</pre>
 */
public final class MoxInstall {
  /** Where the binary comes from. */
  public sealed interface Source permits Download, LocalFile, Installed {
    /** The binary already on the host, kept as it is (configuration-only updates). */
    static Source installed() {
      return new Installed();
    }

    /** A pinned gobuilds URL whose path carries the expected sum. */
    static Source download(String url) {
      return new Download(url, MoxBinary.sumOf(url));
    }

    /** A local file uploaded over SFTP (air-gapped hosts), checked against an expected gobuilds sum. */
    static Source localFile(Path file, String expectedSum) {
      return new LocalFile(file, expectedSum);
    }
  }

  /**
   * A download on the host.
   *
   * @param url the URL
   * @param expectedSum the gobuilds sum
   */
  public record Download(String url, String expectedSum) implements Source {}

  /**
   * An upload of a local file.
   *
   * @param file the binary
   * @param expectedSum the gobuilds sum it must have
   */
  public record LocalFile(Path file, String expectedSum) implements Source {}

  /** The binary already installed on the host, left as it is; refused when there is none. */
  public record Installed() implements Source {}

  /**
   * How mox is run as a service. The default is systemd.
   *
   * @param daemonReload after the unit changed
   * @param enable enable on boot
   * @param restart (re)start
   * @param isActive exit 0 when running
   */
  public record ServiceControl(List<String> daemonReload, List<String> enable, List<String> restart, List<String> isActive) {
    /** systemd. */
    public static final ServiceControl SYSTEMD = new ServiceControl(List.of("systemctl", "daemon-reload"),
        List.of("systemctl", "enable", "mox.service"), List.of("systemctl", "restart", "mox.service"),
        List.of("systemctl", "is-active", "--quiet", "mox.service"));
  }

  private final Profile profile;
  private final Source source;
  private final String home;
  private final String user;
  private final String unitPath;
  private final String logrotatePath;
  private final ServiceControl service;
  private final Duration readyTimeout;

  private MoxInstall(Builder b) {
    this.profile = b.profile;
    this.source = b.source;
    this.home = b.home;
    this.user = b.user;
    this.unitPath = b.unitPath;
    this.logrotatePath = b.logrotatePath;
    this.service = b.service;
    this.readyTimeout = b.readyTimeout;
  }

  /** A builder. */
  public static Builder builder(Profile profile, Source source) {
    return new Builder(profile, source);
  }

  /**
   * Runs every step.
   *
   * @throws VpsException when the binary does not verify or the new configuration fails {@code mox config test}
   *     (the live configuration is then untouched)
   */
  public List<StepResult> apply(RemoteHost host) {
    List<StepResult> steps = new ArrayList<>();
    steps.add(ensureUser(host));
    // config, config/dkim and data as mox's own start leaves them (fixperms: mox:root 2750)
    for (String[] d : new String[][] {{home, "root", user, "751"}, {home + "/config", user, "root", "2750"},
        {home + "/config/dkim", user, "root", "2750"}, {home + "/data", user, "root", "2750"}, {home + "/certs", user, user, "750"}}) {
      steps.add(ensureDir(host, d[0], d[1], d[2], d[3]));
    }
    String bin = home + "/mox";
    Candidate candidate = stageBinary(host, bin, steps);
    List<MoxConfig.Selector> selectors = new ArrayList<>();
    steps.add(ensureDkimKey(host, selectors));
    steps.add(ensurePlaceholderCertificate(host));
    StepResult config;
    try {
      config = installConfig(host, selectors, candidate.path());
    } catch (RuntimeException e) {
      if (!candidate.path().equals(bin)) {
        host.run(Command.of("rm", "-f", "--", candidate.path()));
      }
      throw e;
    }
    boolean binaryChanged = !candidate.path().equals(bin);
    if (binaryChanged) {
      replaceBinary(host, bin, candidate, steps);
    }
    steps.add(config);
    StepResult unit = ensureFile(host, unitPath, unit(), 0644, "systemd unit " + unitPath);
    steps.add(unit);
    if (unit.changed()) {
      host.run(Command.of(service.daemonReload())).requireSuccess();
    }
    host.run(Command.of(service.enable())).requireSuccess();
    steps.add(ensureFile(host, logrotatePath, logrotate(), 0644, "logrotate " + logrotatePath));
    boolean running = host.run(Command.of(service.isActive())).ok();
    if (!running || binaryChanged || config.changed() || unit.changed()) {
      host.run(Command.of(service.restart())).requireSuccess();
      awaitReady(host);
      steps.add(StepResult.changed("restart mox", running ? "configuration or binary changed" : "was not running"));
    } else {
      steps.add(StepResult.unchanged("mox running"));
    }
    if (!profile.mail().accounts().isEmpty()) {
      steps.add(new AccountPasswords(home, profile).apply(host));
    }
    return steps;
  }

  private StepResult ensureUser(RemoteHost host) {
    if (host.run(Command.of("id", "-u", user)).ok()) {
      return StepResult.unchanged("user " + user);
    }
    host.run(Command.of("useradd", "--system", "--user-group", "--home-dir", home, "--no-create-home", "--shell",
        "/usr/sbin/nologin", user)).requireSuccess();
    return StepResult.changed("user " + user, "system user, no login shell");
  }

  private static StepResult ensureDir(RemoteHost host, String path, String owner, String group, String mode) {
    String want = owner + " " + group + " " + mode;
    CommandResult st = host.run(Command.of("stat", "-c", "%U %G %a", "--", path));
    if (st.ok() && st.stdout().strip().equals(want)) {
      return StepResult.unchanged("folder " + path);
    }
    host.run(Command.of("install", "-d", "-o", owner, "-g", group, "-m", mode, "--", path)).requireSuccess();
    host.run(Command.of("chmod", mode, "--", path)).requireSuccess();
    return StepResult.changed("folder " + path, want);
  }

  /** The binary that will run, and its gobuilds sum. */
  private record Candidate(String path, String sum) {}

  /**
   * The binary that will run: the live one when it is already the wanted one (or kept), else a
   * verified copy staged as {@code .mox.new} next to it (not live yet).
   */
  private Candidate stageBinary(RemoteHost host, String bin, List<StepResult> steps) {
    String next = home + "/.mox.new";
    Optional<String> current = host.sha256(bin).map(MoxInstall::sumOfHex);
    if (source instanceof Installed) {
      String sum = current.orElseThrow(() -> new MoxException(MoxException.Reason.BINARY, "no mox binary at " + bin + " to keep; give a download URL or a local file"));
      steps.add(StepResult.unchanged("mox binary " + sum));
      return new Candidate(bin, sum);
    }
    String expected = source instanceof Download d ? d.expectedSum() : ((LocalFile) source).expectedSum();
    if (current.isPresent() && current.get().equals(expected)) {
      steps.add(StepResult.unchanged("mox binary " + expected));
      return new Candidate(bin, expected);
    }
    String arch = MoxBinary.goArch(host.run(Command.of("uname", "-m")).requireSuccess().stdout());
    if (source instanceof LocalFile lf) {
      byte[] data;
      try {
        data = Files.readAllBytes(lf.file());
      } catch (IOException e) {
        throw new MoxException(MoxException.Reason.INSTALL, "cannot read the mox binary " + lf.file() + ": " + e.getMessage(), e);
      }
      try {
        MoxBinary.verify(data, expected, arch); // before anything reaches the host
      } catch (MoxException e) {
        throw new MoxException(MoxException.Reason.BINARY, lf.file() + ": " + e.getMessage(), e);
      }
      host.upload(next, data, new FileSpec(0750, Optional.of("root"), Optional.of(user)));
    } else {
      Download d = (Download) source;
      host.run(Command.of("curl", "-fsSL", "--retry", "3", "-o", next, "--", d.url()).withTimeout(Duration.ofMinutes(10))).requireSuccess();
      String got = host.sha256(next).map(MoxInstall::sumOfHex).orElse("");
      String header = host.run(Command.of("sh", "-c", "head -c 20 \"$1\" | base64", "sh", next)).requireSuccess().stdout().strip();
      try {
        if (!got.equals(expected)) {
          throw new MoxException(MoxException.Reason.BINARY, "downloaded mox binary checksum mismatch: expected " + expected + ", got " + got);
        }
        String elf = MoxBinary.elfArch(Base64.getMimeDecoder().decode(header));
        if (!elf.equals(arch)) {
          throw new MoxException(MoxException.Reason.BINARY, "downloaded mox binary is for " + elf + " but the host is " + arch);
        }
      } catch (RuntimeException e) {
        host.run(Command.of("rm", "-f", "--", next));
        throw e instanceof VpsException v ? v : new MoxException(MoxException.Reason.BINARY, Failures.describe(e), e);
      }
      host.run(Command.of("chown", "root:" + user, "--", next)).requireSuccess();
      host.run(Command.of("chmod", "0750", "--", next)).requireSuccess();
    }
    CommandResult version = host.run(Command.of(next, "version"));
    Optional<String> tooOld = MoxBinary.olderThanMinimum(version.stdout());
    if (tooOld.isPresent()) {
      host.run(Command.of("rm", "-f", "--", next));
      throw new MoxException(MoxException.Reason.INSTALL, "mox " + tooOld.get() + " is too old: the configuration needs mox " + MoxBinary.MINIMUM_VERSION
          + " or later; nothing was changed");
    }
    return new Candidate(next, expected);
  }

  private void replaceBinary(RemoteHost host, String bin, Candidate staged, List<StepResult> steps) {
    boolean had = host.exists(bin);
    // keep the old binary for rollback, then replace atomically
    host.run(Command.of("sh", "-c", "if [ -f \"$1\" ]; then cp -p \"$1\" \"$1.previous\"; fi; mv -f \"$2\" \"$1\"", "sh", bin,
        staged.path())).requireSuccess();
    steps.add(StepResult.changed("mox binary " + staged.sum(), had ? "replaced (the previous one kept as mox.previous)" : "installed"));
  }

  private StepResult ensureDkimKey(RemoteHost host, List<MoxConfig.Selector> selectors) {
    String domain = profile.domains().primary();
    String dir = home + "/config/dkim";
    CommandResult ls = host.run(Command.of("sh", "-c", "cd \"$1\" && ls -1 -- *._domainkey.\"$2\".*.pem 2>/dev/null || true", "sh", dir,
        domain));
    for (String f : ls.stdout().strip().split("\n")) {
      if (!f.isBlank()) {
        selectors.add(new MoxConfig.Selector(f.substring(0, f.indexOf("._domainkey.")), "dkim/" + f));
      }
    }
    if (!selectors.isEmpty()) {
      return StepResult.unchanged("DKIM key " + selectors.get(0).selector());
    }
    String selector = Year.now().getValue() + "a";
    String file = selector + "._domainkey." + domain + ".rsa2048.privatekey.pkcs8.pem";
    String tmp = dir + "/." + file + ".tmp";
    host.run(Command.of("openssl", "genpkey", "-quiet", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", tmp))
        .requireSuccess();
    host.run(Command.of("chown", user + ":" + user, "--", tmp)).requireSuccess();
    host.run(Command.of("chmod", "0600", "--", tmp)).requireSuccess();
    host.run(Command.of("mv", "-f", "--", tmp, dir + "/" + file)).requireSuccess();
    selectors.add(new MoxConfig.Selector(selector, "dkim/" + file));
    return StepResult.changed("DKIM key " + selector, "generated on the host (RSA 2048)");
  }

  private StepResult ensurePlaceholderCertificate(RemoteHost host) {
    String name = profile.domains().mailFqdn();
    String certs = home + "/certs";
    if (host.exists(CertSync.liveFile(certs, name, "crt")) && host.exists(CertSync.liveFile(certs, name, "key"))) {
      return StepResult.unchanged("certificate for " + name);
    }
    String dir = certs + "/" + CertSync.PLACEHOLDER;
    host.run(Command.of("install", "-d", "-o", user, "-g", user, "-m", "0750", "--", dir)).requireSuccess();
    String crt = dir + "/" + name + ".crt";
    String key = dir + "/" + name + ".key";
    host.run(Command.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "7",
        "-subj", "/CN=" + name, "-addext", "subjectAltName=DNS:" + name, "-keyout", key, "-out", crt)).requireSuccess();
    host.run(Command.of("chown", user + ":" + user, "--", crt, key)).requireSuccess();
    host.run(Command.of("chmod", "0600", "--", key)).requireSuccess();
    host.run(Command.of("sh", "-c", "ln -sfn \"$2\" \"$1/.live.tmp\" && mv -T \"$1/.live.tmp\" \"$1/live\"", "sh", certs,
        CertSync.PLACEHOLDER)).requireSuccess();
    return StepResult.changed("certificate for " + name, "self-signed placeholder until Caddy's certificate is synced");
  }

  /** Whether mox still serves the installer's placeholder certificate (Caddy's has not been synced yet). */
  public static boolean servesPlaceholder(RemoteHost host, String home) {
    CommandResult link = host.run(Command.of("readlink", "--", home + "/certs/live"));
    return !link.ok() || link.stdout().strip().equals(CertSync.PLACEHOLDER);
  }

  private StepResult installConfig(RemoteHost host, List<MoxConfig.Selector> selectors, String binary) {
    MoxConfig.Builder b = MoxConfig.builder(profile).certDir(home + "/certs").dataDir(home + "/data").user(user)
        .internalListener(loopbackIps(host));
    selectors.forEach(s -> b.dkimSelector(s.selector(), s.privateKeyFile()));
    MoxConfig.Rendered r = b.build().render();
    String conf = home + "/config";
    boolean same = host.sha256(conf + "/mox.conf").map(h -> h.equals(hex(r.moxConf()))).orElse(false)
        && host.sha256(conf + "/domains.conf").map(h -> h.equals(hex(r.domainsConf()))).orElse(false);
    if (same) {
      if (!binary.equals(home + "/mox")) {
        testConfig(host, binary, conf + "/mox.conf", null); // the live configuration, with the new binary
      }
      return StepResult.unchanged("mox.conf and domains.conf");
    }
    String staged = conf + "/.vps-staged";
    host.run(Command.of("rm", "-rf", "--", staged)).requireSuccess();
    host.run(Command.of("install", "-d", "-o", user, "-g", user, "-m", "0750", "--", staged)).requireSuccess();
    host.run(Command.of("ln", "-sfn", "../dkim", staged + "/dkim")).requireSuccess();
    FileSpec spec = new FileSpec(0640, Optional.of(user), Optional.of(user));
    host.upload(staged + "/mox.conf", r.moxConf().getBytes(StandardCharsets.UTF_8), spec);
    host.upload(staged + "/domains.conf", r.domainsConf().getBytes(StandardCharsets.UTF_8), spec);
    testConfig(host, binary, staged + "/mox.conf", staged);
    host.run(Command.of("mv", "-f", "--", staged + "/domains.conf", conf + "/domains.conf")).requireSuccess();
    host.run(Command.of("mv", "-f", "--", staged + "/mox.conf", conf + "/mox.conf")).requireSuccess();
    host.run(Command.of("rm", "-rf", "--", staged)).requireSuccess();
    return StepResult.changed("mox.conf and domains.conf", "passed mox config test");
  }

  /** {@code 127.0.0.1}, and {@code ::1} when the host's loopback has it (mox fails to start on an address it cannot bind). */
  private static List<String> loopbackIps(RemoteHost host) {
    boolean v6 = host.run(Command.of("grep", "-qi", "^0\\{31\\}1 .* lo$", "/proc/net/if_inet6")).ok();
    return v6 ? List.of("127.0.0.1", "::1") : List.of("127.0.0.1");
  }

  /** {@code mox config test} of {@code moxConf} by {@code binary}; on failure {@code cleanup} is removed and nothing is live. */
  private void testConfig(RemoteHost host, String binary, String moxConf, String cleanup) {
    CommandResult test = host.run(Command.of(binary, "-config", moxConf, "config", "test").inDirectory(home));
    if (test.ok()) {
      return;
    }
    if (cleanup != null) {
      host.run(Command.of("rm", "-rf", "--", cleanup));
    }
    String out = CommandResult.tail(test.stderr().isBlank() ? test.stdout() : test.stderr(), 20);
    String hint = out.contains("unknown key \"Forwarded\"") ? "; this mox binary is older than " + MoxBinary.MINIMUM_VERSION
        + ", which the configuration needs (Forwarded on the autoconfig and MTA-STS services): install mox " + MoxBinary.MINIMUM_VERSION
        + " or later" : "";
    throw new MoxException(MoxException.Reason.INSTALL, "the new mox configuration fails 'mox config test'" + hint
        + "; the running mox, its binary and its configuration are untouched:\n" + out);
  }

  private static StepResult ensureFile(RemoteHost host, String path, String content, int mode, String step) {
    return RemoteFiles.ensure(host, path, content, new FileSpec(mode, Optional.empty(), Optional.empty()), step);
  }

  private void awaitReady(RemoteHost host) {
    long deadline = System.nanoTime() + readyTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (host.exists(home + "/data/ctl")) {
        return;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MoxException(MoxException.Reason.INSTALL, "interrupted while waiting for mox", e);
      }
    }
    String journal = host.run(Command.of("journalctl", "-u", "mox", "-n", "8", "--no-pager", "-o", "cat")).stdout();
    throw new MoxException(MoxException.Reason.INSTALL, "mox did not become ready (no " + home + "/data/ctl after " + readyTimeout.toSeconds()
        + " s); its last log lines (journalctl -u mox):\n" + CommandResult.tail(journal, 8));
  }

  /** mox's own unit (as {@code mox config printservice} writes it), for this home folder. */
  public String unit() {
    try (var in = MoxInstall.class.getResourceAsStream("mox.service")) {
      return new String(Objects.requireNonNull(in, "mox.service resource").readAllBytes(), StandardCharsets.UTF_8)
          .replace(HostLayout.MOX_HOME, home);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Rotation for the certificate sync log (mox itself logs to the journal). */
  public static String logrotate() {
    return "# Generated by vps.\n/var/log/vps-cert-sync.log {\n\tweekly\n\trotate 8\n\tcompress\n\tmissingok\n\tnotifempty\n}\n";
  }

  /** The gobuilds sum of a SHA-256 given in hex. */
  static String sumOfHex(String sha256Hex) {
    byte[] h = HexFormat.of().parseHex(sha256Hex);
    return "0" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(h, 20));
  }

  private static String hex(String s) {
    return RemoteFiles.sha256(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Options. */
  public static final class Builder {
    private final Profile profile;
    private final Source source;
    private String home = HostLayout.MOX_HOME;
    private String user = HostLayout.MOX_USER;
    private String unitPath = "/etc/systemd/system/mox.service";
    private String logrotatePath = "/etc/logrotate.d/vps-cert-sync";
    private ServiceControl service = ServiceControl.SYSTEMD;
    private Duration readyTimeout = Duration.ofSeconds(60);

    private Builder(Profile profile, Source source) {
      this.profile = Objects.requireNonNull(profile, "profile == null");
      this.source = Objects.requireNonNull(source, "source == null");
    }

    /** mox's home folder (default {@code /home/mox}). */
    public Builder home(String dir) {
      this.home = dir;
      return this;
    }

    /** The system user (default {@code mox}). */
    public Builder user(String name) {
      this.user = name;
      return this;
    }

    /** Where the unit and the logrotate entry go. */
    public Builder paths(String unit, String logrotate) {
      this.unitPath = unit;
      this.logrotatePath = logrotate;
      return this;
    }

    /** How the service is controlled (default systemd). */
    public Builder serviceControl(ServiceControl control) {
      this.service = Objects.requireNonNull(control, "control == null");
      return this;
    }

    /** How long to wait for {@code data/ctl} (default 60 s). */
    public Builder readyTimeout(Duration d) {
      this.readyTimeout = d;
      return this;
    }

    /** Builds. */
    public MoxInstall build() {
      return new MoxInstall(this);
    }
  }
}
