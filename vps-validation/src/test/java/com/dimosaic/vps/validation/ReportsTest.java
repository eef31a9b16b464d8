package com.dimosaic.vps.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.ProfileLoader;
import com.dimosaic.vps.secrets.sops.AgeKeys;
import com.dimosaic.vps.validation.junit.ReportAssert;
import com.dimosaic.vps.validation.junit.ValidationTests;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class ReportsTest {
  static Profile demo() {
    Path demo = Path.of("../examples/profiles/demo");
    return ProfileLoader.builder().ageKeys(AgeKeys.builder().identityFile(demo.resolve("demo-age-key.txt")).environment(Map.of()).build())
        .build().loadFrom(demo);
  }

  @Test
  void checksAreGeneratedFromTheProfile() {
    List<Check> checks = Checks.forProfile(demo(), ValidationOptions.DEFAULT);
    Set<String> ids = checks.stream().map(Check::id).collect(Collectors.toSet());
    assertEquals(checks.size(), ids.size(), "ids are unique");
    assertTrue(checks.size() >= 36, "checks: " + checks.size());
    for (String id : List.of("infra.disk", "infra.memory", "infra.load", "infra.docker-networks", "infra.port.443",
        "containers.postgres.health", "containers.redis.health", "containers.windmill-worker.running", "endpoints.auth.example.com",
        "endpoints.db.zitadel", "certs.example.com:443", "certs.mail.example.com:993", "certs.mox", "host.mox.active",
        "host.port.587", "host.mox.config", "logs.zitadel", "logs.mox")) {
      assertTrue(ids.contains(id), id + " in " + ids);
    }
    assertEquals(Set.of("Infrastructure", "Containers", "Endpoints", "Certificates", "Host services", "Logs"),
        checks.stream().map(Check::category).collect(Collectors.toSet()));
  }

  static ValidationReport sample() {
    return new ValidationReport("demo", "root@203.0.113.50:22", Instant.parse("2026-11-28T22:00:00Z"), Duration.ofMillis(1834), List.of(
        new Outcome("infra.disk", "Infrastructure", "disk free", CheckResult.pass("78% free on /"), Duration.ofMillis(40), 1),
        new Outcome("certs.example.com:443", "Certificates", "certificate example.com", CheckResult.warn("valid, 10 days left",
            "docker compose logs caddy | grep -i acme"), Duration.ofMillis(80), 1),
        new Outcome("containers.zitadel.health", "Containers", "zitadel healthy", CheckResult.fail("probe failed (exit 1) <&>",
            "docker compose logs --tail 50 zitadel"), Duration.ofMillis(300), 3)));
  }

  @Test
  void textJsonAndJunitXml() throws Exception {
    ValidationReport r = sample();
    assertEquals(Status.FAIL, r.status());
    String text = r.toText();
    assertTrue(text.startsWith("VPS Validation Report\n"), text);
    assertTrue(text.contains("Summary:  1 passed, 1 warnings, 1 failed (3 checks)\nStatus:   FAIL\n"), text);
    assertTrue(text.contains("\nInfrastructure\n  ✓ disk free"), text);
    assertTrue(text.contains("  ⚠ certificate example.com"), text);
    assertTrue(text.contains("\nIssues\n  ✗ Containers: zitadel healthy — probe failed"), text);
    assertTrue(text.contains("    Check: docker compose logs --tail 50 zitadel"), text);
    assertTrue(text.contains("\nRecommendations\n"), text);

    JsonNode json = new ObjectMapper().readTree(r.toJson());
    assertEquals("FAIL", json.get("status").asText());
    assertEquals(1, json.get("summary").get("warn").asInt());
    assertEquals(3, json.get("checks").get(2).get("attempts").asInt());

    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(r.toJUnitXml().getBytes(StandardCharsets.UTF_8)));
    assertEquals("3", xml.getDocumentElement().getAttribute("tests"));
    assertEquals("1", xml.getDocumentElement().getAttribute("failures"));
    assertEquals(3, xml.getElementsByTagName("testcase").getLength());
    assertEquals("probe failed (exit 1) <&>", ((org.w3c.dom.Element) xml.getElementsByTagName("failure").item(0)).getAttribute("message"));
  }

  @Test
  void junitIntegration() {
    ValidationReport r = sample();
    List<DynamicTest> tests = ValidationTests.dynamicTests(r).toList();
    assertEquals(3, tests.size());
    assertEquals("Containers: zitadel healthy", tests.get(2).getDisplayName());
    assertThrows(AssertionError.class, () -> tests.get(2).getExecutable().execute());
    AssertionError e = assertThrows(AssertionError.class, () -> ReportAssert.assertThat(r).passes());
    assertTrue(e.getMessage().contains("containers.zitadel.health: probe failed"), e.getMessage());
    ReportAssert.assertThat(new ValidationReport("x", "h", Instant.now(), Duration.ZERO, List.of(sample().outcomes().get(1)))).passes();
    assertThrows(AssertionError.class, () -> ReportAssert.assertThat(new ValidationReport("x", "h", Instant.now(), Duration.ZERO,
        List.of(sample().outcomes().get(1)))).passesWithoutWarnings());
    assertEquals(Optional.empty(), CheckResult.pass("x").hint());
  }
}
