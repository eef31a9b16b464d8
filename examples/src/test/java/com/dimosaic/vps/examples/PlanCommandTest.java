package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {
  static final Path DEMO = Path.of("profiles/demo");

  @TempDir Path tmp;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    return Main.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void planWritesEveryFileAndASummary() throws IOException {
    Path dir = tmp.resolve("out");
    assertEquals(0, run("plan", DEMO.toString(), "--out", dir.toString()), err.toString());
    for (String f : List.of("docker-compose.yml", "Caddyfile", "init-db.sh", ".env", "postgres/postgresql.conf",
        "postgres/pg_hba.conf", "zitadel/zitadel-config.yaml", "windmill-worker/Dockerfile", "vps-plan.txt", "vps-plan.json")) {
      assertTrue(Files.exists(dir.resolve(f)), f);
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(".env"))));
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("init-db.sh"))));
    String summary = out.toString();
    assertTrue(summary.contains("Plan for profile 'demo'"), summary);
    assertTrue(summary.contains("+ MX @ 10 mail.example.com"), summary);
    assertTrue(summary.contains("6.5  dns"), summary);
    assertTrue(err.toString().contains("warning: secrets.yaml is not encrypted"), err.toString());
  }

  @Test
  void secretsAreMaskedUnlessRevealed() throws IOException {
    Path masked = tmp.resolve("masked");
    assertEquals(0, run("plan", DEMO.toString(), "--out", masked.toString()));
    String env = Files.readString(masked.resolve(".env"));
    assertTrue(env.contains("POSTGRES_PASSWORD='********'"), env);
    assertFalse(env.contains("demo-postgres-password"), env);
    for (Path f : files(masked)) {
      assertFalse(Files.readString(f).contains("demo-postgres-password"), f.toString());
    }
    Path revealed = tmp.resolve("revealed");
    assertEquals(0, run("plan", DEMO.toString(), "--out", revealed.toString(), "--reveal-secrets"));
    assertTrue(Files.readString(revealed.resolve(".env")).contains("POSTGRES_PASSWORD='demo-postgres-password'"));
  }

  @Test
  void jsonPrintsTheWholePlan() throws IOException {
    assertEquals(0, run("plan", DEMO.toString(), "--out", tmp.resolve("j").toString(), "--json"));
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertEquals("demo", json.get("profile").asText());
    assertEquals(11, json.get("phases").size());
    assertEquals("example.com", json.get("dns").get(0).get("zone").asText());
    assertFalse(out.toString().contains("demo-postgres-password"));
  }

  @Test
  void anInvalidProfileExitsOneAndLeavesNoOutputFolder() throws IOException {
    Path profile = tmp.resolve("bad");
    Files.createDirectories(profile);
    for (String f : List.of("profile.yaml", "services.yaml", "secrets.yaml")) {
      Files.copy(DEMO.resolve(f), profile.resolve(f));
    }
    Files.writeString(profile.resolve("services.yaml"),
        Files.readString(profile.resolve("services.yaml")).replace("image: caddy:2.11.4", "imgae: caddy:2.11.4"));
    Path dir = tmp.resolve("never");
    assertEquals(1, run("plan", profile.toString(), "--out", dir.toString()));
    assertTrue(err.toString().contains("services.yaml:21:5: services.caddy.imgae: unknown key (did you mean 'image'?)"), err.toString());
    assertFalse(Files.exists(dir));
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of("bad"), s.map(p -> p.getFileName().toString()).toList(), "no temporary folder left");
    }
  }

  @Test
  void usageErrorsExitTwo() throws IOException {
    assertEquals(2, run());
    assertEquals(2, run("frobnicate"));
    assertEquals(2, run("plan", DEMO.toString()));
    assertEquals(2, run("plan", DEMO.toString(), "--out", tmp.toString(), "--colour"));
    Path notPlan = tmp.resolve("busy");
    Files.createDirectories(notPlan);
    Files.writeString(notPlan.resolve("important.txt"), "keep me");
    assertEquals(2, run("plan", DEMO.toString(), "--out", notPlan.toString()));
    assertEquals("keep me", Files.readString(notPlan.resolve("important.txt")));
    assertEquals(0, run("--help"));
  }

  @Test
  void aSecondPlanReplacesTheFirstInPlace() throws IOException {
    Path dir = tmp.resolve("again");
    assertEquals(0, run("plan", DEMO.toString(), "--out", dir.toString()));
    byte[] first = Files.readAllBytes(dir.resolve("docker-compose.yml"));
    assertEquals(0, run("plan", DEMO.toString(), "--out", dir.toString()));
    assertTrue(java.util.Arrays.equals(first, Files.readAllBytes(dir.resolve("docker-compose.yml"))));
  }

  static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }
}
