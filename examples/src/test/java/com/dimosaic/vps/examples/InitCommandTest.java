package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vps init} writes a profile that plans with no network; {@code vps secrets edit} changes a secret and re-encrypts (issue 19.12). */
class InitCommandTest {
  @TempDir Path tmp;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(Map<String, String> env, String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Main.run(new BufferedReader(new StringReader("")), new PrintWriter(out), new PrintWriter(err), env, args);
  }

  @Test
  void initThenPlanThenEdit() throws Exception {
    Path dir = tmp.resolve("prod");
    Path keys = tmp.resolve("sops/age/keys.txt");
    assertEquals(Main.OK, run(Map.of(), "init", dir.toString(), "--domain", "example.org", "--address", "198.51.100.7",
        "--age-key-file", keys.toString()), err.toString());
    for (String f : new String[] {"profile.yaml", "services.yaml", "secrets.enc.yaml", ".sops.yaml"}) {
      assertTrue(Files.exists(dir.resolve(f)), f);
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
    assertTrue(Files.readString(keys).contains("AGE-SECRET-KEY-1"));
    assertEquals(Main.USAGE, run(Map.of(), "init", dir.toString(), "--domain", "example.org", "--address", "198.51.100.7",
        "--age-key-file", keys.toString()), "a second init into the same folder is refused");

    assertEquals(Main.OK, run(Map.of(), "plan", dir.toString(), "--out", tmp.resolve("plan").toString(), "--age-key-file", keys.toString()),
        err.toString());
    assertTrue(out.toString().contains("Plan for profile 'example'"), out.toString());
    assertFalse(err.toString().contains("no age key found"), "the secrets were decrypted and verified: " + err);

    // edit: the "editor" rewrites one value; the file is encrypted again and decrypts to the new value
    Path editor = tmp.resolve("editor.sh");
    Files.writeString(editor, "#!/bin/sh\nsed -i 's/^POSTGRES_PASSWORD: .*/POSTGRES_PASSWORD: edited-value-123/' \"$1\"\n");
    editor.toFile().setExecutable(true);
    long before = countTempDirs();
    assertEquals(Main.OK, run(Map.of("EDITOR", editor.toString()), "secrets", "edit", dir.toString(), "--age-key-file", keys.toString()),
        err.toString());
    assertEquals(before, countTempDirs(), "the plain copy's folder was removed");
    assertFalse(Files.readString(dir.resolve("secrets.enc.yaml")).contains("edited-value-123"), "encrypted again");
    assertEquals(Main.OK, run(Map.of(), "secrets", "decrypt", dir.resolve("secrets.enc.yaml").toString(), "--age-key-file", keys.toString()));
    assertTrue(out.toString().contains("POSTGRES_PASSWORD: edited-value-123"), out.toString());
  }

  static long countTempDirs() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("vps-secrets-")).count();
    }
  }
}
