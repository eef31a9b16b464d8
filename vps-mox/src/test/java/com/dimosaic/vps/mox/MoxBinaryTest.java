package com.dimosaic.vps.mox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The binary checks, on a real ELF executable of this machine standing in for a mox build. */
class MoxBinaryTest {
  @Test
  void checksumsAndArchitectures() throws Exception {
    byte[] standIn = Files.readAllBytes(Path.of("/bin/true")); // a real amd64/arm64 ELF executable, standing in for mox
    String sum = MoxBinary.gobuildsSum(standIn);
    assertEquals(28, sum.length());
    assertTrue(sum.startsWith("0"));
    String url = MoxBinary.gobuildsUrl("v0.0.17", "amd64", "go1.25.0", sum);
    assertEquals(sum, MoxBinary.sumOf(url));
    String arch = MoxBinary.elfArch(standIn);
    MoxBinary.verify(standIn, sum, System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64");
    MoxException bad = assertThrows(MoxException.class,
        () -> MoxBinary.verify(standIn, "0" + "A".repeat(27), "x86_64"));
    assertTrue(bad.getMessage().contains("checksum mismatch"));
    String other = arch.equals("amd64") ? "aarch64" : "x86_64";
    assertTrue(assertThrows(MoxException.class, () -> MoxBinary.verify(standIn, sum, other)).getMessage()
        .contains("but the host is"));
    assertThrows(MoxException.class, () -> MoxBinary.elfArch("#!/bin/sh\necho not elf".getBytes()));
    assertThrows(MoxException.class, () -> MoxBinary.goArch("riscv64"));
  }

  @Test
  void theSumMatchesTheDocumentedRecipe() {
    // python3 -c 'import hashlib,base64; print("0"+base64.urlsafe_b64encode(hashlib.sha256(b"mox").digest()[:20]).decode().rstrip("="))'
    assertEquals("017grPth6DEnyaNuYibIONe-AuRo", MoxBinary.gobuildsSum("mox".getBytes()));
  }
}
