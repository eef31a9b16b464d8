package com.dimosaic.vps.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A profile file that is not a small text file is one clear problem, never an exception or an exhausted heap (issue 19.2, 19.14). */
class ProfileFilesTest {
  @TempDir Path tmp;

  Path copy() throws IOException {
    Path dir = Files.createTempDirectory(tmp, "p");
    try (Stream<Path> s = Files.list(ProfileLoaderTest.MINIMAL)) {
      for (Path f : s.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    return dir;
  }

  String problem(Path dir) {
    ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(dir));
    return e.problems().get(0).toString();
  }

  @Test
  void endlessFileIsTooLarge() throws IOException {
    Path dir = copy();
    Files.delete(dir.resolve("profile.yaml"));
    Files.createSymbolicLink(dir.resolve("profile.yaml"), Path.of("/dev/zero"));
    assertEquals("profile.yaml: file too large (more than 1024 KiB): a profile file is configuration", problem(dir));
  }

  @Test
  void binaryMissingAndFolder() throws IOException {
    Path dir = copy();
    Files.write(dir.resolve("profile.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
    assertEquals("profile.yaml: not UTF-8 text (a binary file?)", problem(dir));
    Files.write(dir.resolve("profile.yaml"), new byte[] {'a', 0, 'b'});
    assertEquals("profile.yaml: not text: it holds NUL bytes (a binary file?)", problem(dir));
    Files.delete(dir.resolve("profile.yaml"));
    assertEquals("profile.yaml: no such file (" + dir.resolve("profile.yaml") + ")", problem(dir));
    Files.createDirectory(dir.resolve("profile.yaml"));
    assertEquals("profile.yaml: cannot read file: it is a folder", problem(dir));
  }

  /** Issue 19.5: a plain secrets file beside the encrypted one is refused, not silently ignored. */
  @Test
  void plainAndEncryptedSecretsTogetherAreRefused() throws IOException {
    Path dir = copy();
    Files.copy(ProfileLoaderTest.DEMO.resolve("secrets.enc.yaml"), dir.resolve("secrets.enc.yaml"));
    assertEquals("secrets.yaml: both secrets.yaml and secrets.enc.yaml are present: keep one (encrypt secrets.yaml with 'vps secrets"
        + " encrypt' and delete it)", problem(dir));
  }

  /** Issue 19.6: a host path outside the allow-list loads only where the service says unsafeHostMounts: true. */
  @Test
  void unsafeHostMountsIsAnExplicitChoice() throws IOException {
    Path dir = copy();
    Path services = dir.resolve("services.yaml");
    Files.writeString(services, Files.readString(services).replace("image: example/app:1",
        "image: example/app:1\n    volumes: [\"/var/run/docker.sock:/var/run/docker.sock:ro\", \"./data:/data\", \"/var/www:/srv:ro\"]"));
    assertEquals("services.yaml:16:15: services.app.volumes[0]: host path '/var/run/docker.sock' is outside the stack folder and the"
        + " allowed host paths (/var/www, /etc/localtime, /etc/timezone); set unsafeHostMounts: true on the service if the container"
        + " really needs it", problem(dir));
    Files.writeString(services, Files.readString(services).replace("image: example/app:1", "image: example/app:1\n    unsafeHostMounts: true"));
    Profile p = ProfileLoader.load(dir);
    assertEquals(3, p.catalogue().services().get("app").volumes().size());
  }
}
