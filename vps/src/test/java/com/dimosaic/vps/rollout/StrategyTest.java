package com.dimosaic.vps.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dimosaic.vps.profile.Catalogue;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.ProfileLoader;
import com.dimosaic.vps.profile.Rollout;
import com.dimosaic.vps.secrets.sops.AgeKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which services of the demo stack switch blue/green, and what the profile's {@code rollout.strategy} changes. */
class StrategyTest {
  static Profile demo() {
    Path demo = Path.of("../examples/profiles/demo");
    return ProfileLoader.builder().ageKeys(AgeKeys.builder().identityFile(demo.resolve("demo-age-key.txt")).environment(Map.of()).build())
        .build().loadFrom(demo);
  }

  @Test
  void routedServicesThatCanRunTwiceSwitchBlueGreenEverythingElseRestarts() {
    Catalogue c = demo().catalogue();
    Map<String, String> by = new LinkedHashMap<>();
    c.enabledInDependencyOrder().forEach(s -> by.put(s.name(), Strategy.of(c, s).displayName()));
    assertEquals("restart", by.get("caddy"));
    assertEquals("restart", by.get("postgres"));
    assertEquals("restart", by.get("redis"));
    assertEquals("blue-green", by.get("zitadel"));
    assertEquals("blue-green", by.get("zitadel-login"));
    assertEquals("blue-green", by.get("windmill-server"));
    assertEquals("blue-green", by.get("windmill-lsp"));
    assertEquals("restart", by.get("windmill-worker"), "a worker has no route and is one writer");
    assertEquals("restart", by.get("postfix-relay"));
  }

  @Test
  void theProfileCanAskForARestart() {
    Catalogue c = demo().catalogue();
    var windmill = c.services().get("windmill-server").toBuilder().rollout(new Rollout(Rollout.Mode.RESTART, Optional.empty(),
        Duration.ofSeconds(30))).build();
    assertEquals(Strategy.RESTART, Strategy.of(c, windmill));
    assertEquals("none: Caddy's graceful reload", Strategy.RELOAD.interruption());
  }
}
