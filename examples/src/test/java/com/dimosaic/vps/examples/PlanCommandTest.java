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
  static final String KEY = "profiles/demo/demo-age-key.txt";

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
    assertTrue(err.toString().contains("no age key found"), "without a key the plan says the MAC was not verified: " + err);
  }

  /** Issue 19.1: an explicitly given key that does not open the secrets fails the plan, naming the key and the recipients. */
  @Test
  void aWrongMissingOrGarbageKeyFailsThePlan() throws IOException {
    Path wrong = tmp.resolve("wrong-key.txt");
    Files.writeString(wrong, com.dimosaic.vps.secrets.age.AgeIdentity.generate().reveal() + "\n");
    Path garbage = tmp.resolve("garbage-key.txt");
    Files.writeString(garbage, "this is not an age key\n");
    Path missing = tmp.resolve("no-such-key.txt");
    for (Path key : List.of(wrong, garbage, missing)) {
      err.getBuffer().setLength(0);
      Path dir = tmp.resolve("out-" + key.getFileName());
      assertEquals(1, run("plan", DEMO.toString(), "--out", dir.toString(), "--age-key-file", key.toString()), key + ": " + err);
      assertTrue(err.toString().contains(key.toString()), "the message names the key file: " + err);
      assertFalse(Files.exists(dir.resolve(".env")), "a failed plan wrote files");
    }
    assertTrue(err.toString().startsWith("error: "), err.toString());
    err.getBuffer().setLength(0);
    assertEquals(1, run("plan", DEMO.toString(), "--out", tmp.resolve("w").toString(), "--age-key-file", wrong.toString()));
    assertTrue(err.toString().contains("age1"), "the message names the file's recipients: " + err);
  }

  /** Issue 19.5: a secret the .env cannot carry fails the plan (with the key), naming its place in the secrets file. */
  @Test
  void aSecretWithAQuoteOrALineBreakFailsThePlanNotTheDeploy() throws IOException {
    for (String bad : List.of("it's", "two\nlines")) {
      Path dir = Files.createTempDirectory(tmp, "p");
      try (java.util.stream.Stream<Path> files = Files.list(DEMO)) {
        for (Path f : files.toList()) {
          Files.copy(f, dir.resolve(f.getFileName()));
        }
      }
      var ids = com.dimosaic.vps.secrets.sops.AgeKeys.builder().identityFile(dir.resolve("demo-age-key.txt"))
          .environment(java.util.Map.of()).build().load();
      var doc = com.dimosaic.vps.secrets.sops.Sops.decrypt(dir.resolve("secrets.enc.yaml"), ids);
      java.util.Map<String, Object> plain = new java.util.LinkedHashMap<>(doc.documents().get(0));
      plain.put("POSTGRES_PASSWORD", bad);
      Files.writeString(dir.resolve("secrets.enc.yaml"), com.dimosaic.vps.secrets.sops.Sops.encrypt(plain,
          doc.recipients().stream().map(com.dimosaic.vps.secrets.age.AgeRecipient::parse).toList()));
      err.getBuffer().setLength(0);
      assertEquals(1, run("plan", dir.toString(), "--out", tmp.resolve("o" + bad.length()).toString(), "--age-key-file",
          dir.resolve("demo-age-key.txt").toString()), err.toString());
      assertTrue(err.toString().matches("error: secrets\\.enc\\.yaml:\\d+:1: POSTGRES_PASSWORD: the secret contains a (single quote|line break)"
          + ", which the stack's \\.env file cannot carry; choose a value without it\\R"), err.toString());
      assertFalse(err.toString().contains(bad), "the value is not shown");
    }
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
    // with the key at hand (the secrets are decrypted and verified) but without --reveal-secrets: still masked, everywhere
    Path keyed = tmp.resolve("keyed");
    assertEquals(0, run("plan", DEMO.toString(), "--out", keyed.toString(), "--age-key-file", KEY));
    assertTrue(Files.readString(keyed.resolve(".env")).contains("POSTGRES_PASSWORD='********'"));
    for (Path f : files(keyed)) {
      for (String secret : List.of("demo-postgres-password", "demo-api-key", "demo-api-password")) {
        assertFalse(Files.readString(f).contains(secret), secret + " in " + f);
      }
    }
    Path revealed = tmp.resolve("revealed");
    assertEquals(1, run("plan", DEMO.toString(), "--out", revealed.toString(), "--reveal-secrets"), "revealing needs the key");
    assertFalse(Files.exists(revealed));
    out.getBuffer().setLength(0);
    assertEquals(0, run("plan", DEMO.toString(), "--out", revealed.toString(), "--reveal-secrets", "--age-key-file", KEY));
    assertTrue(Files.readString(revealed.resolve(".env")).contains("POSTGRES_PASSWORD='demo-postgres-password'"));
    assertTrue(out.toString().contains("secret (real values)") && !out.toString().contains("secret (masked)"),
        "the summary says what the file holds (issue 19.14):\n" + out);
  }

  @Test
  void jsonPrintsTheWholePlan() throws IOException {
    assertEquals(0, run("plan", DEMO.toString(), "--out", tmp.resolve("j").toString(), "--json"));
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertEquals("demo", json.get("profile").asText());
    assertEquals(12, json.get("phases").size());
    assertEquals("example.com", json.get("dns").get(0).get("zone").asText());
    assertFalse(out.toString().contains("demo-postgres-password"));
  }

  @Test
  void anInvalidProfileExitsOneAndLeavesNoOutputFolder() throws IOException {
    Path profile = tmp.resolve("bad");
    Files.createDirectories(profile);
    for (String f : List.of("profile.yaml", "services.yaml", "secrets.enc.yaml")) {
      Files.copy(DEMO.resolve(f), profile.resolve(f));
    }
    Files.writeString(profile.resolve("services.yaml"),
        Files.readString(profile.resolve("services.yaml")).replace("image: caddy:2.11.4", "imgae: caddy:2.11.4"));
    Path dir = tmp.resolve("never");
    assertEquals(1, run("plan", profile.toString(), "--out", dir.toString()));
    assertTrue(err.toString().contains("services.yaml:25:5: services.caddy.imgae: unknown key (did you mean 'image'?)"), err.toString());
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
    assertEquals(2, run("secrets"));
    assertEquals(2, run("secrets", "decrypt"));
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

  @Test
  void aTamperedSecretsFileFailsThePlan() throws IOException {
    Path profile = tmp.resolve("tampered");
    Files.createDirectories(profile);
    for (String f : List.of("profile.yaml", "services.yaml", "demo-age-key.txt")) {
      Files.copy(DEMO.resolve(f), profile.resolve(f));
    }
    String enc = Files.readString(DEMO.resolve("secrets.enc.yaml"));
    Files.writeString(profile.resolve("secrets.enc.yaml"), enc.replace("lastmodified: \"20", "lastmodified: \"19"));
    assertEquals(1, run("plan", profile.toString(), "--out", tmp.resolve("t").toString(), "--age-key-file",
        profile.resolve("demo-age-key.txt").toString()));
    assertTrue(err.toString().contains("MAC"), err.toString());
  }

  @Test
  void secretsDecryptPrintsTheExpectedPlaintext() {
    Path dir = Path.of("../vps-core/src/test/resources/age-sops/sops");
    assertEquals(0, run("secrets", "decrypt", dir.resolve("example.yaml").toString(), "--age-key-file",
        dir.resolve("keys.txt").toString()), err.toString());
    String text = out.toString();
    assertTrue(text.startsWith("myapp1: t00m4nys3cr3tzupdated\n"), text);
    assertTrue(text.contains("    password: c4r1b0u\n"), text);
    assertTrue(text.contains("number: 1234568000\n"), text);
    assertTrue(text.contains("  - secretuser1\n"), text);
  }

  @Test
  void secretsEncryptThenDecryptRoundTrips() throws IOException {
    Path plain = tmp.resolve("plain.yaml");
    Files.writeString(plain, "TOKEN: abc\nPORT: 5432\n");
    com.dimosaic.vps.secrets.age.AgeIdentity id = com.dimosaic.vps.secrets.age.AgeIdentity.generate();
    Path key = tmp.resolve("k.txt");
    Files.writeString(key, id.reveal() + "\n");
    Path sealed = tmp.resolve("s.enc.yaml");
    assertEquals(0, run("secrets", "encrypt", plain.toString(), "--recipient", id.recipient().toString(), "--out", sealed.toString()));
    assertFalse(Files.readString(sealed).contains("abc"));
    assertEquals(0, run("secrets", "decrypt", sealed.toString(), "--age-key-file", key.toString()));
    assertTrue(out.toString().contains("TOKEN: abc\nPORT: 5432\n"), out.toString());
  }

  static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }
}
