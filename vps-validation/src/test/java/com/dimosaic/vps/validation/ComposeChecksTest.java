package com.dimosaic.vps.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.remote.FileSpec;
import com.dimosaic.vps.remote.OutputListener;
import com.dimosaic.vps.remote.RemoteHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Parsing of the Docker-only checks, with a scripted host answering as docker compose v2 does (the real
 * thing runs in the provisioning e2e box; this machine has no Docker engine). A unit-layer double.
 */
class ComposeChecksTest {
  /** Answers commands whose shell line contains a key with a canned result. */
  static class ScriptedHost implements RemoteHost {
    final Map<String, CommandResult> answers = new LinkedHashMap<>();

    ScriptedHost on(String contains, int exit, String stdout) {
      answers.put(contains, new CommandResult(contains, exit, stdout, "", Duration.ZERO));
      return this;
    }

    @Override
    public CommandResult run(Command command, OutputListener listener) {
      String line = command.toShellLine();
      return answers.entrySet().stream().filter(e -> line.contains(e.getKey())).map(Map.Entry::getValue).findFirst()
          .orElse(new CommandResult(line, 127, "", "not scripted: " + line, Duration.ZERO));
    }

    @Override
    public void upload(String path, byte[] content, FileSpec spec) {}

    @Override
    public void download(String remotePath, Path localPath) {}

    @Override
    public Optional<byte[]> read(String path) {
      return Optional.empty();
    }

    @Override
    public boolean exists(String path) {
      return false;
    }

    @Override
    public Optional<String> sha256(String path) {
      return Optional.empty();
    }

    @Override
    public String describe() {
      return "scripted";
    }

    @Override
    public void close() {}
  }

  static final String PS = "{\"ID\":\"a1\",\"Name\":\"demo-windmill-worker-1\",\"Service\":\"windmill-worker\",\"State\":\"running\",\"Health\":\"\"}\n"
      + "{\"ID\":\"a2\",\"Name\":\"demo-windmill-worker-2\",\"Service\":\"windmill-worker\",\"State\":\"restarting\",\"Health\":\"\"}\n";

  CheckResult run(Check c, ScriptedHost host) {
    return c.run(new CheckContext(host, ReportsTest.demo(), ServiceAccess.compose("/home/app/docker", "app")));
  }

  @Test
  void containerChecksReadDockersAnswers() {
    ScriptedHost host = new ScriptedHost()
        .on("docker compose ps --all --format json windmill-worker", 0, PS)
        .on("docker inspect --format '{{.RestartCount}}' demo-windmill-worker-1 demo-windmill-worker-2", 0, "1\n6\n")
        .on("docker stats --no-stream --format '{{.MemPerc}}' demo-windmill-worker-1 demo-windmill-worker-2", 0, "12.5%\n95.1%\n")
        .on("docker compose logs --since 1h --no-color windmill-worker", 0,
            "windmill-worker-1  | INFO worker started, pulling jobs\nwindmill-worker-2  | ERROR connection refused to postgres:5432\n");
    CheckResult running = run(Checks.serviceRunning("windmill-worker", 2), host);
    assertEquals(Status.FAIL, running.status());
    assertEquals("1/2 running", running.detail());
    CheckResult restarts = run(Checks.noRestartLoop("windmill-worker", 5), host);
    assertEquals(Status.FAIL, restarts.status());
    assertEquals("7 restart(s)", restarts.detail());
    CheckResult limits = run(Checks.withinMemoryLimit("windmill-worker", 90), host);
    assertEquals(Status.WARN, limits.status());
    assertEquals("95% of the memory limit", limits.detail());
    assertEquals(Status.PASS, run(Checks.logLine("windmill-worker", "(?i).*worker.*(start|ready|listen|pull).*"), host).status());
    CheckResult logs = run(Checks.dockerLogs("windmill-worker"), host);
    assertEquals(Status.WARN, logs.status());
    assertEquals("1 error line(s), last: windmill-worker-2  | ERROR connection refused to postgres:5432", logs.detail());
    assertTrue(logs.hint().orElseThrow().contains("docker compose logs --since 1h windmill-worker"));
  }

  @Test
  void commandsRunInTheProjectFolderAsApp() {
    Command c = ServiceAccess.compose("/home/app/docker", "app").exec("postgres", List.of("pg_isready", "-U", "postgres"));
    assertEquals("cd /home/app/docker && sudo -n -H -u app -- docker compose exec -T postgres pg_isready -U postgres", c.toShellLine());
  }

  @Test
  void structuredLogLinesCountAsErrorsByTheirLevelNotByAnErrorField() {
    // Caddy's warning about OCSP stapling carries an "error" field but is a warning
    assertTrue(!Checks.isErrorLine("caddy-1  | {\"level\":\"warn\",\"logger\":\"tls\",\"msg\":\"stapling OCSP\",\"error\":\"no OCSP\"}"));
    assertTrue(Checks.isErrorLine("caddy-1  | {\"level\":\"error\",\"logger\":\"http.log.error\",\"msg\":\"dial tcp: refused\"}"));
    assertTrue(Checks.isErrorLine("zitadel-1 | time=2026-11-28T10:00:00Z level=fatal msg=\"cannot start\""));
    assertTrue(!Checks.isErrorLine("windmill-1 | level=info msg=\"error budget ok\""));
    // unstructured lines: by their words
    assertTrue(Checks.isErrorLine("postgres-1 | 2026-11-28 10:00:00 UTC [42] FATAL:  password authentication failed for user \"app\""));
    assertTrue(!Checks.isErrorLine("postgres-1 | 2026-11-28 10:00:00 UTC [1] LOG:  database system is ready to accept connections"));
  }
}
