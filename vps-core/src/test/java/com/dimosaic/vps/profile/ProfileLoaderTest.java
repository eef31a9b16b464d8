package com.dimosaic.vps.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.secrets.sops.AgeKeys;
import com.dimosaic.vps.secrets.sops.SopsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileLoaderTest {
  static final Path DEMO = Path.of("../examples/profiles/demo");
  static final Path MINIMAL = Path.of("src/test/resources/profiles/minimal");

  @TempDir Path tmp;

  static final Path DEMO_KEY = DEMO.resolve("demo-age-key.txt");

  /** The demo profile with its (published, demo-only) age key. */
  static Profile loadDemo() {
    return ProfileLoader.builder()
        .ageKeys(AgeKeys.builder().identityFile(DEMO_KEY).environment(java.util.Map.of()).build())
        .build().loadFrom(DEMO);
  }

  @Test
  void loadsTheDemoProfile() {
    Profile p = loadDemo();
    assertEquals("demo", p.name());
    assertEquals("example.com", p.domains().primary());
    assertEquals("mail.example.com", p.domains().mailFqdn());
    assertEquals(9, p.catalogue().services().size());
    List<String> order = p.catalogue().enabledInDependencyOrder().stream().map(Service::name).toList();
    assertTrue(order.indexOf("postgres") < order.indexOf("zitadel"));
    assertTrue(order.indexOf("zitadel") < order.indexOf("zitadel-login"));
    assertTrue(order.indexOf("windmill-server") < order.indexOf("windmill-worker"));
    assertEquals(2, p.catalogue().services().get("windmill-worker").replicas());
    // the demo's address is a documentation one, and the loader says so (issue 19.7)
    assertEquals(List.of("profile.yaml: host: 203.0.113.50 is a documentation address (RFC 5737 / RFC 3849), not a public one: the DNS"
        + " records (A/AAAA @ and the rest) would point there; give the server's public address"), p.warnings());
    assertTrue(p.secrets().description().contains("SOPS"), p.secrets().description());
    assertTrue(p.secrets().names().contains("POSTGRES_PASSWORD"));
    assertEquals("Secret[POSTGRES_PASSWORD=****]", p.secrets().get("POSTGRES_PASSWORD").toString());
    assertEquals("demo-postgres-password", p.secrets().get("POSTGRES_PASSWORD").reveal());
  }

  @Test
  void aSopsProfileValidatesWithoutTheKeyAndFailsClearlyOnFirstUse() {
    Profile p = ProfileLoader.builder()
        .ageKeys(AgeKeys.builder().environment(java.util.Map.of()).home(tmp).build()).build().loadFrom(DEMO);
    assertTrue(p.secrets().names().contains("ZITADEL_MASTERKEY"), "names are read without a key");
    SopsException e = assertThrows(SopsException.class, () -> p.secrets().get("ZITADEL_MASTERKEY"));
    assertEquals(SopsException.Kind.NO_KEY, e.kind());
    assertTrue(e.getMessage().contains("SOPS_AGE_KEY_FILE (unset)"), e.getMessage());
  }

  @Test
  void aPlainSecretsFileIsAcceptedWithAWarning() {
    Profile p = ProfileLoader.load(MINIMAL);
    assertFalse(p.warnings().isEmpty());
    assertTrue(p.warnings().get(0).contains("secrets.yaml is not encrypted"));
  }

  @Test
  void reportsAllProblemsOfAFileTogether() throws IOException {
    Path dir = copy(MINIMAL);
    replace(dir.resolve("services.yaml"), "image: caddy:2", "imgae: caddy:2");
    replace(dir.resolve("services.yaml"), "dependsOn: [postgres]", "dependsOn: [postgress]");
    replace(dir.resolve("profile.yaml"), "timezone: UTC", "timezone: Mars/Olympus");
    ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(dir));
    String all = e.problems().stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    assertTrue(all.contains("profile.yaml:4:11: timezone: invalid value 'Mars/Olympus'"), all);
    assertTrue(all.contains("services.yaml:6:5: services.caddy.imgae: unknown key (did you mean 'image'?)"), all);
    assertTrue(all.contains("services.caddy.image: a service needs an image or a build"), all);
    assertTrue(all.contains("services.app.dependsOn[0]: undefined service 'postgress' (did you mean 'postgres'?)"), all);
  }

  Path copy(Path from) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "p");
    try (Stream<Path> s = Files.list(from)) {
      for (Path f : s.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    return dir;
  }

  static void replace(Path file, String from, String to) throws IOException {
    String text = Files.readString(file);
    if (!text.contains(from)) {
      throw new IllegalArgumentException(file + " has no '" + from + "'");
    }
    Files.writeString(file, text.replace(from, to));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"127.0.0.1,a loopback address", "10.1.2.3,a private address", "192.168.1.10,a private address",
      "172.16.0.1,a private address", "100.64.0.1,a shared (carrier-grade NAT) address", "169.254.1.1,a link-local address",
      "0.0.0.0,the unspecified address", "::1,a loopback address", "fd00::1,a private address", "fe80::1,a link-local address",
      "2001:db8::1,a documentation address (RFC 5737 / RFC 3849)", "198.51.100.7,a documentation address (RFC 5737 / RFC 3849)"})
  void aNonPublicAddressIsNamedInAWarning(String address, String kind) {
    assertEquals(java.util.Optional.of("profile.yaml: host: " + address + " is " + kind + ", not a public one: the DNS records (A/AAAA @"
        + " and the rest) would point there; give the server's public address"), ProfileLoader.hostAddressWarning(address));
  }

  @Test
  void aPublicAddressOrAHostNameIsNoWarning() {
    for (String a : List.of("1.1.1.1", "2a03:4000:30:1f20::10:8047", "vps.example.net", "172.32.0.1", "100.128.0.1")) {
      assertEquals(java.util.Optional.empty(), ProfileLoader.hostAddressWarning(a), a);
    }
  }
}
