package com.dimosaic.vps.secrets.sops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.secrets.age.AgeIdentity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real SOPS files (written by sops itself) decrypt to their expected plaintext; tampered ones are refused. */
class SopsTest {
  static final Path DIR = Path.of("src/test/resources/age-sops/sops");
  static final ObjectMapper JSON = new ObjectMapper();

  static List<AgeIdentity> keys(String file) throws IOException {
    return AgeIdentity.parseAll(Files.readString(DIR.resolve(file)));
  }

  /** Flattens a decrypted tree into (sops path without list indices) -> canonical text, in walk order. */
  static List<String[]> leaves(Object v, List<String> path, List<String[]> out) {
    if (v instanceof Map<?, ?> m) {
      m.forEach((k, val) -> {
        List<String> p = new ArrayList<>(path);
        p.add((String) k);
        leaves(val, p, out);
      });
    } else if (v instanceof List<?> l) {
      l.forEach(item -> leaves(item, path, out));
    } else if (v != null) {
      out.add(new String[] {String.join(":", path) + ":", GoValues.text(v)});
    }
    return out;
  }

  @ParameterizedTest
  @CsvSource({"example.yaml, keys.txt, example.decrypted.json", "kpt-age-to-decrypt.yaml, keys.txt, kpt-age-to-decrypt.decrypted.json"})
  void decryptsToTheRecordedPlaintextLeafByLeaf(String file, String keyFile, String expectedFile) throws IOException {
    SopsDocument doc = Sops.decrypt(DIR.resolve(file), keys(keyFile));
    JsonNode expected = JSON.readTree(DIR.resolve(expectedFile).toFile());
    List<String[]> got = leaves(doc.documents().get(0), new ArrayList<>(), new ArrayList<>());
    List<String[]> want = new ArrayList<>();
    for (JsonNode leaf : expected.get("leaves_in_walk_order")) {
      if (!leaf.path("type").asText().equals("comment")) {
        List<String> path = new ArrayList<>();
        leaf.get("path").forEach(x -> path.add(x.asText()));
        String aad = leaf.hasNonNull("aad") ? leaf.get("aad").asText() : String.join(":", path) + ":";
        want.add(new String[] {aad, leaf.get("plaintext").asText()});
      }
    }
    assertEquals(want.size(), got.size());
    for (int i = 0; i < want.size(); i++) {
      assertEquals(want.get(i)[0], got.get(i)[0], "path of leaf " + i);
      assertEquals(want.get(i)[1], got.get(i)[1], "value at " + want.get(i)[0]);
    }
  }

  @ParameterizedTest
  @CsvSource({"sops-age-secret.enc.yaml", "sops-age-secret.enc.json"})
  void humphdFilesMatchTheUpstreamExpectedJson(String file) throws IOException {
    SopsDocument doc = Sops.decrypt(DIR.resolve(file), keys("sops-age-key.txt"));
    JsonNode expected = JSON.readTree(DIR.resolve("sops-age-secret.json").toFile());
    Map<String, Object> got = doc.documents().get(0);
    Iterator<String> names = expected.fieldNames();
    int compared = 0;
    while (names.hasNext()) {
      String name = names.next();
      if (!got.containsKey(name)) {
        continue; // "0word" exists only in the JSON variant (MANIFEST)
      }
      assertEquals(normalise(expected.get(name)), normalise(JSON.valueToTree(got.get(name))), name);
      compared++;
    }
    assertTrue(compared >= 6, "compared " + compared);
  }

  static String normalise(JsonNode n) {
    return n.isNumber() ? GoValues.formatFloat(n.asDouble()) : n.toString();
  }

  @Test
  void exampleJsonDecryptsWithTheMacVerified() throws IOException {
    SopsDocument doc = Sops.decrypt(DIR.resolve("example.json"), keys("keys.txt"));
    assertFalse(doc.documents().get(0).isEmpty());
  }

  @Test
  void eitherRecipientOpensTheFile() throws IOException {
    List<AgeIdentity> both = keys("keys.txt");
    for (AgeIdentity one : both) {
      assertEquals("t00m4nys3cr3tzupdated", Sops.decrypt(DIR.resolve("example.yaml"), List.of(one)).documents().get(0).get("myapp1"));
    }
  }

  @ParameterizedTest
  @CsvSource({
      "derived/example.tampered-unencrypted-value.yaml, MAC_MISMATCH",
      "derived/example.list-reordered.yaml, MAC_MISMATCH",
      "derived/example.swapped-values.yaml, DECRYPT",
      "derived/example.lastmodified-changed.yaml, MAC_MISMATCH",
      "kpt-sops-age-deployment.yaml, MAC_MISMATCH",
      "kpt-sops-age-apply-setters.yaml, MAC_MISMATCH"})
  void tamperedFilesAreRefusedWithoutShowingValues(String file, SopsException.Kind kind) throws IOException {
    SopsException e = assertThrows(SopsException.class, () -> Sops.decrypt(DIR.resolve(file), keys("keys.txt")));
    assertEquals(kind, e.kind(), e.getMessage());
    for (String secret : List.of("t00m4nys3cr3t", "c4r1b0u", "eve")) {
      assertFalse(e.getMessage().contains(secret), e.getMessage());
    }
  }

  @Test
  void aWrongKeyIsAWrongKeyAndNoKeyIsNoKey() throws IOException {
    SopsException e = assertThrows(SopsException.class,
        () -> Sops.decrypt(DIR.resolve("example.yaml"), keys("sops-age-key.txt")));
    assertEquals(SopsException.Kind.WRONG_KEY, e.kind());
    assertEquals(SopsException.Kind.NO_KEY, assertThrows(SopsException.class,
        () -> Sops.decrypt(DIR.resolve("example.yaml"), List.of())).kind());
    assertTrue(e.getMessage().contains("age1yt3tfqlfrwdwx0z0ynwplcr6qxcxfaqycuprpmy89nr83ltx74tqdpszlw"), e.getMessage());
  }

  @Test
  void encryptThenDecryptRoundTripsEveryTypeAndKeepsUnencryptedSuffix() {
    AgeIdentity id = AgeIdentity.generate();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("password", "s3cr3t 'quoted' \"double\" $x");
    doc.put("port", 5432L);
    doc.put("ratio", 0.25);
    doc.put("big", 1234568000.0);
    doc.put("enabled", true);
    doc.put("empty", "");
    doc.put("list", List.of("a", "b"));
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("note_unencrypted", "visible");
    nested.put("deep", "hidden");
    doc.put("nested", nested);
    String text = Sops.encrypt(doc, List.of(id.recipient()));
    assertFalse(text.contains("s3cr3t"), text);
    assertFalse(text.contains("hidden"), text);
    assertTrue(text.contains("visible"), text);
    Map<String, Object> back = Sops.decrypt(text, List.of(id)).documents().get(0);
    assertEquals(doc.get("password"), back.get("password"));
    assertEquals(5432L, back.get("port"));
    assertEquals(0.25, back.get("ratio"));
    assertEquals(1234568000.0, back.get("big"));
    assertEquals(true, back.get("enabled"));
    assertEquals("", back.get("empty"));
    assertEquals(List.of("a", "b"), back.get("list"));
    assertEquals(nested, back.get("nested"));
  }

  @Test
  void goCompatibleValues() {
    assertEquals("1234568000", GoValues.formatFloat(1.234568e9));
    assertEquals("1", GoValues.formatFloat(1.0));
    assertEquals("0.1", GoValues.formatFloat(0.1));
    assertEquals("-0", GoValues.formatFloat(-0.0));
    assertEquals(31L, GoValues.parseGoInt("0x1F"));
    assertEquals(15L, GoValues.parseGoInt("0o17"));
    assertEquals(511L, GoValues.parseGoInt("0777"));
    assertEquals("2022-03-15T22:11:15Z", GoValues.rfc3339("2022-03-15T22:11:15.123Z"));
    assertEquals("2022-03-15T23:11:15+01:00", GoValues.rfc3339("2022-03-15T23:11:15+01:00"));
  }
}
