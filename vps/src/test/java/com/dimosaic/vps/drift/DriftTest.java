package com.dimosaic.vps.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.phase.StepResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a check-mode step becomes an item, and the report's forms. */
class DriftTest {
  private static CheckOnlyHost.Intent write(String path, String diff) {
    return new CheckOnlyHost.Intent("write " + path, Optional.of(path), Optional.of(diff));
  }

  @Test
  void changedStepsBecomeItemsOfTheirKindAndUpkeepIsNotDrift() {
    List<DriftItem> items = new ArrayList<>();
    Drift.classify("docker environment", StepResult.changed("Caddyfile", "updated in place"), List.of(write("/s/Caddyfile", "--- d")), items);
    Drift.classify("mox", StepResult.changed("mox.conf and domains.conf", "passed mox config test"), List.of(
        write("/home/mox/config/mox.conf", "--- m"), write("/home/mox/config/domains.conf", "")), items);
    Drift.classify("mox", StepResult.changed("restart mox", "configuration or binary changed"), List.of(), items);
    Drift.classify("firewall", StepResult.changed("ufw allow 443/tcp", "added"), List.of(), items);
    Drift.classify("firewall", StepResult.unchanged("ufw allow 8081/tcp (not managed; kept)"), List.of(), items);
    Drift.classify("firewall", StepResult.unchanged("ufw allow 22/tcp"), List.of(), items);
    Drift.classify("system", StepResult.changed("apt-get update", "package lists refreshed"), List.of(), items);
    Drift.classify("system", StepResult.changed("packages curl ufw", "installed ufw"), List.of(), items);
    Drift.classify("system", StepResult.changed("timezone Europe/Berlin", "was UTC"), List.of(
        new CheckOnlyHost.Intent("ln -sf /usr/share/zoneinfo/Europe/Berlin /etc/localtime", Optional.empty(), Optional.empty())), items);
    Drift.classify("users", StepResult.changed("deployment state", "mode 666 → 640"), List.of(
        new CheckOnlyHost.Intent("chmod 640 -- /home/app/docker/.vps-state/state.json", Optional.empty(), Optional.empty())), items);
    assertEquals(List.of("FILE /s/Caddyfile", "FILE /home/mox/config/mox.conf", "FIREWALL_MISSING ufw allow 443/tcp",
        "FIREWALL_EXTRA ufw allow 8081/tcp", "PACKAGE packages curl ufw", "SETTING timezone Europe/Berlin",
        "FILE /home/app/docker/.vps-state/state.json"), items.stream().map(i -> i.kind() + " " + i.subject()).toList());
    assertTrue(items.get(5).detail().contains("would run: ln -sf"), items.get(5).detail());
    assertEquals("mode 666 → 640 (deployment state)", items.get(6).detail());
  }

  @Test
  void theReportCountsDriftNotUnmanagedRecordsAndNamesThePhasesToRepair() {
    DriftReport r = new DriftReport("demo", "root@h", Instant.parse("2026-12-06T07:00:00Z"), Duration.ofMillis(1500), List.of(
        new DriftItem(DriftItem.Kind.FILE, "docker environment", "/s/Caddyfile", "content differs", Optional.of("--- a\n+++ b\n-x\n+y\n"), true),
        new DriftItem(DriftItem.Kind.FIREWALL_EXTRA, "firewall", "ufw allow 8081/tcp", "not in the profile", Optional.empty(), true),
        new DriftItem(DriftItem.Kind.DNS_UNMANAGED, "dns", "TXT legacy.example.com \"x\"", "kept", Optional.empty(), false)),
        Map.of("firewall", 9));
    assertEquals(2, r.drift().size());
    assertEquals(Set.of("docker environment"), r.phasesToRepair(false));
    assertEquals(Set.of("docker environment", "firewall"), r.phasesToRepair(true));
    assertTrue(r.toText().startsWith("Drift of demo on root@h: 2 item(s)"), r.toText());
    assertTrue(r.toText().contains("dns: unmanaged, kept (not drift)\n  TXT legacy"), r.toText());
    assertTrue(r.toText().contains("      -x\n      +y\n"), r.toText());
    assertTrue(r.toJson().contains("\"drift\" : 2"), r.toJson());
    String junit = r.toJUnitXml();
    assertTrue(junit.contains("tests=\"4\" failures=\"2\""), junit);
    assertTrue(junit.contains("<system-out>kept</system-out>"), junit);
    assertEquals(1, r.countByKind().get(DriftItem.Kind.FILE));
  }
}
