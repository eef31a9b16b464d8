package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures are one line each, never a stack trace unless --debug (issue 19.2). */
class RunnerErrorsTest {
  @TempDir Path tmp;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Main.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  Path demo(String find, String replace) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "p");
    try (Stream<Path> s = Files.list(PlanCommandTest.DEMO)) {
      for (Path f : s.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    Path p = dir.resolve("profile.yaml");
    Files.writeString(p, Files.readString(p).replace(find, replace));
    return dir;
  }

  static void noTrace(String text) {
    assertFalse(text.contains("\tat ") || text.contains("Exception in thread"), text);
  }

  @Test
  void aBadDomainIsOneLineWithFileLineColumnAndKey() throws IOException {
    Path dir = demo("primary: example.com", "primary: a..example.com");
    assertEquals(1, run("plan", dir.toString(), "--out", tmp.resolve("o").toString()));
    List<String> lines = err.toString().lines().toList();
    assertTrue(lines.get(0).matches("error: profile\\.yaml:\\d+:\\d+: domains\\.primary: invalid domain name 'a\\.\\.example\\.com'.*"),
        err.toString());
    assertTrue(lines.stream().allMatch(l -> l.matches("error: profile\\.yaml:\\d+:\\d+: [a-z.\\[\\]0-9]+: .*")), "one line per problem:\n" + err);
    noTrace(err.toString());
    assertFalse(Files.exists(tmp.resolve("o")), "no output folder");
  }

  @Test
  void malformedFlagValuesAreUsageErrorsNamingTheFlag() {
    for (String[] flag : new String[][] {{"--host-key", "notafingerprint"}, {"--port", "twenty-two"}}) {
      int code = run("validate", "profiles/demo", "--host", "127.0.0.1", flag[0], flag[1]);
      assertEquals(Main.USAGE, code, err.toString());
      assertTrue(err.toString().startsWith("usage error: " + flag[0] + ": "), err.toString());
      assertEquals(2, err.toString().lines().count(), "one line and where to look:\n" + err);
      noTrace(err.toString());
    }
  }

  @Test
  void anUnforeseenFailureIsOneLineAndDebugShowsTheTrace() throws IOException {
    Path dir = demo("primary: example.com", "primary: example.com");
    Path zero = dir.resolve("profile.yaml");
    Files.delete(zero);
    Files.createSymbolicLink(zero, Path.of("/dev/zero"));
    assertEquals(1, run("plan", dir.toString(), "--out", tmp.resolve("z").toString()));
    assertEquals("error: profile.yaml: file too large (more than 1024 KiB): a profile file is configuration", err.toString().strip());
    noTrace(err.toString());
    assertEquals(1, run("plan", dir.toString(), "--out", tmp.resolve("z").toString(), "--debug"));
    assertTrue(err.toString().contains("\tat com.dimosaic.vps."), "--debug shows the trace:\n" + err);
  }

  /** Issue 19.8: a host that cannot be reached is exit 5; with --json the failure is JSON on stdout. */
  @Test
  void anUnreachableHostIsExit5AndJsonErrorsAreJson() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertEquals(Main.UNREACHABLE, run("validate", "profiles/demo", "--host", "127.0.0.1", "--port", String.valueOf(port)), err.toString());
    assertTrue(err.toString().startsWith("error: "), err.toString());

    // a profile without backups: said before connecting (exit 1, not 5 for the closed port)
    assertEquals(1, run("backup", "list", "profiles/demo", "--host", "127.0.0.1", "--port", String.valueOf(port)), err.toString());
    assertTrue(err.toString().contains("has no backup: section"), err.toString());
    out.getBuffer().setLength(0);

    Path dir = demo("primary: example.com", "primary: a..example.com");
    assertEquals(1, run("deploy", dir.toString(), "--dry-run", "--json"));
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
    assertEquals(1, json.path("error").path("exitCode").asInt(), out.toString());
    assertEquals("INVALID_INPUT", json.path("error").path("category").asText(), out.toString());
    assertEquals("domains.primary", json.path("error").path("problems").get(0).path("key").asText(), out.toString());
    assertEquals("profile.yaml", json.path("error").path("problems").get(0).path("file").asText(), out.toString());
  }

  @Test
  void driftAndWatchFlagsAreCheckedBeforeAnyConnection() {
    // a port nothing listens on: a usage error must come before any attempt to connect
    List<String> ssh = List.of("--host", "127.0.0.1", "--port", "9", "--age-key-file", "profiles/demo/demo-age-key.txt");
    for (List<String> args : List.of(List.of("drift", "profiles/demo", "--yes"), List.of("drift", "profiles/demo", "--prune"),
        List.of("drift", "profiles/demo", "--repair", "--expect-no-drift"), List.of("drift", "profiles/demo", "--format", "xml"),
        List.of("watch", "profiles/demo", "--every", "1s"), List.of("watch", "profiles/demo", "--every", "often"),
        List.of("watch", "profiles/demo", "--serve", "9464"), List.of("app", "redeploy", "profiles/demo", "--service", "windmill-server",
            "--drain", "9999"))) {
      List<String> all = new java.util.ArrayList<>(args);
      all.addAll(ssh);
      assertEquals(2, run(all.toArray(String[]::new)), args + ": " + err);
      noTrace(err.toString());
    }
  }
}
