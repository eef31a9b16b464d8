package com.dimosaic.vps.secrets.sops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.secrets.age.AgeIdentity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The encryption rules, mac_only_encrypted, several documents, and plain values read as sops reads them. */
class SopsRulesTest {
  final AgeIdentity id = AgeIdentity.generate();

  static Map<String, Object> doc() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("password", "hidden-1");
    d.put("token_enc", "hidden-2");
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("name", "clear-name");
    d.put("metadata", meta);
    return d;
  }

  @ParameterizedTest
  @CsvSource({
      // rule, value, which top-level keys stay clear
      "unencrypted_suffix, _enc, token_enc",
      "encrypted_suffix, _enc, password metadata",
      "unencrypted_regex, ^(metadata|password)$, password metadata",
      "encrypted_regex, ^pass, token_enc metadata"})
  void eachRuleEncryptsExactlyWhatSopsWould(String rule, String value, String clear) {
    String text = Sops.encrypt(List.of(doc()), List.of(id.recipient()), new Sops.EncryptOptions(rule, value, false));
    assertTrue(text.contains(rule + ": "), text);
    Map<String, Object> back = Sops.decrypt(text, List.of(id)).documents().get(0);
    assertEquals(doc(), back);
    for (String key : List.of("password", "token_enc", "metadata")) {
      String plain = key.equals("metadata") ? "clear-name" : key.equals("password") ? "hidden-1" : "hidden-2";
      assertEquals(List.of(clear.split(" ")).contains(key), text.contains(plain), key + " in\n" + text);
    }
  }

  @Test
  void macOnlyEncryptedLetsClearValuesChangeButNotEncryptedOnes() {
    String text = Sops.encrypt(List.of(doc()), List.of(id.recipient()), new Sops.EncryptOptions("encrypted_suffix", "_enc", true));
    assertTrue(text.contains("mac_only_encrypted: true"), text);
    Map<String, Object> back = Sops.decrypt(text.replace("hidden-1", "changed-1"), List.of(id)).documents().get(0);
    assertEquals("changed-1", back.get("password"));
    String full = Sops.encrypt(List.of(doc()), List.of(id.recipient()), new Sops.EncryptOptions("encrypted_suffix", "_enc", false));
    SopsException e = assertThrows(SopsException.class, () -> Sops.decrypt(full.replace("hidden-1", "changed-1"), List.of(id)));
    assertEquals(SopsException.Kind.MAC_MISMATCH, e.kind());
  }

  @Test
  void severalDocumentsShareOneMac() {
    Map<String, Object> second = new LinkedHashMap<>();
    second.put("other", "hidden-3");
    second.put("note_unencrypted", "clear-3");
    String text = Sops.encrypt(List.of(doc(), second), List.of(id.recipient()), Sops.EncryptOptions.DEFAULT);
    SopsDocument back = Sops.decrypt(text, List.of(id));
    assertEquals(2, back.documents().size());
    assertEquals(second, back.documents().get(1));
    assertTrue(Sops.toYaml(back).contains("---\n"));
    SopsException e = assertThrows(SopsException.class, () -> Sops.decrypt(text.replace("clear-3", "edited"), List.of(id)));
    assertEquals(SopsException.Kind.MAC_MISMATCH, e.kind(), "a change in the second document breaks the MAC");
  }

  /**
   * Plain scalars must be read as go-yaml v3 reads them, or the MAC would not hold: yes/on/timestamps
   * stay strings, '<<' is an ordinary key, 0x1F is the int 31, and 1e3 the float 1000.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "v_unencrypted: \"yes\"| v_unencrypted: yes",
      "v_unencrypted: \"on\"| v_unencrypted: on",
      "v_unencrypted: \"2001-12-14\"| v_unencrypted: 2001-12-14",
      "v_unencrypted: 31| v_unencrypted: 0x1F",
      "v_unencrypted: 1000| v_unencrypted: 1e3",
      "v_unencrypted: true| v_unencrypted: True"})
  void plainValuesKeepTheMacAsSopsComputesIt(String written, String plain) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("secret", "x");
    String w = written.substring(written.indexOf(": ") + 2);
    d.put("v_unencrypted", w.startsWith("\"") ? w.substring(1, w.length() - 1)
        : w.equals("true") ? Boolean.TRUE : plain.contains("1e3") ? (Object) 1000.0 : (Object) Long.parseLong(w));
    String text = Sops.encrypt(d, List.of(id.recipient()));
    String line = text.lines().filter(l -> l.startsWith("v_unencrypted:")).findFirst().orElseThrow();
    String rewritten = text.replace(line, plain.strip());
    SopsDocument back = Sops.decrypt(rewritten, List.of(id)); // MAC verifies
    assertEquals(d.get("v_unencrypted"), back.documents().get(0).get("v_unencrypted"), "read as go-yaml v3 reads " + plain.strip());
    assertEquals("x", back.documents().get(0).get("secret"));
  }

  @Test
  void mergeKeyIsAnOrdinaryKey() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("<<", "merged-not");
    String text = Sops.encrypt(d, List.of(id.recipient()));
    assertEquals("merged-not", Sops.decrypt(text, List.of(id)).documents().get(0).get("<<"));
  }

  @Test
  void topLevelNamesNeedNoKey() {
    String text = Sops.encrypt(doc(), List.of(id.recipient()));
    assertEquals(List.of("password", "token_enc", "metadata"), Sops.topLevelKeys(text));
    assertFalse(Sops.topLevelKeys(text).contains("sops"));
  }
}
