package com.dimosaic.vps.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The backup checks against a scripted host: the last backup's age and the restore drill's result, PASS, WARN and FAIL. */
class BackupChecksTest {
  private static final long NOW = 1_800_000_000L;

  private static CheckResult last(String statusJson) {
    ComposeChecksTest.ScriptedHost host = new ComposeChecksTest.ScriptedHost().on("status.json", 0, NOW + "\n" + statusJson);
    return Checks.lastBackup(Duration.ofHours(26)).run(new CheckContext(host, ReportsTest.demo(), null));
  }

  private static CheckResult drill(String verifyJson) {
    ComposeChecksTest.ScriptedHost host = new ComposeChecksTest.ScriptedHost().on("verify.json", 0, NOW + "\n" + verifyJson);
    return Checks.restoreDrill(Duration.ofDays(8)).run(new CheckContext(host, ReportsTest.demo(), null));
  }

  @Test
  void aFreshBackupPassesWithItsAge() {
    CheckResult r = last("{\"result\":\"success\",\"point\":\"20270115T080000Z\",\"lastSuccessEpoch\":" + (NOW - 3 * 3600) + "}");
    assertEquals(Status.PASS, r.status(), r.detail());
    assertEquals("point 20270115T080000Z, 3 h ago (allowed 26 h)", r.detail());
  }

  @Test
  void aBackupOlderThanAllowedFails() {
    CheckResult r = last("{\"result\":\"success\",\"point\":\"20270113T080000Z\",\"lastSuccessEpoch\":" + (NOW - 30 * 3600) + "}");
    assertEquals(Status.FAIL, r.status(), r.detail());
    assertTrue(r.detail().contains("30 h ago"), r.detail());
  }

  @Test
  void aFailedRunAfterAFreshGoodOneWarnsAndNoneAtAllFails() {
    CheckResult failed = last("{\"result\":\"failed\",\"exit\":1,\"point\":\"20270115T090000Z\",\"lastSuccessEpoch\":" + (NOW - 600) + "}");
    assertEquals(Status.WARN, failed.status(), failed.detail());
    assertTrue(failed.detail().contains("the last run failed (exit 1)"), failed.detail());
    assertEquals(Status.FAIL, last("").status());
    assertEquals(Status.FAIL, last("{\"result\":\"failed\",\"exit\":1,\"lastSuccessEpoch\":0}").status());
    assertEquals(Status.FAIL, last("not json").status());
  }

  @Test
  void theDrillPassesFailsNamingTheCheckOrWarnsWhenItNeverRan() {
    CheckResult pass = drill("{\"result\":\"PASS\",\"point\":\"P\",\"epoch\":" + (NOW - 86400) + ",\"seconds\":42,\"checks\":[]}");
    assertEquals(Status.PASS, pass.status(), pass.detail());
    assertEquals("point P restored and checked in 42 s, 24 h ago", pass.detail());
    CheckResult fail = drill("{\"result\":\"FAIL\",\"point\":\"P\",\"epoch\":" + NOW + ",\"seconds\":3,\"checks\":[{\"name\":\"repository\","
        + "\"status\":\"FAIL\",\"detail\":\"pack 1f2e3d4c: does not match\"},{\"name\":\"redis\",\"status\":\"PASS\",\"detail\":\"ok\"}]}");
    assertEquals(Status.FAIL, fail.status());
    assertTrue(fail.detail().contains("repository: pack 1f2e3d4c: does not match") && !fail.detail().contains("redis"), fail.detail());
    assertEquals(Status.WARN, drill("").status());
    CheckResult old = drill("{\"result\":\"PASS\",\"point\":\"P\",\"epoch\":" + (NOW - 10 * 86400) + ",\"seconds\":42}");
    assertEquals(Status.WARN, old.status(), old.detail());
  }
}
