package com.dimosaic.vps.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Debian root filesystem built with {@code debootstrap} from a recipe and cached as a tarball
 * under {@code ~/.cache/vps-test/<name>-<hash of the recipe>/rootfs.tar}, so that changing a line
 * of the recipe (or the mirror) rebuilds it and nothing else does.
 *
 * <p>A recipe is {@code key=value} lines ({@code suite}, {@code variant}, {@code include}), then a
 * line {@code chroot:} and a shell script run with {@code /bin/sh -e} inside the new root
 * ({@code %MIRROR%} is replaced by the mirror).
 *
 * @param name the cache entry's prefix ({@code box}, {@code stack})
 * @param recipe the recipe text
 */
record Rootfs(String name, String recipe) {
  private static final Logger log = LoggerFactory.getLogger(Rootfs.class);

  /** The Debian mirror images and boxes use: {@code VPS_TEST_DEBIAN_MIRROR} or {@code deb.debian.org}. */
  static String mirror() {
    return System.getenv().getOrDefault("VPS_TEST_DEBIAN_MIRROR", "http://deb.debian.org/debian");
  }

  /** The first 12 hex digits of SHA-256 over the recipe and the mirror. */
  String hash() {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest((recipe + "\nmirror=" + mirror()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The cached tarball, built first if missing. */
  Path tarball() {
    Path cache = Path.of(System.getProperty("user.home"), ".cache", "vps-test", name + "-" + hash());
    Path tarball = cache.resolve("rootfs.tar");
    if (!Files.exists(tarball)) {
      build(cache, tarball);
    }
    return tarball;
  }

  private void build(Path cache, Path tarball) {
    String[] parts = recipe.split("\nchroot:\n", 2);
    Map<String, String> keys = new java.util.HashMap<>();
    parts[0].lines().forEach(l -> keys.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    try {
      Files.createDirectories(cache);
      Path rootfs = cache.resolve("rootfs");
      Processes.deleteTree(rootfs);
      log.info("building the {} root filesystem with debootstrap ({} from {}) in {}", name, keys.get("suite"), mirror(), rootfs);
      Processes.run(List.of("debootstrap", "--variant=" + keys.get("variant"), "--include=" + keys.get("include"), keys.get("suite"),
          rootfs.toString(), mirror()), Map.of(), null, Duration.ofMinutes(20)).requireSuccess();
      String script = parts[1].replace("%MIRROR%", mirror());
      Processes.run(List.of("chroot", rootfs.toString(), "/bin/sh", "-ec", script), Map.of(), null, Duration.ofMinutes(15))
          .requireSuccess();
      Path partial = cache.resolve("rootfs.tar.partial");
      Processes.run(List.of("tar", "--numeric-owner", "-C", rootfs.toString(), "-cf", partial.toString(), "."), Map.of(), null,
          Duration.ofMinutes(10)).requireSuccess();
      Files.move(partial, tarball, StandardCopyOption.ATOMIC_MOVE);
      Processes.deleteTree(rootfs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
