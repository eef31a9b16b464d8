package com.dimosaic.vps.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The real mox binaries the project's shared folder carries ({@code ../shared/vendor/mox/}, built
 * from the upstream tags; see its README), unpacked into {@code ~/.cache/vps-test/mox/} and checked
 * against their SHA-256 before use. There is no fallback: when the shared folder or a binary is
 * missing, {@link #v0_0_17()} fails naming what it looked for.
 */
public final class RealMox {
  /** mox v0.0.17, the version users download today (built with Go 1.23; see the vendor README). */
  public static final RealMox V0_0_17 = new RealMox("v0.0.17", "mox-v0.0.17-go1.23patched.xz",
      "91c7d6a61609cf0d3d9f515ecfe0d8378cc81bda50efaee481ab850485555684");
  /** mox v0.0.15, older than the configuration the SDK renders needs. */
  public static final RealMox V0_0_15 = new RealMox("v0.0.15", "mox-v0.0.15.xz",
      "8b0764bdd133b2552ff6472d720b1afd279511fe1b5a47426f6b6648300409ff");

  private final String version;
  private final String archive;
  private final String sha256;

  private RealMox(String version, String archive, String sha256) {
    this.version = version;
    this.archive = archive;
    this.sha256 = sha256;
  }

  /** The version tag. */
  public String version() {
    return version;
  }

  /** The SHA-256 (hex) of the binary. */
  public String sha256() {
    return sha256;
  }

  /** The unpacked, verified binary (0755), unpacked on first use. */
  public synchronized Path binary() {
    Path cached = Path.of(System.getProperty("user.home"), ".cache", "vps-test", "mox", sha256, "mox");
    try {
      if (Files.exists(cached) && sha256(cached).equals(sha256)) {
        return cached;
      }
      Path source = vendorDir().resolve(archive);
      if (!Files.isRegularFile(source)) {
        throw new IllegalStateException("no mox binary at " + source + " (the shared folder's vendor/mox; see its README)");
      }
      Files.createDirectories(cached.getParent());
      Path tmp = cached.resolveSibling("mox.tmp");
      Processes.run(List.of("sh", "-c", "xz -dc \"$1\" > \"$2\"", "sh", source.toString(), tmp.toString()), Map.of(), null)
          .requireSuccess();
      String got = sha256(tmp);
      if (!got.equals(sha256)) {
        Files.deleteIfExists(tmp);
        throw new IllegalStateException(source + " unpacks to a binary with SHA-256 " + got + ", expected " + sha256);
      }
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return cached;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code ../shared/vendor/mox} seen from the repository's root (the folder holding {@code .ci}),
   * found from the working directory upwards; the system property {@code vps.test.moxVendor} overrides it.
   */
  static Path vendorDir() {
    String override = System.getProperty("vps.test.moxVendor");
    if (override != null) {
      return Path.of(override);
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve(".ci"))) {
        return d.resolveSibling("shared").resolve("vendor").resolve("mox");
      }
    }
    throw new IllegalStateException("cannot find the repository root (a folder with .ci) above " + Path.of("").toAbsolutePath());
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "mox " + version;
  }
}
