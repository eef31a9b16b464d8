package com.dimosaic.vps.secrets.age;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Interoperability with the real age CLI (Debian's {@code age}), both directions, binary and armored. */
class AgeCliIT {
  @TempDir Path tmp;
  byte[] payload;
  AgeIdentity identity;
  Path keyFile;

  @BeforeEach
  void setUp() throws Exception {
    payload = new byte[5 * 1024 * 1024 + 123];
    AgeCrypto.RANDOM.nextBytes(payload);
    keyFile = tmp.resolve("key.txt");
    run(List.of("age-keygen", "-o", keyFile.toString()));
    identity = AgeIdentity.parseAll(Files.readString(keyFile)).get(0);
  }

  @ParameterizedTest(name = "armored={0}")
  @ValueSource(booleans = {false, true})
  void filesFromTheAgeCliDecryptWithTheSdk(boolean armored) throws Exception {
    Path in = tmp.resolve("plain");
    Files.write(in, payload);
    Path out = tmp.resolve("sealed.age");
    List<String> cmd = new ArrayList<>(List.of("age", "-r", identity.recipient().toString(), "-o", out.toString()));
    if (armored) {
      cmd.add(1, "-a");
    }
    cmd.add(in.toString());
    run(cmd);
    assertArrayEquals(payload, Age.decrypt(Files.readAllBytes(out), List.of(identity)));
  }

  @ParameterizedTest(name = "armored={0}")
  @ValueSource(booleans = {false, true})
  void filesFromTheSdkDecryptWithTheAgeCli(boolean armored) throws Exception {
    Path sealed = tmp.resolve("sdk.age");
    Files.write(sealed, Age.encrypt(payload, List.of(AgeIdentity.generate().recipient(), identity.recipient()), armored));
    Path out = tmp.resolve("back");
    run(List.of("age", "-d", "-i", keyFile.toString(), "-o", out.toString(), sealed.toString()));
    assertArrayEquals(payload, Files.readAllBytes(out));
  }

  static void run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    assertEquals(0, p.exitValue(), cmd + ": " + output);
  }
}
