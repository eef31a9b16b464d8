package com.dimosaic.vps.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A credential placed in a URL is encoded; elsewhere a value is placed as it is (issue 19.6). */
class SecretTemplateTest {
  static final String PW = "p@ss:w/rd#?% +x";

  @Test
  void aPasswordInAUrlIsPercentEncodedAndTheUrlParsesBack() {
    String url = new SecretTemplate("postgres://windmill:${secret:PW}@postgres:5432/windmill?sslmode=disable&password=${secret:PW}")
        .render(Map.of("PW", PW)::get);
    assertEquals("postgres://windmill:p%40ss%3Aw%2Frd%23%3F%25%20%2Bx@postgres:5432/windmill?sslmode=disable&password=p%40ss%3Aw%2Frd%23%3F%25%20%2Bx",
        url);
    URI u = URI.create(url);
    assertEquals("windmill:" + PW, u.getUserInfo());
    assertEquals("postgres", u.getHost());
    assertEquals(5432, u.getPort());
  }

  @Test
  void outsideAUrlTheValueIsPlacedAsItIs() {
    assertEquals("user=app password=" + PW, new SecretTemplate("user=app password=${secret:PW}").render(Map.of("PW", PW)::get));
    assertEquals("https://host/" + PW, new SecretTemplate("https://host/${secret:PW}").render(Map.of("PW", PW)::get));
  }
}
