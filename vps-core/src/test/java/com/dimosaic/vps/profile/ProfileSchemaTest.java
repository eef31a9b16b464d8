package com.dimosaic.vps.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON Schemas shipped for IDEs accept every valid profile in the repository and match the docs copies. */
class ProfileSchemaTest {
  @ParameterizedTest
  @CsvSource({
      "../examples/profiles/demo, profile", "../examples/profiles/demo, services",
      "src/test/resources/profiles/minimal, profile", "src/test/resources/profiles/minimal, services",
      "../vps-compose/src/test/resources/profiles/stack, profile", "../vps-compose/src/test/resources/profiles/stack, services"})
  void validProfilesPassTheSchema(String dir, String file) throws IOException {
    ProfileLoader.load(Path.of(dir)); // valid for the loader too
    JsonNode doc = new YAMLMapper().readTree(Path.of(dir, file + ".yaml").toFile());
    Set<ValidationMessage> errors = schema(file).validate(doc);
    assertTrue(errors.isEmpty(), () -> errors.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("\n")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"profile", "services"})
  void theSchemaRejectsUnknownKeys(String file) throws IOException {
    // an otherwise valid file (the demo's), with one unknown key at the top and one nested: exactly those are reported
    com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode) new YAMLMapper()
        .readTree(Path.of("../examples/profiles/demo", file + ".yaml").toFile());
    assertTrue(schema(file).validate(doc).isEmpty(), "the demo's file is valid as it is");
    doc.put("nmae", "x");
    String nested = file.equals("profile") ? "dns" : "defaults";
    ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get(nested)).put("bogus", 1);
    Set<String> errors = schema(file).validate(doc).stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
    assertEquals(2, errors.size(), errors.toString());
    assertTrue(errors.stream().anyMatch(m -> m.contains("nmae")), errors.toString());
    assertTrue(errors.stream().anyMatch(m -> m.contains("bogus")), errors.toString());
  }

  @Test
  void hostsYamlPassesItsSchemaAndUnknownKeysAreRejected() throws IOException {
    JsonNode doc = new YAMLMapper().readTree(InventoryTest.HOSTS);
    Set<ValidationMessage> errors = schema("hosts").validate(doc);
    assertTrue(errors.isEmpty(), () -> errors.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("\n")));
    JsonNode bad = new YAMLMapper().readTree(InventoryTest.HOSTS.replace("    roles: [web]\n", "    rols: [web]\n"));
    assertTrue(schema("hosts").validate(bad).stream().anyMatch(m -> m.getMessage().contains("rols")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"profile", "services", "hosts"})
  void docsCopiesAreTheJarCopies(String file) throws IOException {
    try (InputStream in = ProfileLoader.class.getResourceAsStream("schemas/" + file + ".schema.json")) {
      assertEquals(new String(in.readAllBytes()), Files.readString(Path.of("../docs/schemas/" + file + ".schema.json")));
    }
  }

  static JsonSchema schema(String file) throws IOException {
    try (InputStream in = ProfileLoader.class.getResourceAsStream("schemas/" + file + ".schema.json")) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(new ObjectMapper().readTree(in));
    }
  }
}
