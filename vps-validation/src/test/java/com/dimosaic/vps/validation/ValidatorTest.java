package com.dimosaic.vps.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A check that throws is that check's FAIL, the others still run; details are redacted with the profile's secrets (issue 18 §2, §3). */
class ValidatorTest {
  @Test
  void aThrowingCheckIsItsOwnFailNotAnAbort() {
    Check boom = Check.of("x.boom", "test", "throws", ctx -> {
      throw new NullPointerException();
    });
    Check fine = Check.of("x.fine", "test", "passes", ctx -> CheckResult.pass("ok"));
    String secret = ReportsTest.demo().secrets().get("POSTGRES_PASSWORD").reveal();
    Check leaks = Check.of("x.leaks", "test", "quotes a log line", ctx -> CheckResult.warn("FATAL: password " + secret + " rejected", null));
    ValidationReport r = Validator.builder(ReportsTest.demo(), new ComposeChecksTest.ScriptedHost()).checks(List.of(boom, fine, leaks))
        .build().validate();
    Map<String, CheckResult> byId = new java.util.HashMap<>();
    r.outcomes().forEach(o -> byId.put(o.id(), o.result()));
    assertEquals(Status.FAIL, byId.get("x.boom").status());
    assertEquals("check error: NullPointerException", byId.get("x.boom").detail());
    assertEquals(Status.PASS, byId.get("x.fine").status());
    assertFalse(byId.get("x.leaks").detail().contains(secret), byId.get("x.leaks").detail());
    assertTrue(byId.get("x.leaks").detail().contains("${POSTGRES_PASSWORD}"), byId.get("x.leaks").detail());
    assertFalse(r.toText().contains(secret) || r.toJson().contains(secret));
  }
}
