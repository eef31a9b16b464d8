package com.dimosaic.vps.secrets.age;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every C2SP CCTV age vector copied into the repository gives exactly its expected result. */
class AgeVectorsTest {
  static final Path VECTORS = Path.of("src/test/resources/age-sops");

  static Stream<Path> vectors() throws IOException {
    Set<String> skip = Set.of("MANIFEST.md", "README.cctv-age.md");
    try (Stream<Path> s = Files.list(VECTORS)) {
      List<Path> files = s.filter(Files::isRegularFile).filter(p -> !skip.contains(p.getFileName().toString())).sorted().toList();
      if (files.size() < 38) {
        throw new IllegalStateException("expected the 38 CCTV vectors, found " + files.size());
      }
      return files.stream();
    }
  }

  record Vector(String expect, String payload, List<AgeIdentity> identities, boolean unsupportedKey, byte[] body) {}

  static Vector read(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    int i = 0;
    String expect = null;
    String payload = null;
    boolean compressed = false;
    boolean unsupported = false;
    List<AgeIdentity> ids = new ArrayList<>();
    while (true) {
      int nl = indexOf(all, (byte) '\n', i);
      String line = new String(all, i, nl - i, StandardCharsets.UTF_8);
      i = nl + 1;
      if (line.isEmpty()) {
        break;
      }
      String key = line.substring(0, line.indexOf(": "));
      String value = line.substring(line.indexOf(": ") + 2);
      switch (key) {
        case "expect" -> expect = value;
        case "payload" -> payload = value;
        case "identity" -> ids.add(AgeIdentity.parse(value));
        case "passphrase" -> unsupported = true;
        case "compressed" -> compressed = value.equals("zlib");
        default -> { }
      }
    }
    byte[] body = java.util.Arrays.copyOfRange(all, i, all.length);
    if (compressed) {
      body = new InflaterInputStream(new ByteArrayInputStream(body)).readAllBytes();
    }
    return new Vector(expect, payload, ids, unsupported, body);
  }

  static int indexOf(byte[] a, byte b, int from) {
    for (int i = from; i < a.length; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    throw new IllegalStateException("no header end");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void vectorGivesItsExpectedResult(Path file) throws Exception {
    Vector v = read(file);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (v.expect().equals("success")) {
      Age.decrypt(new ByteArrayInputStream(v.body()), out, v.identities());
      assertEquals(v.payload(), sha256(out.toByteArray()));
      return;
    }
    AgeException.Kind expected = switch (v.expect()) {
      case "no match" -> AgeException.Kind.NO_MATCH;
      case "HMAC failure" -> AgeException.Kind.HMAC;
      case "header failure" -> AgeException.Kind.HEADER;
      case "payload failure" -> AgeException.Kind.PAYLOAD;
      case "armor failure" -> AgeException.Kind.ARMOR;
      default -> throw new IllegalStateException("unknown expect: " + v.expect());
    };
    if (v.unsupportedKey()) {
      expected = AgeException.Kind.UNSUPPORTED;
    }
    AgeException e = assertThrows(AgeException.class, () -> Age.decrypt(new ByteArrayInputStream(v.body()), out, v.identities()));
    assertEquals(expected, e.kind(), e.getMessage());
    if (v.payload() != null) {
      assertEquals(v.payload(), sha256(out.toByteArray()), "released plaintext before the failure");
    }
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  @org.junit.jupiter.api.Test
  void roundTripsInEveryShape() throws Exception {
    AgeIdentity a = AgeIdentity.generate();
    AgeIdentity b = AgeIdentity.generate();
    for (int size : new int[] {0, 1, 65535, 65536, 65537, 3 * 65536, 200_000}) {
      byte[] plain = new byte[size];
      AgeCrypto.RANDOM.nextBytes(plain);
      for (boolean armor : new boolean[] {false, true}) {
        byte[] sealed = Age.encrypt(plain, List.of(a.recipient(), b.recipient()), armor);
        assertEquals(sha256(plain), sha256(Age.decrypt(sealed, List.of(b))), "size " + size + " armor " + armor);
      }
    }
    byte[] sealed = Age.encrypt("x".getBytes(StandardCharsets.UTF_8), List.of(a.recipient()), false);
    AgeException e = assertThrows(AgeException.class, () -> Age.decrypt(sealed, List.of(b)));
    assertEquals(AgeException.Kind.NO_MATCH, e.kind());
  }

  @org.junit.jupiter.api.Test
  void keysRoundTripAndUnsupportedKindsAreNamed() {
    AgeIdentity id = AgeIdentity.parse("AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0");
    assertEquals("AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0", id.reveal());
    assertEquals(id.recipient(), AgeRecipient.parse(id.recipient().toString()));
    if (id.toString().contains("SECRET")) {
      fail("toString shows the secret key");
    }
    assertEquals(AgeException.Kind.UNSUPPORTED, assertThrows(AgeException.class,
        () -> AgeIdentity.parse("AGE-SECRET-KEY-PQ-1XXXX")).kind());
    assertEquals(AgeException.Kind.UNSUPPORTED, assertThrows(AgeException.class,
        () -> AgeIdentity.parse("AGE-PLUGIN-YUBIKEY-1XXXX")).kind());
    assertEquals(AgeException.Kind.KEY, assertThrows(AgeException.class,
        () -> AgeIdentity.parse("AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM1")).kind());
  }
}
