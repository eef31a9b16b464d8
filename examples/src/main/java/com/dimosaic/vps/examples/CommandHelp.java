package com.dimosaic.vps.examples;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every command's help, and the one list of the options it takes: {@link Args} accepts exactly the
 * options documented here, so a command or an option cannot ship without its help.
 */
final class CommandHelp {
  private CommandHelp() {}

  /**
   * One option.
   *
   * @param name the option, e.g. {@code --host}
   * @param value the value's name, empty for a flag
   * @param text what it does, with its default
   */
  record Opt(String name, String value, String text) {
    boolean flag() {
      return value.isEmpty();
    }
  }

  /**
   * One command's help.
   *
   * @param path the command, e.g. {@code dns sync}
   * @param usage the arguments after the command
   * @param summary what it does
   * @param options its options, in the order shown
   * @param example one call
   */
  record Entry(String path, String usage, String summary, List<Opt> options, String example) {
    Set<String> flags() {
      Set<String> s = new TreeSet<>(List.of("--help", "-h"));
      options.stream().filter(Opt::flag).forEach(o -> s.add(o.name()));
      return s;
    }

    Set<String> valued() {
      Set<String> s = new TreeSet<>();
      options.stream().filter(o -> !o.flag()).forEach(o -> s.add(o.name()));
      return s;
    }
  }

  private static final List<Opt> SSH = List.of(
      new Opt("--host", "H", "the host to connect to (default: host.address of the profile)"),
      new Opt("--port", "P", "its SSH port (default: host.ssh.port, 22)"),
      new Opt("--user", "U", "the SSH user (default: host.ssh.user, root)"),
      new Opt("--identity", "FILE", "the private key (default: $VPS_SSH_KEY, the key's text)"),
      new Opt("--known-hosts", "FILE", "a known_hosts file to verify the host key against"),
      new Opt("--host-key", "SHA256:...", "the host key's fingerprint, pinned (default: host.ssh.hostKey)"),
      new Opt("--trust-on-first-use", "", "accept an unknown host's key once and record it in --known-hosts (required)"));
  private static final List<Opt> PROFILE = List.of(
      new Opt("--profile", "DIR", "the profile folder, instead of the positional argument"),
      new Opt("--age-key-file", "FILE", "an age key for the SOPS secrets (also $SOPS_AGE_KEY, $SOPS_AGE_KEY_FILE,"
          + " ~/.config/sops/age/keys.txt)"));
  private static final List<Opt> VALIDATION = List.of(
      new Opt("--validation-address", "A", "the address this machine reaches the host on (NAT, tunnel)"),
      new Opt("--published", "443=8443,...", "ports the host's ports are reached on from here"),
      new Opt("--reach", "URL", "a URL the host must reach (default: public ones)"),
      new Opt("--caddy-data", "DIR", "Caddy's data folder on the host (default: the compose volume)"));
  private static final List<Opt> FLEET = List.of(
      new Opt("--all", "", "every host of the profile's hosts.yaml"),
      new Opt("--hosts", "a,b", "these hosts of hosts.yaml"),
      new Opt("--role", "R[,S]", "the hosts of hosts.yaml with one of these roles or tags"),
      new Opt("--parallel", "N", "with a fleet: hosts worked on at once (default 8)"),
      new Opt("--rolling", "N", "with a fleet: N hosts at a time; stop at the first failure, the rest untouched"));
  private static final List<Opt> MOX = List.of(
      new Opt("--mox-url", "URL", "download the mox binary from here"),
      new Opt("--mox-binary", "FILE", "upload this mox binary (with --mox-sum)"),
      new Opt("--mox-sum", "SUM", "the binary's gobuilds sum"));

  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

  private static void add(String path, String usage, String summary, String example, List<List<Opt>> groups) {
    List<Opt> all = new ArrayList<>();
    groups.forEach(all::addAll);
    ENTRIES.put(path, new Entry(path, usage, summary, List.copyOf(all), example));
  }

  static {
    add("plan", "<profile-dir> --out <dir>", "Validate the profile and write every file a deploy would upload, the provisioning steps and"
        + " the DNS plan into <dir>. Needs no server or network. Secret values are masked unless --reveal-secrets; with an age key the"
        + " SOPS secrets are decrypted and their MAC verified (a key that does not open them fails the plan).",
        "vps plan profiles/prod --out target/plan --age-key-file key.txt",
        List.of(List.of(new Opt("--out", "DIR", "where the files go (a new, empty or earlier plan folder)"),
            new Opt("--json", "", "print the whole plan as JSON"),
            new Opt("--reveal-secrets", "", "write real values into .env (default: masked)")), PROFILE));
    add("init", "<new-dir> --domain D --address A", "Write a complete profile (the demo's services) with a fresh age key and"
        + " encrypted, generated secrets; then 'vps plan' works on it. Netcup credentials come from $NETCUP_CUSTOMER_NUMBER,"
        + " $NETCUP_API_KEY and $NETCUP_API_PASSWORD, else placeholders for 'vps secrets edit'.",
        "vps init profiles/prod --domain example.org --address 198.51.100.7 --dns netcup",
        List.of(List.of(new Opt("--domain", "D", "the primary domain"), new Opt("--address", "A", "the server's public address"),
            new Opt("--name", "N", "the profile's name (default: the domain's first label)"),
            new Opt("--dns", "netcup|file|none", "the DNS provider (default file)"),
            new Opt("--no-mail", "", "no mail server (default: mox on the host)"),
            new Opt("--email", "E", "the ACME account e-mail (default admin@<domain>)"),
            new Opt("--age-key-file", "FILE", "where the new age key is appended (default ~/.config/sops/age/keys.txt)"))));
    add("provision", "<profile-dir>", "Take a bare Debian/Ubuntu host to the running stack, phase by phase; exit 0 on SUCCESS.",
        "vps provision profiles/prod --host 203.0.113.50 --identity ~/.ssh/id_ed25519 --mox-url https://beta.gobuilds.org/...",
        List.of(SSH, FLEET, PROFILE, MOX, List.of(new Opt("--dns-endpoint", "URL", "the DNS provider's API endpoint (a test server)"),
            new Opt("--docker-repository", "URL", "Docker's apt repository (default: https://download.docker.com/linux)"),
            new Opt("--health-timeout", "SECONDS", "how long each service may take to become healthy (default 300)"),
            new Opt("--no-validate", "", "skip the validation phase"),
            new Opt("--no-progress", "", "plain progress lines even on a terminal (default: a live status line on a terminal)"),
            new Opt("--json", "", "print the report as JSON")), VALIDATION));
    add("deploy", "<profile-dir>", "Show the diff and the plan, ask (unless --yes), back up, apply in stages with health gates; a failed"
        + " health gate restores the backup and the previous images.",
        "vps deploy profiles/prod --dry-run --expect-no-changes",
        List.of(SSH, FLEET, PROFILE, List.of(new Opt("--yes", "", "apply without asking"),
            new Opt("--dry-run", "", "show the plan only; nothing changes"),
            new Opt("--expect-no-changes", "", "with --dry-run: exit 3 when there are changes"),
            new Opt("--json", "", "print the plan as JSON"),
            new Opt("--message", "M", "a note for the audit log"),
            new Opt("--lock-wait", "SECONDS", "wait this long for the deploy lock (default 0)"),
            new Opt("--health-timeout", "SECONDS", "per service (default 300)"),
            new Opt("--no-validate", "", "skip validation after the apply"),
            new Opt("--no-progress", "", "plain progress lines even on a terminal (default: a live status line on a terminal)"),
            new Opt("--dns-endpoint", "URL", "the DNS provider's API endpoint"),
            new Opt("--no-dns", "", "leave DNS alone")), MOX, VALIDATION));
    add("rollback", "<profile-dir> --list | --to <timestamp>", "List the rollback points, or restore one (stop, restore files and images,"
        + " start, wait).", "vps rollback profiles/prod --to 20261203T171800Z",
        List.of(SSH, FLEET, PROFILE, List.of(new Opt("--list", "", "list the points, newest first"),
            new Opt("--to", "TIMESTAMP", "restore this point"),
            new Opt("--version", "TIMESTAMP", "deprecated spelling of --to"),
            new Opt("--service", "S", "engine: swarm: roll this service back to its previous spec"),
            new Opt("--lock-wait", "SECONDS", "wait this long for the deploy lock (default 0)"),
            new Opt("--health-timeout", "SECONDS", "per service (default 300)"))));
    add("drift", "<profile-dir>", "Compare the host and its DNS zone with the profile, read-only (the provisioning steps in check"
        + " mode, the containers, the records); with --repair put the drift back through the same phases, under the deploy lock.",
        "vps drift profiles/prod --expect-no-drift", List.of(SSH, FLEET, PROFILE, List.of(
            new Opt("--format", "text|json|junit", "the report's format (default text)"),
            new Opt("--expect-no-drift", "", "exit 3 when anything drifted (for cron and CI)"),
            new Opt("--repair", "", "show the drift, ask (unless --yes), and put it back"),
            new Opt("--yes", "", "with --repair: without asking"),
            new Opt("--prune", "", "with --repair: also remove extra UFW rules and extra containers"),
            new Opt("--who", "W", "for the lock and the audit log"),
            new Opt("--lock-wait", "SECONDS", "wait this long for the deploy lock (default 60)"),
            new Opt("--health-timeout", "SECONDS", "per recreated service (default 300)"),
            new Opt("--dns-endpoint", "URL", "the DNS provider's API endpoint"),
            new Opt("--no-dns", "", "leave the zone out"),
            new Opt("--docker-repository", "URL", "Docker's apt repository (docker.source: official)"),
            new Opt("--caddy-data", "DIR", "Caddy's data folder on the host"))));
    add("watch", "<profile-dir>", "Validate and check drift on a schedule; serve the last results as Prometheus metrics (/metrics)"
        + " and a health endpoint (/health: 200, or 503 on a failed check or drift); runs until stopped.",
        "vps watch profiles/prod --every 5m --serve 127.0.0.1:9464", List.of(SSH, PROFILE, List.of(
            new Opt("--every", "DURATION", "time between runs, e.g. 30s, 5m, 1h (default 5m)"),
            new Opt("--serve", "HOST:PORT", "where /metrics and /health answer (default 127.0.0.1:9464)"),
            new Opt("--notify-command", "CMD", "run on each status change (VPS_WATCH_HOST, _FROM, _TO, _SUMMARY in its environment)"),
            new Opt("--notify-url", "URL", "POST each status change as JSON"),
            new Opt("--dns-endpoint", "URL", "the DNS provider's API endpoint"),
            new Opt("--no-dns", "", "leave the zone out")), VALIDATION));
    add("validate", "<profile-dir>", "Validate the host; exit 0 on PASS or WARN, 1 on FAIL.",
        "vps validate profiles/prod --format junit > validation.xml",
        List.of(SSH, FLEET, PROFILE, List.of(new Opt("--format", "text|json|junit", "the report's format (default text)"),
            new Opt("--until-healthy", "SECONDS", "re-run failing checks until they pass or this much time passed"),
            new Opt("--hosts-only", "", "engine: swarm: validate each host (with --all/--hosts/--role), not the swarm")), VALIDATION));
    List<Opt> dns = List.of(new Opt("--zone", "Z", "only this zone"),
        new Opt("--provider", "netcup|file", "the provider (default: dns.provider)"),
        new Opt("--endpoint", "URL", "the provider's API endpoint"),
        new Opt("--resolver", "HOST[:PORT]", "also wait for this resolver (repeatable)"),
        new Opt("--nameserver", "HOST[:PORT]", "ask this server instead of the zone's (repeatable)"),
        new Opt("--expect-no-changes", "", "exit 3 when the zone differs"));
    add("dns plan", "<profile-dir>", "Show the DNS changes the profile needs. With --host, DKIM records are read from mox on the host.",
        "vps dns plan profiles/prod --expect-no-changes", List.of(SSH, PROFILE, dns));
    add("dns sync", "<profile-dir>", "Apply the DNS changes (asks unless --yes) and wait until the zone's servers serve them.",
        "vps dns sync profiles/prod --yes", List.of(SSH, PROFILE, dns, List.of(new Opt("--yes", "", "apply without asking"),
            new Opt("--no-wait", "", "do not wait for propagation"),
            new Opt("--force", "", "past the safety threshold (many updates or deletes)"),
            new Opt("--purge", "", "also delete records the profile does not manage"))));
    List<Opt> app = List.of(new Opt("--who", "W", "who delivers, for the audit log (default: $USER@host)"),
        new Opt("--lock-wait", "SECONDS", "wait this long for the deploy lock (default 60)"),
        new Opt("--yes", "", "accepted for symmetry with deploy"));
    add("app deploy-static", "<profile-dir> --site S --dir D", "Upload a static site as a new release and switch to it atomically.",
        "vps app deploy-static profiles/prod --site portal --dir dist", List.of(SSH, PROFILE, app,
            List.of(new Opt("--site", "S", "the site"), new Opt("--dir", "D", "the built site"),
                new Opt("--keep", "N", "releases to keep (default 5)"))));
    add("app rollback-static", "<profile-dir> --site S", "Switch a static site back to its previous release.",
        "vps app rollback-static profiles/prod --site portal", List.of(SSH, PROFILE, app, List.of(new Opt("--site", "S", "the site"))));
    add("app redeploy", "<profile-dir> --service S", "Pull the service's image and replace only that service, health-gated: blue/green"
        + " behind Caddy (no request fails), else a restart; unhealthy: the previous container serves on (or again) and the command fails"
        + " with the health output and the container's last log lines.",
        "vps app redeploy profiles/prod --service api --image ghcr.io/acme/api:1.4.2 --registry-user acme", List.of(SSH, PROFILE, app,
            List.of(new Opt("--service", "S", "the service"), new Opt("--image", "REF", "pin this image over the profile's"),
                new Opt("--registry", "HOST", "the registry (default: the image's)"),
                new Opt("--registry-user", "U", "log in as U; the token from $GHCR_TOKEN (or --token-env)"),
                new Opt("--token-env", "NAME", "the variable holding the registry token"),
                new Opt("--health-timeout", "SECONDS", "(default 300)"),
                new Opt("--drain", "SECONDS", "blue/green: how long the old container may finish its requests (default: rollout.drain)"))));
    add("app build-on-host", "<profile-dir> --service S", "Reset the service's checkout (build.git) to a ref, build, replace"
        + " (blue/green or restart), health-gated.", "vps app build-on-host profiles/prod --service shop --ref v2.3.0", List.of(SSH, PROFILE,
            app, List.of(new Opt("--service", "S", "the service"), new Opt("--ref", "REF", "branch, tag or commit (default: build.ref)"),
                new Opt("--health-timeout", "SECONDS", "(default 300)"),
                new Opt("--drain", "SECONDS", "blue/green: how long the old container may finish its requests (default: rollout.drain)"))));
    List<Opt> progress = List.of(new Opt("--json", "", "print the result as JSON"),
        new Opt("--no-progress", "", "plain progress lines even on a terminal (default: a live status line on a terminal)"));
    add("backup now", "<profile-dir>", "Take a backup point now (the timer's command): PostgreSQL dumps per database, Redis after"
        + " BGSAVE, mox's own backup, Caddy's data, the static sites and the deploy state, streamed into the restic repository.",
        "vps backup now profiles/prod", List.of(SSH, FLEET, PROFILE, progress));
    add("backup list", "<profile-dir>", "List the backup points in the repository, newest first (incomplete ones are never restored).",
        "vps backup list profiles/prod --json", List.of(SSH, PROFILE, List.of(new Opt("--json", "", "print the points as JSON"))));
    add("backup restore", "<profile-dir> --point ID|latest", "Show what a restore would stop, replace and start again; ask (unless"
        + " --yes); then restore under the deploy lock, each service behind its health check, with an audit line.",
        "vps backup restore profiles/prod --point latest --only postgres:app --dry-run", List.of(SSH, PROFILE, progress,
            List.of(new Opt("--point", "ID", "the point (vps backup list), or latest"),
                new Opt("--only", "ITEM,...", "postgres, postgres:<db>, redis, mox, caddy, www, state (default: all but state)"),
                new Opt("--dry-run", "", "show the plan only; nothing changes"),
                new Opt("--yes", "", "restore without asking"),
                new Opt("--who", "NAME", "recorded in the lock and the audit log (default: $USER)"),
                new Opt("--lock-wait", "SECONDS", "wait this long for the deploy lock (default 0)"),
                new Opt("--health-timeout", "SECONDS", "per restarted service (default 300)"))));
    add("backup verify", "<profile-dir>", "The restore drill: a point restored into scratch containers and folders on the host and"
        + " checked (rows per table, pg_restore --list, mox verifydata, redis-check-rdb, restic check); exit 1 when a check fails.",
        "vps backup verify profiles/prod --subset 100%", List.of(SSH, PROFILE, progress,
            List.of(new Opt("--point", "ID", "the point (default latest)"),
                new Opt("--subset", "N%", "how much of the repository's data restic check reads back (default: backup.checkSubset, 10%)"))));
    add("completion", "bash", "Print a bash completion script for vps, made from this help (commands, subcommands, options).",
        "vps completion bash > ~/.local/share/bash-completion/completions/vps", List.of());
    add("secrets decrypt", "<file>", "Print a SOPS file decrypted (like sops -d).", "vps secrets decrypt profiles/prod/secrets.enc.yaml",
        List.of(List.of(PROFILE.get(1))));
    add("secrets edit", "<profile-dir>", "Open the decrypted secrets in $EDITOR (a 0600 file in a private folder, removed afterwards)"
        + " and encrypt them again to the same recipients.", "vps secrets edit profiles/prod   (EDITOR=nano, or your editor)",
        List.of(PROFILE));
    add("secrets encrypt", "<plain.yaml> --recipient age1... --out <file>", "Encrypt a plain YAML file with SOPS to age recipients.",
        "vps secrets encrypt secrets.yaml --recipient age1... --out secrets.enc.yaml",
        List.of(List.of(new Opt("--recipient", "age1...", "an age recipient (repeatable)"), new Opt("--out", "FILE", "the encrypted file"))));
  }

  /** The command groups and their subcommands. */
  static final Map<String, List<String>> GROUPS = Map.of("dns", List.of("plan", "sync"), "backup", BackupCommand.SUBCOMMANDS,
      "app", List.of("deploy-static", "rollback-static", "redeploy", "build-on-host"), "secrets", List.of("decrypt", "edit", "encrypt"));

  /** Every command path with help, in the order shown. */
  static List<String> paths() {
    return List.copyOf(ENTRIES.keySet());
  }

  /** The entry for a command path. */
  static Entry of(String path) {
    Entry e = ENTRIES.get(path);
    if (e == null) {
      throw new IllegalStateException("no help for '" + path + "'");
    }
    return e;
  }

  /** The command path of an argument list ({@code dns sync ...} is {@code dns sync}), or empty for none. */
  static String pathOf(List<String> args) {
    if (args.isEmpty() || args.get(0).startsWith("-")) {
      return "";
    }
    String first = args.get(0);
    if (GROUPS.containsKey(first) && args.size() > 1 && GROUPS.get(first).contains(args.get(1))) {
      return first + " " + args.get(1);
    }
    return ENTRIES.containsKey(first) || GROUPS.containsKey(first) ? first : "";
  }

  /** Prints a command's (or a group's) help. */
  static void print(PrintWriter w, String path) {
    if (GROUPS.containsKey(path)) {
      w.println("usage: vps " + path + " <" + String.join("|", GROUPS.get(path)) + "> ...");
      for (String sub : GROUPS.get(path)) {
        Entry e = of(path + " " + sub);
        w.printf("  %-16s %s%n", sub, firstSentence(e.summary()));
      }
      w.println();
      w.println("see 'vps " + path + " <subcommand> --help'");
      return;
    }
    Entry e = of(path);
    w.println("usage: vps " + path + " " + e.usage() + " [options]");
    w.println();
    w.println(wrap(e.summary(), 100, ""));
    w.println();
    w.println("options:");
    for (Opt o : e.options()) {
      String left = o.name() + (o.flag() ? "" : " " + o.value());
      w.printf("  %-30s %s%n", left, o.text());
    }
    w.printf("  %-30s %s%n", "-h, --help", "this help");
    w.println();
    w.println("example:");
    w.println("  " + e.example());
  }

  private static String firstSentence(String s) {
    int dot = s.indexOf(". ");
    return dot < 0 ? s : s.substring(0, dot + 1);
  }

  private static String wrap(String text, int width, String indent) {
    StringBuilder out = new StringBuilder();
    StringBuilder line = new StringBuilder(indent);
    for (String word : text.split(" ")) {
      if (line.length() + word.length() + 1 > width && line.length() > indent.length()) {
        out.append(line).append('\n');
        line = new StringBuilder(indent);
      }
      line.append(line.length() > indent.length() ? " " : "").append(word);
    }
    return out.append(line).toString();
  }
}
