package com.dimosaic.vps.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImagePinsTest {
  @Test
  void rendersAComposeOverrideThatParsesBack() {
    Map<String, String> pins = Map.of("api", "ghcr.io/acme/api:1.4.2", "web", "registry.example.com:5000/web@sha256:" + "a".repeat(64));
    byte[] file = ImagePins.render(pins);
    assertEquals(pins, ImagePins.parse(file));
    assertTrue(new String(file, StandardCharsets.UTF_8).startsWith("# Managed by vps"));
  }

  @Test
  void refusesWhatIsNotAnImageReference() {
    for (String bad : new String[] {"", "Upper/case:1", "-rm", "a b", "x:1\nservices:"}) {
      assertThrows(DeployException.class, () -> ImagePins.checkReference(bad), bad);
    }
    assertEquals("127.0.0.1:5001/vps/hello:v3", ImagePins.checkReference("127.0.0.1:5001/vps/hello:v3"));
  }

  @Test
  void anUnreadableFileIsNamed() {
    DeployException e = assertThrows(DeployException.class, () -> ImagePins.parse("services: [".getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("docker-compose.override.yml"), e.getMessage());
  }
}
