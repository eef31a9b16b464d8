package com.dimosaic.vps.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dimosaic.vps.profile.Database;
import com.dimosaic.vps.secrets.SecretTemplate;
import com.dimosaic.vps.validation.ComposeChecksTest.ScriptedHost;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every outcome each host, infrastructure and container check can give — PASS, WARN and FAIL where
 * the check has them; a check that has no WARN is shown failing or passing for the answers that
 * could look like one — against a scripted host answering as the real tools do (the real answers
 * come from the provisioned box in {@code ProvisionE2eIT}).
 */
class CheckOutcomesTest {
  private static final String PS1 = "{\"Name\":\"demo-redis-1\",\"Service\":\"redis\",\"State\":\"running\",\"Health\":\"healthy\"}\n";
  private static final String PS_EXITED = "{\"Name\":\"demo-redis-1\",\"Service\":\"redis\",\"State\":\"exited\",\"Health\":\"\"}\n";
  private static final Database DB = new Database("app", "app", new SecretTemplate("${secret:APP_DB_PASSWORD}"), List.of(), false, "app");
  private static final String DF = "Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/sda1 41152736 %s %s %s /\n";

  static Stream<Arguments> outcomes() {
    return Stream.of(
        // infrastructure
        of("disk 60% free", Checks.diskFree("/", 10), h -> h.on("df -P -- /", 0, String.format(DF, "16461094", "24691642", "40%")),
            Status.PASS, "60% free on / (23 GB available)"),
        of("disk 5% free", Checks.diskFree("/", 10), h -> h.on("df -P -- /", 0, String.format(DF, "39095099", "2057637", "95%")),
            Status.FAIL, "5% free on / (1 GB available)"),
        of("df failing", Checks.diskFree("/", 10), h -> h.on("df -P -- /", 1, ""), Status.FAIL, "df failed: "),
        of("memory 50%", Checks.memoryUsage(90), h -> h.on("cat /proc/meminfo", 0, "MemTotal: 8000000 kB\nMemAvailable: 4000000 kB\n"),
            Status.PASS, "50% used of 7 GB"),
        of("memory 95%", Checks.memoryUsage(90), h -> h.on("cat /proc/meminfo", 0, "MemTotal: 8000000 kB\nMemAvailable: 400000 kB\n"),
            Status.FAIL, "95% used of 7 GB"),
        of("load low", Checks.load(2.0), h -> h.on("cat /proc/loadavg; nproc", 0, "0.50 0.40 0.30 1/200 1234\n2\n"), Status.PASS,
            "0.50 over 2 CPUs"),
        of("load high", Checks.load(2.0), h -> h.on("cat /proc/loadavg; nproc", 0, "9.10 7.00 5.00 9/200 1234\n2\n"), Status.WARN,
            "9.10 over 2 CPUs"),
        of("resolves", Checks.resolves("example.com"), h -> h.on("getent hosts example.com", 0, "203.0.113.5 example.com\n"),
            Status.PASS, "203.0.113.5"),
        of("does not resolve", Checks.resolves("example.com"), h -> h.on("getent hosts example.com", 2, ""), Status.FAIL,
            "cannot resolve example.com"),
        of("reaches", Checks.reaches("https://deb.debian.org/"), h -> h.on("curl -sS", 0, "200"), Status.PASS, "HTTP 200"),
        of("does not reach", Checks.reaches("https://deb.debian.org/"), h -> h.on("curl -sS", 7, ""), Status.FAIL,
            "cannot reach https://deb.debian.org/: "),
        of("networks", Checks.dockerNetworks("demo", List.of("web", "backend")), h -> h.on("docker network ls", 0,
            "bridge\ndemo_web\ndemo_backend\n"), Status.PASS, "web, backend"),
        of("a network missing", Checks.dockerNetworks("demo", List.of("web", "backend")), h -> h.on("docker network ls", 0,
            "bridge\ndemo_web\n"), Status.FAIL, "missing: backend"),
        of("docker silent", Checks.dockerNetworks("demo", List.of("web")), h -> h.on("docker network ls", 1, ""), Status.FAIL,
            "docker is not answering: "),
        of("port open", Checks.portListening(443, Checks.INFRA), h -> h.on("ss -Htln", 0, "LISTEN 0 4096 0.0.0.0:443 0.0.0.0:*\n"),
            Status.PASS, "listening"),
        of("port closed", Checks.portListening(443, Checks.INFRA), h -> h.on("ss -Htln", 0, "LISTEN 0 4096 0.0.0.0:4430 0.0.0.0:*\n"),
            Status.FAIL, "nothing listens on 443"),
        // containers
        of("running", Checks.serviceRunning("redis", 1), h -> h.on("docker compose ps --all --format json redis", 0, PS1), Status.PASS,
            "1/1 running"),
        of("exited", Checks.serviceRunning("redis", 1), h -> h.on("docker compose ps --all --format json redis", 0, PS_EXITED),
            Status.FAIL, "0/1 running"),
        of("compose failing", Checks.serviceRunning("redis", 1), h -> h.on("docker compose ps --all --format json redis", 1, ""),
            Status.FAIL, "docker compose ps failed: "),
        of("no restarts", Checks.noRestartLoop("redis", 5), h -> h.on("docker compose ps --all --format json redis", 0, PS1)
            .on("{{.RestartCount}}", 0, "0\n"), Status.PASS, "0 restart(s)"),
        of("a restart loop", Checks.noRestartLoop("redis", 5), h -> h.on("docker compose ps --all --format json redis", 0, PS1)
            .on("{{.RestartCount}}", 0, "12\n"), Status.FAIL, "12 restart(s)"),
        of("no container to inspect", Checks.noRestartLoop("redis", 5), h -> h.on("docker compose ps --all --format json redis", 0, ""),
            Status.FAIL, "no containers"),
        of("memory within limit", Checks.withinMemoryLimit("redis", 90), h -> h.on("docker compose ps --all --format json redis", 0, PS1)
            .on("docker stats", 0, "10.5%\n"), Status.PASS, "11% of the memory limit"),
        of("memory near limit", Checks.withinMemoryLimit("redis", 90), h -> h.on("docker compose ps --all --format json redis", 0, PS1)
            .on("docker stats", 0, "97.0%\n"), Status.WARN, "97% of the memory limit"),
        of("stats failing", Checks.withinMemoryLimit("redis", 90), h -> h.on("docker compose ps --all --format json redis", 0, PS1)
            .on("docker stats", 1, ""), Status.FAIL, "docker stats failed: "),
        of("log line found", Checks.logLine("redis", "(?i).*ready to accept.*"), h -> h.on("docker compose logs --since 1h", 0,
            "redis-1 | Ready to accept connections tcp\n"), Status.PASS, "found"),
        of("log line missing", Checks.logLine("redis", "(?i).*ready to accept.*"), h -> h.on("docker compose logs --since 1h", 0,
            "redis-1 | starting\n"), Status.WARN, "no matching line in the last hour"),
        of("probe answers", Checks.probe("redis", List.of("redis-cli", "ping"), "PONG"), h -> h.on("redis-cli ping", 0, "PONG\n"),
            Status.PASS, "PONG"),
        of("probe answers wrong", Checks.probe("redis", List.of("redis-cli", "ping"), "PONG"), h -> h.on("redis-cli ping", 0,
            "LOADING\n"), Status.FAIL, "LOADING"),
        of("probe exits", Checks.probe("redis", List.of("redis-cli", "ping"), "PONG"), h -> h.on("redis-cli ping", 1, ""), Status.FAIL,
            "probe failed (exit 1)"),
        // host services
        of("unit active", Checks.systemdActive("mox"), h -> h.on("systemctl is-active mox", 0, "active\n"), Status.PASS, "active"),
        of("unit failed", Checks.systemdActive("mox"), h -> h.on("systemctl is-active mox", 3, "failed\n"), Status.FAIL, "failed"),
        of("no crash", Checks.noCrashes("mox"), h -> h.on("journalctl", 0, "0\n"), Status.PASS, "none"),
        of("crashes", Checks.noCrashes("mox"), h -> h.on("journalctl", 0, "3\n"), Status.WARN, "3 crash(es)"),
        of("mox config good", Checks.moxConfigTest("/home/mox"), h -> h.on("/home/mox/mox config test", 0, "config OK\n"), Status.PASS,
            "config OK"),
        of("mox config bad", Checks.moxConfigTest("/home/mox"), h -> h.on("/home/mox/mox config test", 1, ""), Status.FAIL, ""),
        // endpoints
        of("route answers", Checks.endpoint("app.example.com", "127.0.0.1", 443, Optional.empty()), h -> h.on("curl -sS", 0,
            "200 0.042"), Status.PASS, "HTTP 200 in 42 ms"),
        of("route answers 502", Checks.endpoint("app.example.com", "127.0.0.1", 443, Optional.empty()), h -> h.on("curl -sS", 0,
            "502 0.010"), Status.FAIL, "HTTP 502 in 10 ms"),
        of("route unreachable", Checks.endpoint("app.example.com", "127.0.0.1", 443, Optional.empty()), h -> h.on("curl -sS", 7, ""),
            Status.FAIL, ""),
        of("database login", Checks.databaseConnectivity("postgres", DB), h -> h.on("psql -h 127.0.0.1", 0, "1\n"), Status.PASS,
            "app can log in"),
        of("database login refused", Checks.databaseConnectivity("postgres", DB), h -> h.on("psql -h 127.0.0.1", 2, ""), Status.FAIL,
            "login as app failed: "),
        // logs
        of("container logs clean", Checks.dockerLogs("redis"), h -> h.on("docker compose logs --since 1h", 0, "redis-1 | Ready\n"),
            Status.PASS, "clean"),
        of("container logs with errors", Checks.dockerLogs("redis"), h -> h.on("docker compose logs --since 1h", 0,
            "redis-1 | ERROR out of memory\n"), Status.WARN, "1 error line(s), last: redis-1 | ERROR out of memory"),
        of("journal clean", Checks.journalErrors("mox"), h -> h.on("journalctl", 0, "0\n"), Status.PASS, "clean"),
        of("journal errors", Checks.journalErrors("mox"), h -> h.on("journalctl", 0, "4\n"), Status.WARN, "4 error line(s)"));
  }

  private static Arguments of(String name, Check check, UnaryOperator<ScriptedHost> script, Status status, String detail) {
    return Arguments.of(name, check, script, status, detail);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outcomes")
  void eachCheckGivesItsOutcome(String name, Check check, UnaryOperator<ScriptedHost> script, Status status, String detail) {
    CheckResult r = check.run(new CheckContext(script.apply(new ScriptedHost()), ReportsTest.demo(),
        ServiceAccess.compose("/home/app/docker", "app")));
    assertEquals(status, r.status(), name + ": " + r.detail());
    assertEquals(detail, r.detail(), name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notContainerised")
  void withoutContainersTheContainerChecksWarnRatherThanGuess(String name, Check check) {
    CheckResult r = check.run(new CheckContext(new ScriptedHost(), ReportsTest.demo(), ServiceAccess.host()));
    assertEquals(Status.WARN, r.status(), name + ": " + r.detail());
  }

  static Stream<Arguments> notContainerised() {
    return Stream.of(Arguments.of("running", Checks.serviceRunning("redis", 1)), Arguments.of("restarts", Checks.noRestartLoop("redis", 5)),
        Arguments.of("limits", Checks.withinMemoryLimit("redis", 90)), Arguments.of("log line", Checks.logLine("redis", ".*")),
        Arguments.of("logs", Checks.dockerLogs("redis")));
  }

  /** A scripted host whose files hash as given (mox's live and staged certificates). */
  private static ScriptedHost hashing(java.util.Map<String, String> hashes, String caddyHash) {
    ScriptedHost h = new ScriptedHost() {
      @Override
      public Optional<String> sha256(String path) {
        return Optional.ofNullable(hashes.get(path));
      }
    };
    return h.on("xargs -r sha256sum", 0, caddyHash + "  /data/caddy/certificates/x/mail.example.com/mail.example.com.crt\n");
  }

  @org.junit.jupiter.api.Test
  void moxsCertificateIsCaddysStagedForDaneOrDifferent() {
    Check c = Checks.moxCertificateMatchesCaddy("mail.example.com", "/home/mox/certs", "/data/caddy");
    String live = "/home/mox/certs/live/mail.example.com.crt";
    String next = "/home/mox/certs/next/mail.example.com.crt";
    java.util.function.Function<ScriptedHost, CheckResult> run = h -> c.run(new CheckContext(h, ReportsTest.demo(),
        ServiceAccess.compose("/home/app/docker", "app")));
    assertEquals(Status.PASS, run.apply(hashing(java.util.Map.of(live, "aa"), "aa")).status());
    assertEquals(Status.WARN, run.apply(hashing(java.util.Map.of(live, "aa", next, "bb"), "bb")).status());
    assertEquals(Status.FAIL, run.apply(hashing(java.util.Map.of(live, "aa"), "bb")).status());
    assertEquals("no certificate at /home/mox/certs", run.apply(hashing(java.util.Map.of(), "bb")).detail());
  }
}
