package com.dimosaic.vps.drift;

import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.remote.FileSpec;
import com.dimosaic.vps.remote.OutputListener;
import com.dimosaic.vps.remote.RemoteHost;
import com.dimosaic.vps.secrets.Redactor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A host on which the provisioning code runs in check mode, the way Ansible's {@code --check} runs
 * modules: everything that only looks (reads, hashes, {@code id}, {@code dpkg-query}, {@code ufw show},
 * {@code docker inspect}, a shell script without a mutating command or redirection, …) goes to the
 * real host; everything else — an upload, a package install, {@code useradd}, {@code ufw allow}, any
 * command not known to be read-only — is not run but recorded as an {@link Intent} and answered with
 * success and no output. The phases thus compute their "unchanged" or "changed" exactly as when
 * they provision; a "changed" step is drift. An upload's intent carries the unified diff against the
 * file on the host, with the session's secrets masked.
 */
final class CheckOnlyHost implements RemoteHost {
  private static final Set<String> READ_ONLY = Set.of("id", "getent", "dpkg-query", "stat", "readlink", "cat", "sha256sum", "test",
      "uname", "apt-cache", "find", "ls", "true", "date", "hostname", "whoami", "grep", "head", "base64", "nproc", "df", "ss", "fuser");
  private static final Pattern MUTATING = Pattern.compile("(^|[\\s;&|(`])(mv|cp|rm|ln|touch|mkdir|chmod|chown|install|tee|useradd|usermod"
      + "|groupadd|dd|truncate|kill|pkill|systemctl|apt-get|apt|dpkg|docker|ufw|curl|wget|git|openssl|restic|tar|crontab|cloud-init"
      + "|reboot|shutdown|sed\\s+-i|mox)(\\s|$)");
  private static final Pattern REDIRECT = Pattern.compile("(?<![0-9&])>{1,2}\\s*(?!/dev/null)|[0-9]>{1,2}\\s*(?!/dev/null|&)");
  private static final int DIFF_LIMIT = 256 * 1024;
  private static final String STAGED = ".vps-staged";

  /**
   * What a check run would have done.
   *
   * @param what the command line or {@code write <path>}
   * @param path the file an upload would have written, or empty
   * @param diff for an upload: the unified diff (secrets masked), empty when binary, large or new
   */
  record Intent(String what, Optional<String> path, Optional<String> diff) {}

  private final RemoteHost host;
  private final List<Intent> intents = new ArrayList<>();

  CheckOnlyHost(RemoteHost host) {
    this.host = Objects.requireNonNull(host, "host == null");
  }

  /** The intents recorded since {@code from} (an earlier {@link #mark()}). */
  synchronized List<Intent> since(int from) {
    return List.copyOf(intents.subList(Math.min(from, intents.size()), intents.size()));
  }

  /** A position in the recorded intents. */
  synchronized int mark() {
    return intents.size();
  }

  @Override
  public CommandResult run(Command command, OutputListener listener) {
    if (readOnly(command.argv())) {
      return host.run(command, listener);
    }
    List<String> a = command.argv();
    if (a.size() == 5 && a.get(0).equals("sh") && a.get(2).equals("cat > \"$1\"")) { // RemoteFiles.ensureInPlace
      upload(a.get(4), command.stdin(), FileSpec.DEFAULT);
      return new CommandResult("write " + a.get(4), 0, "", "", Duration.ZERO);
    }
    String line = redactor().apply(String.join(" ", command.argv()));
    synchronized (this) {
      intents.add(new Intent(line, Optional.empty(), Optional.empty()));
    }
    return new CommandResult(line, 0, "", "", Duration.ZERO);
  }

  @Override
  public void upload(String path, byte[] content, FileSpec spec) {
    // a file staged to be tested before it goes live (mox's configuration) is compared with the live one
    String live = path.replace("/" + STAGED + "/", "/");
    Optional<String> diff = Optional.empty();
    if (content.length <= DIFF_LIMIT && text(content)) {
      Optional<byte[]> now = host.read(live).filter(b -> b.length <= DIFF_LIMIT && text(b));
      diff = now.map(b -> redactor().apply(UnifiedDiff.of(live, new String(b, StandardCharsets.UTF_8),
          new String(content, StandardCharsets.UTF_8))));
    }
    synchronized (this) {
      intents.add(new Intent("write " + live, Optional.of(live), diff));
    }
  }

  @Override
  public void download(String remotePath, Path localPath) {
    host.download(remotePath, localPath);
  }

  @Override
  public Optional<byte[]> read(String path) {
    return host.read(path);
  }

  @Override
  public boolean exists(String path) {
    return host.exists(path);
  }

  @Override
  public Optional<String> sha256(String path) {
    return host.sha256(path);
  }

  @Override
  public String describe() {
    return host.describe() + " (check only)";
  }

  @Override
  public Redactor redactor() {
    return host.redactor();
  }

  @Override
  public void close() {
    // the session owns the connection
  }

  /** Whether a command only looks: a known read-only program, or a shell script without a mutating command or redirection. */
  static boolean readOnly(List<String> argv) {
    String p = argv.get(0);
    String a1 = argv.size() > 1 ? argv.get(1) : "";
    String a2 = argv.size() > 2 ? argv.get(2) : "";
    if (READ_ONLY.contains(p)) {
      return true;
    }
    return switch (p) {
      case "dpkg" -> a1.equals("--print-architecture") || a1.equals("--audit");
      case "apt-get" -> argv.contains("-s");
      case "systemctl" -> Set.of("is-active", "is-enabled", "is-failed", "show", "status", "cat", "list-timers", "list-units").contains(a1);
      case "ufw" -> a1.equals("status") || a1.equals("show");
      case "docker" -> Set.of("inspect", "ps", "version", "info", "images", "--version").contains(a1)
          || (a1.equals("image") && Set.of("inspect", "ls").contains(a2))
          || (a1.equals("compose") && Set.of("ps", "config", "version", "images", "ls").contains(a2));
      case "git" -> Set.of("rev-parse", "log", "status", "show", "ls-remote", "cat-file").contains(a1)
          || (a1.equals("-C") && argv.size() > 3 && Set.of("rev-parse", "log", "status", "show", "cat-file").contains(argv.get(3)));
      case "sh", "bash" -> a1.equals("-c") && argv.size() > 2 && !MUTATING.matcher(a2).find() && !REDIRECT.matcher(a2).find();
      default -> p.endsWith("/mox") && (a1.equals("version") || (a1.equals("config") && Set.of("test", "dnsrecords").contains(a2)));
    };
  }

  private static boolean text(byte[] b) {
    for (byte x : b) {
      if (x == 0) {
        return false;
      }
    }
    return true;
  }
}
