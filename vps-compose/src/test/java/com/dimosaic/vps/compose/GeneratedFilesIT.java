package com.dimosaic.vps.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.ProfileLoader;
import com.dimosaic.vps.render.RenderedFile;
import com.dimosaic.vps.testing.LocalCaddy;
import com.dimosaic.vps.testing.LocalPostgres;
import com.dimosaic.vps.testing.Processes;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The generated files checked by the real tools: caddy, shellcheck, PostgreSQL. */
class GeneratedFilesIT {
  @TempDir Path tmp;

  static Map<String, RenderedFile> render(ComposeGenerator g) {
    return g.render().stream().collect(Collectors.toMap(RenderedFile::path, f -> f));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../examples/profiles/demo", "src/test/resources/profiles/stack"})
  void caddyAdaptAcceptsTheCaddyfile(String profile) throws IOException {
    Path file = tmp.resolve("Caddyfile");
    Files.writeString(file, render(ComposeGenerator.forProfile(ComposeGeneratorTest.load(Path.of(profile)))).get("Caddyfile").text());
    Processes.Result r = LocalCaddy.adapt(file);
    assertEquals(0, r.exitCode(), r.output());
  }

  @ParameterizedTest
  @ValueSource(strings = {"../examples/profiles/demo", "src/test/resources/profiles/stack"})
  void shellcheckIsCleanOnInitDb(String profile) throws IOException {
    Path file = tmp.resolve("init-db.sh");
    Files.writeString(file, render(ComposeGenerator.forProfile(ComposeGeneratorTest.load(Path.of(profile)))).get("init-db.sh").text());
    Processes.Result r = Processes.run(List.of("shellcheck", "--severity=style", file.toString()), Map.of(), null);
    assertEquals(0, r.exitCode(), r.output());
  }

  @Test
  void caddyServesTheGeneratedCaddyfileWithTlsInternalAndProxiesToTheUpstream() throws Exception {
    HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/", ex -> {
      byte[] body = ("hello from upstream " + ex.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    upstream.start();
    int upstreamPort = upstream.getAddress().getPort();
    int http = Processes.freePort();
    int https = Processes.freePort();
    try {
      // The stack profile routes app.example.net -> app:8080 and /api/* -> app:9090; here "app" is 127.0.0.1.
      String caddyfile = render(ComposeGenerator.forProfile(ComposeGeneratorTest.load(ComposeGeneratorTest.STACK))
          .upstreamHost(s -> "127.0.0.1").caddyGlobal("admin off", "http_port " + http, "https_port " + https))
          .get("Caddyfile").text().replace(":8080", ":" + upstreamPort).replace(":9090", ":" + upstreamPort);
      try (LocalCaddy caddy = LocalCaddy.start(caddyfile, https)) {
        caddy.awaitFile("certificates/local/app.example.net/app.example.net.crt", 20_000);
        Processes.Result r = Processes.run(List.of("curl", "-sS", "--max-time", "10",
            "--resolve", "app.example.net:" + https + ":127.0.0.1",
            "--cacert", caddy.localRootCertificate().toString(),
            "https://app.example.net:" + https + "/api/ping"), Map.of(), null);
        assertEquals(0, r.exitCode(), r.output() + "\n" + caddy.log());
        assertEquals("hello from upstream /api/ping", r.output());
      }
    } finally {
      upstream.stop(0);
    }
  }

  @Test
  void initDbCreatesRolesAndDatabasesAndASecondRunChangesNothing() {
    Profile p = ComposeGeneratorTest.load(ComposeGeneratorTest.STACK);
    String script = render(ComposeGenerator.forProfile(p)).get("init-db.sh").text();
    try (LocalPostgres pg = LocalPostgres.start()) {
      Path file = pg.root().resolve("init-db.sh");
      write(file, script);
      Map<String, String> env = new HashMap<>(pg.socketEnv());
      env.put("VPS_DB_PASSWORD_APP", p.secrets().get("APP_DB_PASSWORD").reveal());
      env.put("VPS_DB_PASSWORD_JOBS", p.secrets().get("JOBS_DB_PASSWORD").reveal());
      String before = snapshot(pg);

      Processes.Result first = Processes.run(Processes.asUser("postgres", List.of("bash", file.toString())), env, pg.root());
      assertEquals(0, first.exitCode(), first.output());
      String afterFirst = snapshot(pg);
      assertNotEquals(before, afterFirst);
      assertEquals("app|app\njobs|jobs", pg.psql("postgres",
          "SELECT datname, pg_get_userbyid(datdba) FROM pg_database WHERE datname IN ('app','jobs') ORDER BY 1"));
      assertEquals("pgcrypto", pg.psql("app", "SELECT extname FROM pg_extension WHERE extname = 'pgcrypto'"));
      assertEquals("t|t", pg.psql("postgres", "SELECT pg_has_role('jobs','windmill_admin','MEMBER'), "
          + "pg_has_role('jobs','windmill_user','MEMBER')"));

      Processes.Result second = Processes.run(Processes.asUser("postgres", List.of("bash", file.toString())), env, pg.root());
      assertEquals(0, second.exitCode(), second.output());
      assertEquals(afterFirst, snapshot(pg), "a second run changes nothing");
      assertEquals("init-db.sh: 2 database(s) present", second.output().strip(), "a second run issues no statement");

      // the created role logs in with its password over TCP (scram-sha-256)
      Processes.Result login = pg.loginOverTcp("app", p.secrets().get("APP_DB_PASSWORD").reveal(), "app", "SELECT current_user");
      assertEquals("app", login.output().strip(), login.output());
      assertTrue(pg.psql("postgres", "SELECT rolpassword FROM pg_authid WHERE rolname = 'app'").startsWith("SCRAM-SHA-256$"));
    }
  }

  @Test
  void initDbFailsClearlyWhenAPasswordIsMissing() {
    String script = render(ComposeGenerator.forProfile(ComposeGeneratorTest.load(ComposeGeneratorTest.STACK))).get("init-db.sh").text();
    try (LocalPostgres pg = LocalPostgres.start()) {
      Path file = pg.root().resolve("init-db.sh");
      write(file, script);
      Processes.Result r = Processes.run(Processes.asUser("postgres", List.of("bash", file.toString())), pg.socketEnv(), pg.root());
      assertEquals(1, r.exitCode(), r.output());
      assertTrue(r.output().contains("environment variable VPS_DB_PASSWORD_APP is not set"), r.output());
      assertEquals("", pg.psql("postgres", "SELECT datname FROM pg_database WHERE datname = 'app'"));
    }
  }

  @Test
  void postgresStartsWithTheGeneratedConfigurationAndAcceptsScramFromAnAllowedAddress() throws IOException {
    Map<String, RenderedFile> files = render(ComposeGenerator.forProfile(ComposeGeneratorTest.load(ComposeGeneratorTest.STACK)));
    Path confDir = Processes.tempDirFor("vps-pgconf", "postgres");
    try {
      write(confDir.resolve("postgresql.conf"), files.get("postgres/postgresql.conf").text());
      write(confDir.resolve("pg_hba.conf"), files.get("postgres/pg_hba.conf").text());
      // the generated file points hba_file at the container path; the command line moves it to the test folder
      try (LocalPostgres pg = LocalPostgres.start(List.of("-c", "config_file=" + confDir.resolve("postgresql.conf"),
          "-c", "hba_file=" + confDir.resolve("pg_hba.conf")))) {
        assertEquals("scram-sha-256", pg.psql("postgres", "SHOW password_encryption"));
        assertEquals(confDir.resolve("pg_hba.conf").toString(), pg.psql("postgres", "SHOW hba_file"));
        assertEquals("256MB", pg.psql("postgres", "SHOW shared_buffers"));
        pg.psql("postgres", "CREATE ROLE tester LOGIN PASSWORD 'tester-pw'");
        Processes.Result ok = pg.loginOverTcp("tester", "tester-pw", "postgres", "SELECT 'in'");
        assertEquals("in", ok.output().strip(), ok.output());
        Processes.Result wrong = pg.loginOverTcp("tester", "wrong", "postgres", "SELECT 'in'");
        assertNotEquals(0, wrong.exitCode());
        assertTrue(wrong.output().contains("password authentication failed"), wrong.output());
        String rules = pg.psql("postgres", "SELECT type || ' ' || coalesce(address,'') || ' ' || auth_method FROM pg_hba_file_rules ORDER BY line_number");
        assertTrue(rules.contains("host 172.16.0.0 scram-sha-256"), rules);
      }
    } finally {
      Processes.deleteTree(confDir);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
      if (Processes.isRoot()) {
        Processes.run(List.of("chown", "postgres:", file.toString()), Map.of(), null).requireSuccess();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String snapshot(LocalPostgres pg) {
    return pg.psql("postgres", "SELECT string_agg(x, E'\\n' ORDER BY x) FROM ("
        + " SELECT 'role ' || rolname || ' ' || rolcanlogin || ' ' || rolbypassrls || ' ' || coalesce(rolpassword,'') AS x FROM pg_authid"
        + " UNION ALL SELECT 'db ' || datname || ' ' || pg_get_userbyid(datdba) FROM pg_database"
        + " UNION ALL SELECT 'member ' || roleid::regrole || ' ' || member::regrole FROM pg_auth_members"
        + " UNION ALL SELECT 'defacl ' || defaclrole::regrole || ' ' || defaclobjtype::text || ' ' || defaclacl::text FROM pg_default_acl"
        + ") s") + "\n" + inDb(pg, "jobs", "SELECT string_agg(nspname || ' ' || coalesce(nspacl::text,''), ',') FROM pg_namespace WHERE nspname='public'")
        + "\n" + inDb(pg, "app", "SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension");
  }

  private static String inDb(LocalPostgres pg, String db, String sql) {
    boolean exists = pg.psql("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + db + "'").equals("1");
    return exists ? pg.psql(db, sql) : db + " absent";
  }
}
