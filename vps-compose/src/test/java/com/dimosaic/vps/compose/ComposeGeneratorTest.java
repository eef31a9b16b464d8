package com.dimosaic.vps.compose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.ProfileLoader;
import com.dimosaic.vps.render.RenderedFile;
import com.dimosaic.vps.secrets.PlainSecrets;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ComposeGeneratorTest {
  static final Path DEMO = Path.of("../examples/profiles/demo");
  static final Path STACK = Path.of("src/test/resources/profiles/stack");
  static final Path GOLDEN = Path.of("src/test/resources/golden/demo");

  @TempDir Path tmp;

  /** Loads a profile; the demo's SOPS secrets open with its published demo key. */
  static Profile load(Path profile) {
    return ProfileLoader.builder()
        .ageKeys(com.dimosaic.vps.secrets.sops.AgeKeys.builder().identityFile(DEMO.resolve("demo-age-key.txt"))
            .environment(Map.of()).build())
        .build().loadFrom(profile);
  }

  static Map<String, RenderedFile> render(Path profile) {
    return ComposeGenerator.forProfile(ComposeGeneratorTest.load(profile)).render().stream()
        .collect(Collectors.toMap(RenderedFile::path, f -> f));
  }

  @Test
  void rendersEveryFileOfTheDemoStack() {
    Map<String, RenderedFile> files = render(DEMO);
    assertEquals(Set.of("docker-compose.yml", "Caddyfile", "init-db.sh", ".env", "postgres/postgresql.conf",
        "postgres/pg_hba.conf", "zitadel/zitadel-config.yaml", "zitadel/zitadel-init-steps.yaml",
        "windmill-worker/Dockerfile"), files.keySet());
    assertEquals(0600, files.get(".env").mode());
    assertTrue(files.get(".env").secret());
    assertEquals(0755, files.get("init-db.sh").mode());
    assertFalse(files.get("docker-compose.yml").text().contains("version:"), "no obsolete version key");
  }

  @Test
  void renderingTwiceGivesIdenticalBytes() {
    List<RenderedFile> a = ComposeGenerator.forProfile(ComposeGeneratorTest.load(DEMO)).render();
    List<RenderedFile> b = ComposeGenerator.forProfile(ComposeGeneratorTest.load(DEMO)).render();
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i).content(), b.get(i).content(), a.get(i).path());
    }
  }

  /**
   * Golden files; regenerate with -Dvps.updateGolden=true after an intended change, and review the diff.
   * The update run rewrites the folder (stale files removed) and then fails, so it can never pass as a
   * comparison of a file with itself.
   */
  @Test
  void demoMatchesGoldenFiles() throws IOException {
    Map<String, String> expected = new java.util.TreeMap<>();
    for (RenderedFile f : render(DEMO).values()) {
      expected.put(f.path().equals(".env") ? "env" : f.path(), f.text());
    }
    if (Boolean.getBoolean("vps.updateGolden")) {
      List<String> written = GoldenFiles.update(GOLDEN, expected);
      fail("golden files rewritten (" + written.size() + " files): review 'git diff " + GOLDEN + "' and rerun without -Dvps.updateGolden");
    }
    GoldenFiles.assertMatches(GOLDEN, expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"../examples/profiles/demo", "src/test/resources/profiles/stack"})
  void composeFileValidatesAgainstTheComposeSpecification(String profile) throws IOException {
    JsonNode compose = new YAMLMapper().readTree(render(Path.of(profile)).get("docker-compose.yml").text());
    Set<ValidationMessage> errors = composeSchema().validate(compose);
    assertTrue(errors.isEmpty(), () -> errors.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("\n")));
  }

  @Test
  void theSchemaCheckIsRealItRejectsATypo() throws IOException {
    ObjectNode compose = (ObjectNode) new YAMLMapper().readTree(render(STACK).get("docker-compose.yml").text());
    ((ObjectNode) compose.get("services").get("postgres").get("healthcheck")).put("intervall", "5s");
    assertFalse(composeSchema().validate(compose).isEmpty());
  }

  static JsonSchema composeSchema() throws IOException {
    try (InputStream in = ComposeGeneratorTest.class.getResourceAsStream("/compose-spec/compose-spec.json")) {
      ObjectNode schema = (ObjectNode) new ObjectMapper().readTree(in);
      // The file names draft-07 as "https://json-schema.org/draft-07/schema" (no '#'), which validators do not
      // recognise and would try to fetch: select draft 7 explicitly instead (see shared/reference/stack/NOTES.md §1).
      schema.remove("$schema");
      // Its "$id" is the relative "compose_spec.json"; the validator wants an absolute one (all refs are local "#/...").
      schema.put("$id", "urn:compose-spec:compose_spec.json");
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
    }
  }

  @Test
  void secretsAppearOnlyInTheEnvFile() {
    Profile p = ComposeGeneratorTest.load(STACK);
    Map<String, RenderedFile> files = render(STACK);
    for (String name : p.secrets().names()) {
      String value = p.secrets().get(name).reveal();
      for (RenderedFile f : files.values()) {
        assertEquals(f.path().equals(".env"), f.text().contains(value), f.path() + " and secret " + name);
      }
    }
    String env = files.get(".env").text();
    assertTrue(env.contains("VPS_APP_DATABASE_URL='postgres://app:app-canary-Secret-2@postgres/app'"), env);
    String compose = files.get("docker-compose.yml").text();
    assertTrue(compose.contains("DATABASE_URL: \"${VPS_APP_DATABASE_URL}\""), compose);
    assertTrue(compose.contains("GREETING: costs $$5") || compose.contains("GREETING: \"costs $$5\""), "literal $ escaped");
  }

  @Test
  void onlyCaddyPublishesPortsAndPostgresOnlyOnLoopback() throws IOException {
    JsonNode compose = new YAMLMapper().readTree(render(STACK).get("docker-compose.yml").text());
    List<String> publishers = Stream.of("caddy", "postgres", "app").filter(s -> compose.get("services").get(s).has("ports")).toList();
    assertEquals(List.of("caddy", "postgres"), publishers);
    assertEquals("127.0.0.1:5432:5432", compose.get("services").get("postgres").get("ports").get(0).asText());
    assertEquals("service_healthy", compose.get("services").get("app").get("depends_on").get("postgres").get("condition").asText());
  }

  @Test
  void aTemplateReplacesTheGeneratedFile() throws IOException {
    Path dir = Files.createTempDirectory(tmp, "p");
    for (String f : List.of("profile.yaml", "services.yaml", "secrets.yaml")) {
      Files.copy(STACK.resolve(f), dir.resolve(f));
    }
    Files.createDirectories(dir.resolve("templates/postgres"));
    Files.writeString(dir.resolve("templates/postgres/postgresql.conf"), "# mine\n");
    RenderedFile conf = render(dir).get("postgres/postgresql.conf");
    assertEquals("# mine\n", conf.text());
    assertEquals(0644, conf.mode());
  }

  @Test
  void aGitBuildUsesTheCheckoutsOwnDockerfileAndNoTemplateGoesIntoIt() throws IOException {
    Path dir = Files.createTempDirectory(tmp, "p");
    for (String f : List.of("profile.yaml", "services.yaml", "secrets.yaml")) {
      Files.copy(STACK.resolve(f), dir.resolve(f));
    }
    Files.writeString(dir.resolve("services.yaml"), Files.readString(dir.resolve("services.yaml")) + String.join("\n",
        "  shop:",
        "    build: { git: \"git@git.example.org:acme/shop.git\", ref: release, dockerfile: docker/Dockerfile }",
        "    networks: [web]",
        "    routes:",
        "      - { host: shop, port: 3000 }",
        ""));
    Files.createDirectories(dir.resolve("templates/src/shop"));
    Files.writeString(dir.resolve("templates/src/shop/extra.txt"), "not for the checkout\n");
    Map<String, RenderedFile> files = render(dir);
    assertTrue(files.keySet().stream().noneMatch(f -> f.startsWith("src/shop/")), files.keySet().toString());
    JsonNode shop = new YAMLMapper().readTree(files.get("docker-compose.yml").text()).get("services").get("shop");
    assertEquals("./src/shop", shop.get("build").get("context").asText());
    assertEquals("docker/Dockerfile", shop.get("build").get("dockerfile").asText());
    assertTrue(shop.get("image").asText().endsWith("-shop:latest"), shop.toString());
    assertTrue(composeSchema().validate(new YAMLMapper().readTree(files.get("docker-compose.yml").text())).isEmpty());
    Profile p = load(dir);
    assertEquals("release", p.catalogue().services().get("shop").build().orElseThrow().ref());
  }

  @Test
  void aSecretAnEnvFileCannotCarryIsNamedButNotShown() {
    Profile p = ComposeGeneratorTest.load(STACK);
    Map<String, String> values = new HashMap<>();
    p.secrets().names().forEach(n -> values.put(n, "ok-value"));
    values.put("PG_PASSWORD", "it's-canary");
    GenerationException e = assertThrows(GenerationException.class,
        () -> ComposeGenerator.forProfile(p).secrets(PlainSecrets.of(values)).render());
    assertTrue(e.getMessage().contains("PG_PASSWORD"), e.getMessage());
    assertFalse(e.getMessage().contains("canary"), e.getMessage());
  }

  @Test
  void caddyfileRoutesPathsBeforeTheCatchAllAndServesStaticSites() {
    String caddy = render(STACK).get("Caddyfile").text();
    assertTrue(caddy.contains("\tlocal_certs\n\tskip_install_trust\n"), caddy);
    int matcher = caddy.indexOf("@app path /api/*");
    int catchAll = caddy.indexOf("reverse_proxy http://app:8080");
    assertTrue(matcher > 0 && matcher < catchAll, caddy);
    assertTrue(caddy.contains("www.example.net {\n\troot * /var/www/site/current"), caddy);
  }
}
