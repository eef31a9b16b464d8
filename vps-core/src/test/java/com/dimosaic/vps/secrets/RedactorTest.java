package com.dimosaic.vps.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.core.VpsException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every value of the profile, in every form it takes on the way out, becomes its name. */
class RedactorTest {
  static final String PW = "p@ss:w/rd#?% it's";

  Redactor r = Redactor.of(new LinkedHashMap<>(Map.of("DB_PASSWORD", PW, "PIN", "42", "TOKEN", "tok-1234567890")));

  @Test
  void theValueAndItsEncodedFormsAreReplaced() {
    String url = "postgres://app:" + URLEncoder.encode(PW, StandardCharsets.UTF_8) + "@postgres:5432/app";
    String basic = "Authorization: Basic " + Base64.getEncoder().encodeToString(PW.getBytes(StandardCharsets.UTF_8));
    String json = "{\"password\":\"" + PW.replace("\"", "\\\"") + "\"}";
    String shell = "echo '" + PW.replace("'", "'\\''") + "'";
    String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(("tok-1234567890").getBytes(StandardCharsets.UTF_8));
    for (String text : new String[] {"password " + PW, url, basic, json, shell, "x=" + urlSafe}) {
      String out = r.apply(text);
      assertFalse(out.contains(PW) || out.contains("tok-1234567890") || out.contains(urlSafe), out);
      assertTrue(out.contains("${DB_PASSWORD}") || out.contains("${TOKEN}"), out);
    }
    assertEquals("postgres://app:${DB_PASSWORD}@postgres:5432/app",
        r.apply("postgres://app:" + URLEncoder.encode(PW, StandardCharsets.UTF_8) + "@postgres:5432/app"));
  }

  @Test
  void aShortValueIsReplacedAsAWholeWordOnly() {
    assertEquals("pin ${PIN}, port 5432, 420 items", r.apply("pin 42, port 5432, 420 items"));
  }

  @Test
  void aLongerValueThatContainsAShorterOneIsReplacedWhole() {
    Redactor both = Redactor.of(new LinkedHashMap<>(Map.of("A", "secret", "B", "secret-and-more")));
    assertEquals("${B} ${A}", both.apply("secret-and-more secret"));
  }

  @Test
  void findNamesTheSecretNeverTheValue() {
    assertEquals(Optional.of("TOKEN"), r.findIn("curl -H tok-1234567890"));
    assertEquals(Optional.empty(), r.findIn("nothing secret here"));
  }

  @Test
  void aMaskedSourceAndNoneRedactNothing() {
    SecretsSource plain = PlainSecrets.of(Map.of("X", "value-x"));
    assertEquals("${X}", Redactor.of(plain).apply("value-x"));
    assertTrue(Redactor.of(SecretsSource.masked(plain)).isEmpty());
    assertSame(Redactor.NONE.apply("value-x"), "value-x");
  }

  @Test
  void anExceptionAndItsCausesAreRedactedInPlaceKeepingTheirType() {
    VpsException cause = new VpsException("inner " + PW);
    SecretsException e = new SecretsException(SecretsException.Reason.FAILED, "outer " + PW, cause);
    e.addSuppressed(new VpsException("suppressed tok-1234567890"));
    assertSame(e, e.redact(r));
    assertEquals("outer ${DB_PASSWORD}", e.getMessage());
    assertEquals("inner ${DB_PASSWORD}", cause.getMessage());
    assertEquals("suppressed ${TOKEN}", e.getSuppressed()[0].getMessage());
    assertFalse(e.toString().contains(PW));
    assertEquals(SecretsException.Reason.FAILED, e.reason());
  }
}
