package com.dimosaic.vps.secrets.sops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.secrets.SecretsException;
import com.dimosaic.vps.secrets.age.AgeIdentity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full decrypt with a canary value at debug log level: the canary appears in no log line, no
 * toString, and no exception message.
 */
class SecretsCanaryTest {
  static final String CANARY = "CANARY-7f3a9c1e-do-not-log";

  @TempDir Path tmp;

  @Test
  void theCanaryNeverLeaks() throws Exception {
    AgeIdentity id = AgeIdentity.generate();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("API_TOKEN", CANARY);
    d.put("OTHER", "x");
    Path file = tmp.resolve("secrets.enc.yaml");
    Files.writeString(file, Sops.encrypt(d, List.of(id.recipient())));
    Path keyFile = tmp.resolve("key.txt");
    Files.writeString(keyFile, id.reveal() + "\n");

    PrintStream originalErr = System.err;
    PrintStream originalOut = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setErr(capture);
    System.setOut(capture);
    StringBuilder seen = new StringBuilder();
    try {
      SopsSecrets secrets = SopsSecrets.open(file, AgeKeys.builder().identityFile(keyFile).environment(Map.of()).home(tmp).build());
      assertEquals(CANARY, secrets.get("API_TOKEN").reveal());
      seen.append(secrets.get("API_TOKEN")).append(secrets).append(Sops.decrypt(file, List.of(id)));
      // failures: a tampered file, a wrong key, a missing name
      Path tampered = tmp.resolve("tampered.enc.yaml");
      Files.writeString(tampered, Files.readString(file).replace("OTHER", "OTHER2"));
      SecretsException e1 = assertThrows(SecretsException.class, () -> Sops.decrypt(tampered, List.of(id)));
      SecretsException e2 = assertThrows(SecretsException.class, () -> Sops.decrypt(file, List.of(AgeIdentity.generate())));
      SecretsException e3 = assertThrows(SecretsException.class, () -> secrets.get("NOPE"));
      for (Exception e : List.of(e1, e2, e3)) {
        seen.append(e).append(e.getMessage());
      }
    } finally {
      System.setErr(originalErr);
      System.setOut(originalOut);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertTrue(logs.contains("DEBUG"), "debug logging is on for this test (see src/test/resources/simplelogger.properties): " + logs);
    assertFalse(logs.contains(CANARY), logs);
    assertFalse(seen.toString().contains(CANARY), seen.toString());
  }
}
