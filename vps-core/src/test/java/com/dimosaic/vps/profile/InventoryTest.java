package com.dimosaic.vps.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code hosts.yaml}: the fleet's hosts with roles, tags and overrides, bound with positions; selection. */
class InventoryTest {
  @TempDir Path tmp;

  static final String HOSTS = String.join("\n",
      "hosts:",
      "  - name: web-1",
      "    address: 203.0.113.51",
      "    roles: [web, manager]",
      "  - name: web-2",
      "    address: 203.0.113.52",
      "    ssh: {port: 2222, user: deploy}",
      "    roles: [web]",
      "    tags: [eu-central]",
      "  - name: mail-1",
      "    address: 203.0.113.60",
      "    ipv6: 2001:db8::60",
      "    roles: [mail, db]",
      "    resources: {minDiskGb: 40}",
      "");

  /** The minimal profile with {@code hosts} as its hosts.yaml. */
  static Path fleet(Path tmp, String hosts) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "fleet");
    try (Stream<Path> s = Files.list(ProfileLoaderTest.MINIMAL)) {
      for (Path f : s.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    Files.writeString(dir.resolve(Inventory.FILE), hosts);
    return dir;
  }

  @Test
  void hostsCarryRolesTagsAndOverridesAndInheritTheRestFromTheProfile() throws IOException {
    Profile p = ProfileLoader.load(fleet(tmp, HOSTS));
    Inventory inv = p.inventory();
    assertEquals(List.of("web-1", "web-2", "mail-1"), inv.names());
    FleetHost web2 = inv.host("web-2").orElseThrow();
    assertEquals(2222, web2.host().ssh().port());
    assertEquals("deploy", web2.host().ssh().user());
    assertEquals(List.of("eu-central"), web2.tags());
    FleetHost web1 = inv.host("web-1").orElseThrow();
    assertEquals(22, web1.host().ssh().port());
    assertEquals("root", web1.host().ssh().user());
    assertEquals(p.resources(), web1.resources());
    FleetHost mail = inv.host("mail-1").orElseThrow();
    assertEquals(40, mail.resources().minDiskGb());
    assertEquals(p.resources().minMemoryGb(), mail.resources().minMemoryGb());
    assertEquals(Optional.of("2001:db8::60"), mail.host().ipv6());
    // the profile as one host sees it: that host's address and resources, the rest shared
    Profile forMail = p.forHost(mail);
    assertEquals("203.0.113.60", forMail.host().address());
    assertEquals(40, forMail.resources().minDiskGb());
    assertEquals(p.catalogue(), forMail.catalogue());
    assertEquals(List.of(web1), inv.managers());
  }

  @Test
  void aProfileWithoutHostsYamlHasNoFleet() {
    Profile p = ProfileLoader.load(ProfileLoaderTest.MINIMAL);
    assertTrue(p.inventory().isEmpty());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.inventory().select(true, List.of(), List.of()));
    assertTrue(e.getMessage().contains("no hosts.yaml"), e.getMessage());
  }

  @Test
  void selectionByNameRoleTagOrAllKeepsFileOrder() throws IOException {
    Inventory inv = ProfileLoader.load(fleet(tmp, HOSTS)).inventory();
    assertEquals(List.of("web-1", "web-2", "mail-1"), names(inv.select(true, List.of(), List.of())));
    assertEquals(List.of("web-1", "web-2"), names(inv.select(false, List.of(), List.of("web"))));
    assertEquals(List.of("web-2", "mail-1"), names(inv.select(false, List.of(), List.of("eu-central", "db"))));
    assertEquals(List.of("web-1", "mail-1"), names(inv.select(false, List.of("mail-1", "web-1"), List.of())));
    assertEquals(List.of("web-2"), names(inv.select(false, List.of("web-2", "mail-1"), List.of("web"))));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> inv.select(false, List.of("web-3"), List.of()));
    assertTrue(unknown.getMessage().contains("no host 'web-3' in hosts.yaml") && unknown.getMessage().contains("web-1, web-2, mail-1"),
        unknown.getMessage());
    IllegalArgumentException role = assertThrows(IllegalArgumentException.class, () -> inv.select(false, List.of(), List.of("wbe")));
    assertTrue(role.getMessage().contains("has role or tag 'wbe' (roles and tags: web, manager, eu-central, mail, db)"), role.getMessage());
    assertThrows(IllegalArgumentException.class, () -> inv.select(false, List.of(), List.of()));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "    roles: [web, manager]|    roles: [web, manager]\\n    rols: [x]|hosts.yaml:5:5: hosts[0].rols: unknown key (did you mean 'roles'?)",
      "  - name: web-2|  - name: web-1|hosts.yaml:5:11: hosts[1].name: duplicate host name 'web-1' (also at hosts[0])",
      "  - name: web-2|  - name: Web_2|hosts.yaml:5:11: hosts[1].name: invalid host name 'Web_2'",
      "    address: 203.0.113.60|    address: 203.0.113.51|hosts.yaml:11:14: hosts[2].address: host 203.0.113.51:22 is already in the fleet (at hosts[0])",
      "    address: 203.0.113.52|    address: 'not an address!'|hosts.yaml:6:14: hosts[1].address: invalid address 'not an address!'",
      "    ssh: {port: 2222, user: deploy}|    ssh: {port: 70000}|hosts.yaml:7:17: hosts[1].ssh.port:",
      "    ssh: {port: 2222, user: deploy}|    ssh: {prot: 2222}|hosts.yaml:7:11: hosts[1].ssh.prot: unknown key (did you mean 'port'?)",
      "    roles: [mail, db]|    roles: [Mail]|hosts.yaml:13:13: hosts[2].roles[0]: invalid role 'Mail'",
      "    roles: [mail, db]|    roles: [db, db]|hosts.yaml:13:17: hosts[2].roles[1]: 'db' is listed twice",
      "    resources: {minDiskGb: 40}|    resources: {minDiskGB: 40}|hosts.yaml:14:17: hosts[2].resources.minDiskGB: unknown key (did you mean 'minDiskGb'?)",
      "    address: 203.0.113.60|    adress: 203.0.113.60|hosts.yaml:11:5: hosts[2].adress: unknown key (did you mean 'address'?)",
      "hosts:|hots:|hosts.yaml:1:1: hots: unknown key (did you mean 'hosts'?)",
  })
  void aMalformedHostsFileNamesFileLineAndKey(String find, String replace, String expected) throws IOException {
    Path dir = fleet(tmp, HOSTS.replace(find, replace.replace("\\n", "\n")));
    ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(dir));
    String all = e.problems().stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    assertTrue(all.contains(expected), () -> "expected\n  " + expected + "\nbut got\n" + all);
  }

  private static List<String> names(List<FleetHost> hosts) {
    return hosts.stream().map(FleetHost::name).toList();
  }
}
