package com.dimosaic.vps.validation;

import com.dimosaic.vps.profile.Database;
import com.dimosaic.vps.profile.MailAccount;
import com.dimosaic.vps.profile.MailSettings;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.Route;
import com.dimosaic.vps.profile.Service;
import com.dimosaic.vps.profile.ServiceKind;
import com.dimosaic.vps.profile.StaticSite;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.secrets.SecretsException;
import com.dimosaic.vps.tls.SubmissionProbe;
import com.dimosaic.vps.tls.TlsCheck;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Check factories and the checks generated from a profile, in the six categories: Infrastructure,
 * Containers, Endpoints, Certificates, Host services, Logs.
 */
public final class Checks {
  /** Category names. */
  public static final String INFRA = "Infrastructure";
  /** Category names. */
  public static final String CONTAINERS = "Containers";
  /** Category names. */
  public static final String ENDPOINTS = "Endpoints";
  /** Category names. */
  public static final String CERTS = "Certificates";
  /** Category names. */
  public static final String HOST = "Host services";
  /** Category names. */
  public static final String LOGS = "Logs";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Checks() {}

  /** Every check the profile implies (about 36 for the demo stack). */
  public static List<Check> forProfile(Profile p, ValidationOptions o) {
    List<Check> out = new ArrayList<>();
    out.add(diskFree("/", 20));
    out.add(memoryUsage(90));
    out.add(load(2.0));
    o.resolveNames().forEach(n -> out.add(resolves(n)));
    o.connectivityUrls().forEach(u -> out.add(reaches(u)));
    out.add(dockerNetworks(p.name(), List.copyOf(p.catalogue().networks().keySet())));
    for (int port : List.of(22, 80, 443)) {
      out.add(portListening(port, INFRA));
    }
    for (Service s : p.catalogue().enabledInDependencyOrder()) {
      out.add(serviceRunning(s.name(), s.replicas()));
      out.add(noRestartLoop(s.name(), 5));
      if (s.limits().memory().isPresent()) {
        out.add(withinMemoryLimit(s.name(), 90));
      }
      healthProbe(s).ifPresent(out::add);
      if (s.kind() == ServiceKind.WINDMILL_WORKER) {
        out.add(logLine(s.name(), "(?i).*worker.*(start|ready|listen|pull).*"));
      }
      out.add(dockerLogs(s.name()));
    }
    String address = o.httpsAddress().orElse(p.host().address());
    String probe = o.probeAddress().orElse(p.host().address());
    String caddy = o.caddyDataDir().orElse("/var/lib/docker/volumes/" + p.name() + "_caddy_data/_data/caddy");
    // with Caddy's internal CA, certificates are verified against that CA's root, read from the host
    Optional<String> localRoot = p.tls().internal() ? Optional.of(caddy + "/pki/authorities/local/root.crt") : Optional.empty();
    Set<String> hosts = new LinkedHashSet<>();
    for (Route r : p.catalogue().routes()) {
      if (r.paths().isEmpty()) {
        hosts.add(p.domains().fqdn(r.host()));
      }
    }
    for (StaticSite site : p.catalogue().sites()) {
      site.hosts().forEach(h -> hosts.add(p.domains().fqdn(h)));
    }
    for (String h : hosts) {
      out.add(endpoint(h, address, o.httpsPort(), localRoot));
      out.add(certificate(h, 443, probe, o.probePort(443), localRoot));
    }
    for (Database d : p.catalogue().databases()) {
      p.catalogue().firstOfKind(ServiceKind.POSTGRES).ifPresent(pg -> out.add(databaseConnectivity(pg.name(), d)));
    }
    if (p.mail().enabled()) {
      String mail = p.domains().mailFqdn();
      // every port mail clients and servers use presents the synced certificate: implicit TLS on 465 and 993, STARTTLS on 25 and 587
      for (int port : List.of(25, 465, 587, 993)) {
        out.add(certificate(mail, port, probe, o.probePort(port), localRoot));
      }
      out.add(moxCertificateMatchesCaddy(mail, o.moxHome() + "/certs", caddy));
      if (p.mail().dane()) {
        out.add(dane(mail, probe, o.probePort(25), o.dnsResolvers().isEmpty() ? p.dns().resolvers() : o.dnsResolvers()));
      }
      out.add(systemdActive("mox"));
      out.add(noCrashes("mox"));
      for (int port : List.of(25, 465, 587, 993)) {
        out.add(portListening(port, HOST));
      }
      out.add(moxConfigTest(o.moxHome()));
      out.add(reportAddresses(o.moxHome()));
      if (!p.mail().accounts().isEmpty()) {
        out.add(submission(p.mail().accounts().get(0), "postmaster@" + p.domains().primary(), mail, probe, o.probePort(587), localRoot));
      }
      out.add(journalErrors("mox"));
    }
    if (p.backup().enabled()) {
      out.add(systemdActive("vps-backup.timer"));
      out.add(lastBackup(p.backup().maxAge()));
      out.add(restoreDrill(Duration.ofDays(8)));
    }
    return out;
  }

  // ------------------------------------------------------------------ backups

  /**
   * The last good backup is at most {@code maxAge} old ({@code status.json} of the backup command); FAIL when it is older,
   * when there is none, or when the last run failed past that age.
   */
  public static Check lastBackup(Duration maxAge) {
    return Check.of("host.backup.last", HOST, "last good backup", ctx -> {
      StatusFile f = StatusFile.read(ctx, "status.json");
      if (f.json().isEmpty()) {
        return f.unreadable() ? CheckResult.fail("unreadable status.json", "cat " + f.path())
            : CheckResult.fail("no backup has run", "systemctl status vps-backup.timer; vps backup now");
      }
      JsonNode n = f.json().get();
      long now = f.now();
      long last = n.path("lastSuccessEpoch").asLong(0);
      String failed = n.path("result").asText().equals("failed") ? "; the last run failed (exit " + n.path("exit").asInt() + ")" : "";
      if (last == 0) {
        return CheckResult.fail("no good backup yet" + failed, "journalctl -u vps-backup -n 50");
      }
      Duration age = Duration.ofSeconds(Math.max(0, now - last));
      String detail = "point " + n.path("point").asText() + ", " + human(age) + " ago (allowed " + human(maxAge) + ")" + failed;
      if (age.compareTo(maxAge) > 0) {
        return CheckResult.fail(detail, "systemctl status vps-backup.timer vps-backup.service; journalctl -u vps-backup -n 50");
      }
      return failed.isEmpty() ? CheckResult.pass(detail) : CheckResult.warn(detail, "journalctl -u vps-backup -n 50");
    });
  }

  /** The last restore drill passed and is at most {@code maxAge} old ({@code verify.json}); WARN when none ran yet. */
  public static Check restoreDrill(Duration maxAge) {
    return Check.of("host.backup.drill", HOST, "restore drill", ctx -> {
      StatusFile f = StatusFile.read(ctx, "verify.json");
      if (f.json().isEmpty()) {
        return f.unreadable() ? CheckResult.fail("unreadable verify.json", "cat " + f.path())
            : CheckResult.warn("no restore drill has run yet", "vps backup verify (the weekly timer runs it)");
      }
      JsonNode n = f.json().get();
      long now = f.now();
      Duration age = Duration.ofSeconds(Math.max(0, now - n.path("epoch").asLong(0)));
      if (!n.path("result").asText().equals("PASS")) {
        List<String> failed = new ArrayList<>();
        n.path("checks").forEach(c -> {
          if (!c.path("status").asText().equals("PASS")) {
            failed.add(c.path("name").asText() + ": " + c.path("detail").asText());
          }
        });
        return CheckResult.fail("the drill of point " + n.path("point").asText() + " failed " + human(age) + " ago: " + String.join("; ", failed),
            "vps backup verify; restic check --read-data");
      }
      String detail = "point " + n.path("point").asText() + " restored and checked in " + n.path("seconds").asLong() + " s, " + human(age) + " ago";
      return age.compareTo(maxAge) > 0 ? CheckResult.warn(detail + " (older than " + human(maxAge) + ")", "systemctl status vps-backup-verify.timer")
          : CheckResult.pass(detail);
    });
  }

  /** A status file of the backup command, with the host's clock read in the same command (ages are the host's). */
  private record StatusFile(String path, long now, Optional<JsonNode> json, boolean unreadable) {
    static StatusFile read(CheckContext ctx, String name) {
      String path = com.dimosaic.vps.core.HostLayout.BACKUP_STATUS_DIR + "/" + name;
      String[] lines = ctx.host().run(Command.of("sh", "-c", "date +%s; cat \"$1\" 2>/dev/null", "sh", path)).stdout().strip().split("\n", 2);
      long now = Long.parseLong(lines[0].strip());
      if (lines.length < 2 || lines[1].isBlank()) {
        return new StatusFile(path, now, Optional.empty(), false);
      }
      try {
        return new StatusFile(path, now, Optional.of(JSON.readTree(lines[1])), false);
      } catch (IOException e) {
        return new StatusFile(path, now, Optional.empty(), true);
      }
    }
  }

  private static String human(Duration d) {
    long s = d.toSeconds();
    return s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s < 172800 ? s / 3600 + " h" : s / 86400 + " d";
  }

  // ------------------------------------------------------------------ infrastructure

  /** Free disk above a share. */
  public static Check diskFree(String path, int minPercent) {
    return Check.of("infra.disk", INFRA, "disk free", ctx -> {
      CommandResult r = ctx.host().run(Command.of("df", "-P", "--", path));
      if (!r.ok()) {
        return CheckResult.fail("df failed: " + r.stderr().strip(), "df -h");
      }
      String[] f = r.stdout().strip().split("\n")[1].trim().split("\\s+");
      int used = Integer.parseInt(f[4].replace("%", ""));
      int free = 100 - used;
      String detail = free + "% free on " + path + " (" + Long.parseLong(f[3]) / 1024 / 1024 + " GB available)";
      return free > minPercent ? CheckResult.pass(detail) : CheckResult.fail(detail, "du -xh / | sort -h | tail; docker system df");
    });
  }

  /** Memory in use below a share. */
  public static Check memoryUsage(int maxPercent) {
    return Check.of("infra.memory", INFRA, "memory", ctx -> {
      CommandResult r = ctx.host().run(Command.of("cat", "/proc/meminfo")).requireSuccess();
      long total = meminfo(r.stdout(), "MemTotal");
      long avail = meminfo(r.stdout(), "MemAvailable");
      int used = (int) Math.round(100.0 * (total - avail) / total);
      String detail = used + "% used of " + total / 1024 / 1024 + " GB";
      return used < maxPercent ? CheckResult.pass(detail) : CheckResult.fail(detail, "docker stats --no-stream");
    });
  }

  private static long meminfo(String text, String key) {
    for (String l : text.split("\n")) {
      if (l.startsWith(key + ":")) {
        return Long.parseLong(l.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no " + key + " in /proc/meminfo");
  }

  /** One-minute load below a multiple of the CPU count. */
  public static Check load(double perCpu) {
    return Check.of("infra.load", INFRA, "load", ctx -> {
      String[] f = ctx.host().run(Command.of("sh", "-c", "cat /proc/loadavg; nproc")).requireSuccess().stdout().strip().split("\\s+");
      double l1 = Double.parseDouble(f[0]);
      int cpus = Integer.parseInt(f[f.length - 1]);
      String detail = String.format(Locale.ROOT, "%.2f over %d CPUs", l1, cpus);
      return l1 < perCpu * cpus ? CheckResult.pass(detail) : CheckResult.warn(detail, "top -b -n 1 | head -20");
    });
  }

  /** The host resolves a name. */
  public static Check resolves(String name) {
    return Check.of("infra.dns." + name, INFRA, "resolves " + name, ctx -> {
      CommandResult r = ctx.host().run(Command.of("getent", "hosts", name).withTimeout(Duration.ofSeconds(15)));
      return r.ok() && !r.stdout().isBlank() ? CheckResult.pass(r.stdout().strip().split("\\s+")[0])
          : CheckResult.fail("cannot resolve " + name, "resolvectl status; cat /etc/resolv.conf");
    });
  }

  /** The host reaches a URL. */
  public static Check reaches(String url) {
    return Check.of("infra.reach." + url, INFRA, "reaches " + url, ctx -> {
      CommandResult r = ctx.host().run(Command.of("curl", "-sS", "-o", "/dev/null", "--max-time", "10", "-w", "%{http_code}", url)
          .withTimeout(Duration.ofSeconds(20)));
      return r.ok() ? CheckResult.pass("HTTP " + r.stdout().strip())
          : CheckResult.fail("cannot reach " + url + ": " + r.stderr().strip(), "ip route; ufw status");
    });
  }

  /** The stack's Docker networks exist ({@code <project>_<name>}). */
  public static Check dockerNetworks(String project, List<String> names) {
    return Check.of("infra.docker-networks", INFRA, "docker networks", ctx -> {
      CommandResult r = ctx.host().run(Command.of("docker", "network", "ls", "--format", "{{.Name}}"));
      if (!r.ok()) {
        return CheckResult.fail("docker is not answering: " + CommandResult.tail(r.stderr(), 1), "systemctl status docker");
      }
      Set<String> have = Set.of(r.stdout().strip().split("\n"));
      List<String> missing = names.stream().filter(n -> !have.contains(project + "_" + n)).toList();
      return missing.isEmpty() ? CheckResult.pass(String.join(", ", names))
          : CheckResult.fail("missing: " + String.join(", ", missing), "docker compose up -d in /home/app/docker");
    });
  }

  /** Something listens on a TCP port. */
  public static Check portListening(int port, String category) {
    return Check.of((category.equals(INFRA) ? "infra" : "host") + ".port." + port, category, "port " + port + " listening", ctx -> {
      CommandResult r = ctx.host().run(Command.of("ss", "-Htln"));
      boolean open = r.ok() && r.stdout().lines().map(l -> l.trim().split("\\s+")).anyMatch(f -> f.length >= 4 && f[3].endsWith(":" + port));
      return open ? CheckResult.pass("listening") : CheckResult.fail("nothing listens on " + port, "ss -tlnp | grep :" + port);
    });
  }

  // ------------------------------------------------------------------ containers

  /** The service's containers run ({@code docker compose ps}), with replicas counted. */
  public static Check serviceRunning(String service, int replicas) {
    return Check.of("containers." + service + ".running", CONTAINERS, service + " running", ctx -> {
      Optional<Command> ps = ctx.services().containers(service);
      if (ps.isEmpty()) {
        return CheckResult.warn("not containerised: container state cannot be checked", null);
      }
      CommandResult r = ctx.host().run(ps.get());
      if (!r.ok()) {
        return CheckResult.fail("docker compose ps failed: " + CommandResult.tail(r.stderr(), 1), "docker compose ps");
      }
      int running = 0;
      int restarts = 0;
      for (String line : r.stdout().strip().split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode n = JSON.readTree(line);
          if ("running".equals(n.path("State").asText())) {
            running++;
          }
        } catch (IOException e) {
          return CheckResult.fail("unexpected docker compose output", "docker compose version");
        }
      }
      String detail = running + "/" + replicas + " running";
      return running >= replicas ? CheckResult.pass(detail) : CheckResult.fail(detail, "docker compose logs --tail 50 " + service);
    });
  }

  /** The containers' names, from {@code docker compose ps}; empty when not containerised. */
  private static Optional<List<String>> containerNames(CheckContext ctx, String service) {
    Optional<Command> ps = ctx.services().containers(service);
    if (ps.isEmpty()) {
      return Optional.empty();
    }
    CommandResult r = ctx.host().run(ps.get());
    List<String> names = new ArrayList<>();
    for (String line : r.stdout().strip().split("\n")) {
      try {
        if (!line.isBlank()) {
          names.add(JSON.readTree(line).path("Name").asText());
        }
      } catch (IOException e) {
        return Optional.of(List.of());
      }
    }
    return Optional.of(names);
  }

  /**
   * Fewer than {@code max} restarts ({@code docker inspect}'s RestartCount: Docker counts since the
   * container was created, not per hour, so a fresh deploy resets it).
   */
  public static Check noRestartLoop(String service, int max) {
    return Check.of("containers." + service + ".restarts", CONTAINERS, service + " no restart loop", ctx -> {
      Optional<List<String>> names = containerNames(ctx, service);
      if (names.isEmpty()) {
        return CheckResult.warn("not containerised", null);
      }
      if (names.get().isEmpty()) {
        return CheckResult.fail("no containers", "docker compose ps " + service);
      }
      List<String> argv = new ArrayList<>(List.of("docker", "inspect", "--format", "{{.RestartCount}}"));
      argv.addAll(names.get());
      CommandResult r = ctx.host().run(Command.of(argv));
      if (!r.ok()) {
        return CheckResult.fail("docker inspect failed: " + CommandResult.tail(r.stderr(), 1), "docker compose ps " + service);
      }
      int restarts = r.stdout().lines().filter(l -> !l.isBlank()).mapToInt(l -> Integer.parseInt(l.strip())).sum();
      String detail = restarts + " restart(s)";
      return restarts < max ? CheckResult.pass(detail) : CheckResult.fail(detail, "docker compose logs --tail 100 " + service);
    });
  }

  /** Memory use stays under a share of the container's limit ({@code docker stats}). */
  public static Check withinMemoryLimit(String service, int maxPercent) {
    return Check.of("containers." + service + ".limits", CONTAINERS, service + " within limits", ctx -> {
      Optional<List<String>> names = containerNames(ctx, service);
      if (names.isEmpty() || names.get().isEmpty()) {
        return CheckResult.warn(names.isEmpty() ? "not containerised" : "no containers", null);
      }
      List<String> argv = new ArrayList<>(List.of("docker", "stats", "--no-stream", "--format", "{{.MemPerc}}"));
      argv.addAll(names.get());
      CommandResult r = ctx.host().run(Command.of(argv).withTimeout(Duration.ofSeconds(30)));
      if (!r.ok()) {
        return CheckResult.fail("docker stats failed: " + CommandResult.tail(r.stderr(), 1), null);
      }
      double worst = r.stdout().lines().filter(l -> !l.isBlank()).mapToDouble(l -> Double.parseDouble(l.strip().replace("%", "")))
          .max().orElse(0);
      String detail = String.format(Locale.ROOT, "%.0f%% of the memory limit", worst);
      return worst < maxPercent ? CheckResult.pass(detail) : CheckResult.warn(detail, "services." + service + ".resources.memory");
    });
  }

  /** The service's logs of the last hour contain a line matching {@code regex} (e.g. a worker's start line). */
  public static Check logLine(String service, String regex) {
    return Check.of("containers." + service + ".logline", CONTAINERS, service + " log shows it working", ctx -> {
      Optional<Command> logs = ctx.services().logs(service);
      if (logs.isEmpty()) {
        return CheckResult.warn("not containerised", null);
      }
      CommandResult r = ctx.host().run(logs.get());
      return (r.stdout() + r.stderr()).lines().anyMatch(l -> l.matches(regex)) ? CheckResult.pass("found")
          : CheckResult.warn("no matching line in the last hour", "docker compose logs --since 1h " + service);
    });
  }

  /** The kind's health probe, run inside the service. */
  public static Optional<Check> healthProbe(Service s) {
    return switch (s.kind()) {
      // over TCP like the health check: on the socket, docker exec runs as root and peer authentication fails, which
      // PostgreSQL logs as FATAL — the next validation would then warn about its own probe
      case POSTGRES -> Optional.of(probe(s.name(), List.of("pg_isready", "-U", "postgres", "-h", "127.0.0.1"), "accepting connections"));
      case REDIS -> Optional.of(probe(s.name(), List.of("redis-cli", "ping"), "PONG"));
      case CADDY -> Optional.of(probe(s.name(), List.of("wget", "-q", "-O", "/dev/null", "http://127.0.0.1:2019/config/"), ""));
      case ZITADEL -> Optional.of(probe(s.name(), List.of("/app/zitadel", "ready"), ""));
      case ZITADEL_LOGIN -> Optional.of(probe(s.name(), List.of("node", "/app/healthcheck.mjs",
          "http://localhost:3000/ui/v2/login/healthy"), ""));
      case WINDMILL_SERVER -> Optional.of(probe(s.name(), List.of("curl", "-fsS", "http://localhost:8000/api/version"), ""));
      case WINDMILL_LSP -> Optional.of(probe(s.name(), List.of("sh", "-c", "ps -e 2>/dev/null | grep -q -e pyls -e lsp -e node"), ""));
      default -> Optional.empty();
    };
  }

  /** A command inside a service that must succeed (and print {@code expect}, when given). */
  public static Check probe(String service, List<String> argv, String expect) {
    return Check.of("containers." + service + ".health", CONTAINERS, service + " healthy", ctx -> {
      CommandResult r = ctx.host().run(ctx.services().exec(service, argv).withTimeout(Duration.ofSeconds(15)));
      String out = (r.stdout() + r.stderr()).strip();
      if (r.ok() && (expect.isEmpty() || out.contains(expect))) {
        return CheckResult.pass(out.isEmpty() ? "ok" : CommandResult.tail(out, 1));
      }
      return CheckResult.fail(out.isEmpty() ? "probe failed (exit " + r.exitCode() + ")" : CommandResult.tail(out, 1),
          "docker compose logs --tail 50 " + service);
    });
  }

  /** A database accepts its owner's login (the password stays inside the postgres container). */
  public static Check databaseConnectivity(String postgres, Database d) {
    String var = "VPS_DB_PASSWORD_" + d.owner().toUpperCase(Locale.ROOT);
    return Check.of("endpoints.db." + d.name(), ENDPOINTS, "database " + d.name(), ctx -> {
      CommandResult r = ctx.host().run(ctx.services().exec(postgres, List.of("sh", "-c",
          "PGPASSWORD=\"$" + var + "\" psql -h 127.0.0.1 -U \"$1\" -d \"$2\" -tAc 'select 1'", "sh", d.owner(), d.name())));
      return r.ok() && r.stdout().strip().equals("1") ? CheckResult.pass(d.owner() + " can log in")
          : CheckResult.fail("login as " + d.owner() + " failed: " + CommandResult.tail(r.stderr(), 1), "init-db.sh and .env");
    });
  }

  // ------------------------------------------------------------------ endpoints and certificates

  /** An HTTPS route answers 200 (resolved to {@code address}), with its latency. */
  public static Check endpoint(String fqdn, String address, int port, Optional<String> caFile) {
    return Check.of("endpoints." + fqdn, ENDPOINTS, "https://" + fqdn, ctx -> {
      List<String> argv = new ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null", "--max-time", "10", "-w", "%{http_code} %{time_total}",
          "--resolve", fqdn + ":" + port + ":" + address));
      caFile.ifPresent(f -> argv.addAll(List.of("--cacert", f)));
      argv.add("https://" + fqdn + (port == 443 ? "" : ":" + port) + "/");
      CommandResult r = ctx.host().run(Command.of(argv).withTimeout(Duration.ofSeconds(20)));
      if (!r.ok()) {
        return CheckResult.fail(CommandResult.tail(r.stderr(), 1), "docker compose logs caddy");
      }
      String[] f = r.stdout().strip().split(" ");
      String detail = "HTTP " + f[0] + " in " + Math.round(Double.parseDouble(f[1]) * 1000) + " ms";
      return f[0].equals("200") ? CheckResult.pass(detail) : CheckResult.fail(detail, "the Caddyfile route for " + fqdn);
    });
  }

  /**
   * A certificate is valid, names the host, and has time left: WARN under 14 days, FAIL under 3; a
   * short-lived one (valid for under 7 days) WARN under a third of its lifetime, FAIL under a sixth.
   */
  public static Check certificate(String fqdn, String address, int port, KeyStore trustAnchors) {
    return Check.of("certs." + fqdn + ":" + port, CERTS, "certificate " + fqdn + (port == 443 ? "" : ":" + port),
        ctx -> certificateResult(TlsCheck.builder().trustAnchors(trustAnchors).build().check(address, port, fqdn)));
  }

  /**
   * The certificate on the host's {@code port}, reached from here at {@code address}:{@code connectPort}
   * (the same port unless mapped), verified against a root CA certificate read from the host
   * (Caddy's internal CA: {@code <caddy data>/pki/authorities/local/root.crt}) or, when
   * {@code rootOnHost} is empty, against the JVM's trust store.
   */
  public static Check certificate(String fqdn, int port, String address, int connectPort, Optional<String> rootOnHost) {
    TlsCheck.Protocol protocol = port == 25 || port == 587 ? TlsCheck.Protocol.SMTP_STARTTLS : TlsCheck.Protocol.IMPLICIT;
    return Check.of("certs." + fqdn + ":" + port, CERTS, "certificate " + fqdn + (port == 443 ? "" : ":" + port),
        ctx -> withAnchors(ctx, rootOnHost, anchors -> certificateResult(TlsCheck.builder().trustAnchors(anchors).build()
            .check(address, connectPort, fqdn, protocol))));
  }

  /**
   * DANE (RFC 7672): the key mox presents on port 25 (after STARTTLS) matches a published
   * {@code 3 1 1} TLSA record at {@code _25._tcp.<mail host>}, as the resolvers return it.
   */
  public static Check dane(String mailFqdn, String address, int connectPort, List<String> resolvers) {
    return Check.of("certs.dane", CERTS, "DANE TLSA " + mailFqdn + ":25", ctx -> {
      String served;
      try {
        served = com.dimosaic.vps.dns.TlsaSource.spkiSha256(TlsCheck.builder().build().presented(address, connectPort, mailFqdn,
            TlsCheck.Protocol.SMTP_STARTTLS));
      } catch (IOException e) {
        return CheckResult.fail("no TLS session on port 25: " + e.getMessage(), "systemctl status mox");
      }
      List<String> published = new ArrayList<>();
      String asked = "";
      for (String r : resolvers) {
        asked = r;
        try {
          published = tlsa("_25._tcp." + mailFqdn, r);
          break;
        } catch (IOException e) {
          asked = r + " (" + e.getMessage() + ")";
        }
      }
      String hint = "vps dns sync <profile> --host <host>  # publishes the TLSA records of the served and the staged key";
      if (published.isEmpty()) {
        return CheckResult.fail("no TLSA records at _25._tcp." + mailFqdn + " (asked " + asked + ")", hint);
      }
      return published.contains(com.dimosaic.vps.dns.TlsaSource.value(served))
          ? CheckResult.pass("served key " + served.substring(0, 16) + "… matches a published TLSA record (" + published.size() + " published)")
          : CheckResult.fail("the served key " + served + " matches none of the published TLSA records " + published, hint);
    });
  }

  private static List<String> tlsa(String name, String resolver) throws IOException {
    String host = resolver;
    int port = 53;
    int colon = resolver.lastIndexOf(':');
    if (colon > 0 && resolver.indexOf(':') == colon) {
      host = resolver.substring(0, colon);
      port = Integer.parseInt(resolver.substring(colon + 1));
    }
    org.xbill.DNS.SimpleResolver sr = new org.xbill.DNS.SimpleResolver(host);
    sr.setPort(port);
    sr.setTimeout(Duration.ofSeconds(3));
    org.xbill.DNS.Message m = sr.send(org.xbill.DNS.Message.newQuery(org.xbill.DNS.Record.newRecord(
        org.xbill.DNS.Name.fromString(name + "."), org.xbill.DNS.Type.TLSA, org.xbill.DNS.DClass.IN)));
    List<String> out = new ArrayList<>();
    for (org.xbill.DNS.Record r : m.getSection(org.xbill.DNS.Section.ANSWER)) {
      if (r instanceof org.xbill.DNS.TLSARecord t && t.getCertificateUsage() == 3 && t.getSelector() == 1 && t.getMatchingType() == 1) {
        out.add(com.dimosaic.vps.dns.TlsaSource.value(java.util.HexFormat.of().formatHex(t.getCertificateAssociationData())));
      }
    }
    return out;
  }

  private static KeyStore anchors(byte[] pem) {
    try {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (java.security.cert.Certificate c : java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificates(new java.io.ByteArrayInputStream(pem))) {
        ks.setCertificateEntry("root-" + i++, c);
      }
      return ks;
    } catch (java.security.GeneralSecurityException | IOException e) {
      throw new IllegalStateException("unreadable CA root: " + e.getMessage(), e);
    }
  }

  private static CheckResult certificateResult(TlsCheck.Report r) {
    String hint = "docker compose logs caddy | grep -i acme";
    if (!r.ok()) {
      return CheckResult.fail(r.problem(), hint);
    }
    Duration lifetime = Duration.between(r.notBefore().orElseThrow(), r.notAfter().orElseThrow());
    if (lifetime.compareTo(SHORT_LIVED) < 0) {
      // short-lived certificates (Caddy's internal CA: 12 h; 6-day ACME profiles) renew when a third of their life is
      // left: WARN when renewal is due and has not happened, FAIL when half of that is gone too
      Duration left = Duration.between(java.time.Instant.now(), r.notAfter().get());
      String detail = "valid, " + left.toHours() + " h left of " + lifetime.toHours() + " h (short-lived)";
      if (left.compareTo(lifetime.dividedBy(6)) < 0) {
        return CheckResult.fail(detail, hint);
      }
      return left.compareTo(lifetime.dividedBy(3)) < 0 ? CheckResult.warn(detail, hint) : CheckResult.pass(detail);
    }
    String detail = "valid, " + r.daysLeft() + " days left";
    if (r.daysLeft() < 3) {
      return CheckResult.fail(detail, hint);
    }
    return r.daysLeft() < 14 ? CheckResult.warn(detail, hint) : CheckResult.pass(detail);
  }

  /** Certificates valid for less than this are judged by the share of their life that is left. */
  private static final Duration SHORT_LIVED = Duration.ofDays(7);

  /** mox's certificate equals Caddy's newest one for the mail host. */
  public static Check moxCertificateMatchesCaddy(String mail, String moxCerts, String caddyDataDir) {
    return Check.of("certs.mox", CERTS, "mox certificate = Caddy's", ctx -> {
      Optional<String> mox = ctx.host().sha256(moxCerts + "/live/" + mail + ".crt");
      if (mox.isEmpty()) {
        return CheckResult.fail("no certificate at " + moxCerts, "/usr/local/bin/vps-cert-sync");
      }
      CommandResult caddy = ctx.host().run(Command.of("sh", "-c",
          "find \"$1/certificates\" -type f -path \"*/$2/$2.crt\" -printf '%T@ %p\\n' | sort -rn | head -n 1 | cut -d ' ' -f 2- | xargs -r sha256sum",
          "sh", caddyDataDir, mail));
      String hash = caddy.stdout().strip().split("\\s+")[0];
      if (!mox.get().equals(hash) && ctx.host().sha256(moxCerts + "/next/" + mail + ".crt").filter(hash::equals).isPresent()) {
        return CheckResult.warn("Caddy's newer certificate has a new key and is staged as next: mox switches to it once its TLSA "
            + "record has been published long enough (DANE)", "vps dns sync <profile> --host <host>; then /usr/local/bin/vps-cert-sync");
      }
      return mox.get().equals(hash) ? CheckResult.pass("identical") : CheckResult.fail("differs from Caddy's",
          "/usr/local/bin/vps-cert-sync (cron runs it every 6 hours)");
    });
  }

  // ------------------------------------------------------------------ host services and logs

  /** A systemd unit is active. */
  public static Check systemdActive(String unit) {
    return Check.of("host." + unit + ".active", HOST, unit + (unit.contains(".") ? "" : ".service") + " active", ctx -> {
      CommandResult r = ctx.host().run(Command.of("systemctl", "is-active", unit));
      return r.ok() ? CheckResult.pass("active") : CheckResult.fail(r.stdout().strip().isEmpty() ? "not active" : r.stdout().strip(),
          "journalctl -u " + unit + " -n 50");
    });
  }

  /** No crash of a unit in the last 24 hours. */
  public static Check noCrashes(String unit) {
    return Check.of("host." + unit + ".crashes", HOST, unit + " no crash in 24 h", ctx -> {
      CommandResult r = ctx.host().run(Command.of("sh", "-c",
          "journalctl -u \"$1\" --since -24h --no-pager 2>/dev/null | grep -c 'Main process exited' || true", "sh", unit));
      int n = Integer.parseInt(r.stdout().strip().isEmpty() ? "0" : r.stdout().strip().split("\n")[0]);
      return n == 0 ? CheckResult.pass("none") : CheckResult.warn(n + " crash(es)", "journalctl -u " + unit + " --since -24h");
    });
  }

  /** {@code mox config test} passes. */
  public static Check moxConfigTest(String home) {
    return Check.of("host.mox.config", HOST, "mox config test", ctx -> {
      CommandResult r = ctx.host().run(Command.of(home + "/mox", "config", "test").inDirectory(home));
      return r.ok() ? CheckResult.pass(r.stdout().strip()) : CheckResult.fail(CommandResult.tail(r.stderr(), 2),
          "" + home + "/config/mox.conf");
    });
  }

  /**
   * The report addresses the DNS records publish are where mox receives reports: {@code mox config
   * dnsrecords} on the host names the profile's DMARC and TLS report addresses that are in the primary
   * domain (mail to any other local part is refused {@code 550 no such user}).
   */
  public static Check reportAddresses(String home) {
    return Check.of("host.mox.reports", HOST, "report addresses received by mox", ctx -> {
      Profile p = ctx.profile();
      String d = p.domains().primary();
      CommandResult r = ctx.host().run(Command.of("sh", "-c", "\"$1\" config dnsrecords \"$2\" 2>/dev/null", "sh", home + "/mox", d)
          .inDirectory(home));
      if (!r.ok()) {
        return CheckResult.fail("mox config dnsrecords " + d + " failed", home + "/mox config dnsrecords " + d);
      }
      List<String> missing = new java.util.ArrayList<>();
      List<String> checked = new java.util.ArrayList<>();
      for (Optional<String> a : List.of(p.mail().dmarcReportAddress(), p.mail().tlsrptAddress())) {
        if (MailSettings.localPartIn(a, d).isPresent()) {
          checked.add(a.get());
          if (!r.stdout().contains("mailto:" + a.get())) {
            missing.add(a.get());
          }
        }
      }
      if (checked.isEmpty()) {
        return CheckResult.pass("no report address in " + d + " (reports go elsewhere)");
      }
      return missing.isEmpty() ? CheckResult.pass(String.join(", ", checked))
          : CheckResult.fail("mox does not receive " + String.join(", ", missing) + ": reports sent there bounce", "provision again (phase 6)");
    });
  }

  /**
   * Submission works for the profile's first mail account (the relay's login): STARTTLS on the host's
   * 587 with a verified certificate, the login, sender and {@code recipient} accepted; nothing is sent.
   */
  public static Check submission(MailAccount account, String recipient, String fqdn, String address,
      int connectPort, Optional<String> rootOnHost) {
    return Check.of("mail.submission", ENDPOINTS, "submission as " + account.address(), ctx -> withAnchors(ctx, rootOnHost, anchors -> {
      String password;
      try {
        password = account.password().resolve(ctx.profile().secrets());
      } catch (SecretsException e) {
        return CheckResult.warn("not checked: the account's password cannot be decrypted here", "give the age key");
      }
      if (ctx.profile().secrets().description().endsWith(", masked")) {
        return CheckResult.warn("not checked: secrets are masked in this run", "give the age key");
      }
      SubmissionProbe.Result r = SubmissionProbe.builder().trustAnchors(anchors).build()
          .probe(address, connectPort, fqdn, account.address(), password, recipient);
      return r.ok() ? CheckResult.pass(r.detail()) : CheckResult.fail(r.detail(), "journalctl -u mox | grep -i login");
    }));
  }

  /**
   * Runs {@code check} with the trust anchors: a root CA certificate read from the host, or the JVM's
   * (null) when {@code rootOnHost} is empty; FAIL when the host has no such file.
   */
  private static CheckResult withAnchors(CheckContext ctx, Optional<String> rootOnHost, Function<KeyStore, CheckResult> check) {
    if (rootOnHost.isEmpty()) {
      return check.apply(null);
    }
    Optional<byte[]> pem = ctx.host().read(rootOnHost.get());
    return pem.isEmpty() ? CheckResult.fail("no CA root at " + rootOnHost.get(), "docker compose logs caddy") : check.apply(anchors(pem.get()));
  }

  /** No errors in a service's container logs in the last hour. */
  public static Check dockerLogs(String service) {
    return Check.of("logs." + service, LOGS, service + " logs (1 h)", ctx -> {
      Optional<Command> logs = ctx.services().logs(service);
      if (logs.isEmpty()) {
        return CheckResult.warn("not containerised: no container logs", null);
      }
      CommandResult r = ctx.host().run(logs.get());
      List<String> errors = (r.stdout() + r.stderr()).lines().filter(Checks::isErrorLine).toList();
      if (errors.isEmpty()) {
        return CheckResult.pass("clean");
      }
      String last = masked(ctx, errors.get(errors.size() - 1).strip());
      return CheckResult.warn(errors.size() + " error line(s), last: " + (last.length() > 200 ? last.substring(0, 200) + "…" : last),
          "docker compose logs --since 1h " + service);
    });
  }

  private static final java.util.regex.Pattern LEVEL =
      java.util.regex.Pattern.compile("(?i)(?:\"(?:level|severity|lvl)\"\\s*:\\s*\"|\\b(?:level|lvl)=\"?)([a-z]+)");
  private static final Set<String> ERROR_LEVELS = Set.of("error", "err", "fatal", "panic", "dpanic", "crit", "critical", "alert",
      "emerg", "emergency");

  /**
   * Whether a log line reports an error: by its level where it is structured (JSON {@code "level":"warn"},
   * logfmt {@code level=warn}; a warning that merely has an {@code "error"} field is not one), else by the
   * words in it.
   */
  static boolean isErrorLine(String line) {
    java.util.regex.Matcher m = LEVEL.matcher(line);
    if (m.find()) {
      return ERROR_LEVELS.contains(m.group(1).toLowerCase(Locale.ROOT));
    }
    return line.matches("(?i).*(ERROR|FATAL|connection refused|authentication failed).*");
  }

  /** A log line with every secret value of the profile replaced by its name (log lines can quote connection strings). */
  static String masked(CheckContext ctx, String line) {
    return ctx.host().redactor().apply(line);
  }

  /** No error-priority journal entries of a unit in the last hour. */
  public static Check journalErrors(String unit) {
    return Check.of("logs." + unit, LOGS, unit + " journal (1 h)", ctx -> {
      CommandResult r = ctx.host().run(Command.of("sh", "-c",
          "journalctl -u \"$1\" --since -1h -p err --no-pager -q 2>/dev/null | wc -l", "sh", unit));
      int n = Integer.parseInt(r.stdout().strip().isEmpty() ? "0" : r.stdout().strip());
      return n == 0 ? CheckResult.pass("clean") : CheckResult.warn(n + " error line(s)", "journalctl -u " + unit + " --since -1h");
    });
  }
}
