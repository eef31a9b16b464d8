package com.dimosaic.vps.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.ProfileLoader;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.remote.OutputListener;
import com.dimosaic.vps.remote.RemoteHost;
import com.dimosaic.vps.secrets.sops.AgeKeys;
import com.dimosaic.vps.stack.DeployException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Container delivery at the unit layer, with a scripted host: the registry token travels only on
 * stdin and the host is logged out again; a failed pull puts the pin back and recreates nothing;
 * an unchanged image recreates nothing; a held deploy lock stops a delivery. The real runs are {@code AppDeliveryE2eIT} (examples).
 */
class ContainerAppsTest {
  private static final String TOKEN = "ghp_unit-test-token-1234";
  private static final String COMPOSE = "services:\n  windmill-server:\n    image: ghcr.io/windmill-labs/windmill:1.520.1\n";

  private final List<Command> seen = new ArrayList<>();

  static Profile demo() {
    Path demo = Path.of("../examples/profiles/demo");
    return ProfileLoader.builder().ageKeys(AgeKeys.builder().identityFile(demo.resolve("demo-age-key.txt")).environment(Map.of()).build())
        .build().loadFrom(demo);
  }

  /** A root session whose service runs image {@code running}; the pulled reference resolves to {@code pulled}. */
  private boolean lockHeld;
  private boolean scaled;
  private String newHealth = "healthy";
  private final List<String> caddyLoads = new ArrayList<>();

  private RemoteHost host(String running, String pulled, boolean pullOk, boolean loginOk) {
    RemoteHost h = mock(RemoteHost.class);
    when(h.redactor()).thenReturn(com.dimosaic.vps.secrets.Redactor.NONE); // a mock answers null for default methods
    when(h.run(any(Command.class), any(OutputListener.class))).thenAnswer(inv -> {
      Command c = inv.getArgument(0);
      seen.add(c);
      String line = String.join(" ", c.argv());
      int code = 0;
      String out = "";
      if (line.equals("id -un")) {
        out = "root\n";
      } else if (line.contains("--scale windmill-server=2")) {
        scaled = true;
      } else if (line.contains("compose ps -q --all")) {
        out = scaled ? "c0ffee\nbeef01\n" : "c0ffee\n";
      } else if (line.contains("{{.Id}} {{.Name}}")) {
        out = "c0ffee0000 /demo-windmill-server-1\nbeef010000 /demo-windmill-server-2\n";
      } else if (line.contains("{{.State.Status}}")) {
        out = "/demo-windmill-server-2 running " + newHealth + "\n";
      } else if (line.contains("caddy adapt")) {
        out = "{\"apps\":{\"http\":{\"servers\":{\"srv0\":{\"routes\":[{\"handle\":[{\"handler\":\"reverse_proxy\","
            + "\"upstreams\":[{\"dial\":\"windmill-server:8000\"}]}]}]}}}}}";
      } else if (line.contains("caddy reload --config /dev/stdin")) {
        caddyLoads.add(new String(c.stdin(), StandardCharsets.UTF_8));
      } else if (line.contains("/reverse_proxy/upstreams")) {
        out = "[{\"address\":\"demo-windmill-server-1:8000\",\"num_requests\":0,\"fails\":0}]";
      } else if (line.contains("compose ps -q")) {
        out = "c0ffee\n";
      } else if (line.contains("com.docker.compose.service")) {
        out = "windmill-server " + running + "\n";
      } else if (line.contains("image inspect --format {{.Id}}")) {
        out = pulled + "\n";
      } else if (line.contains("compose pull")) {
        code = pullOk ? 0 : 1;
      } else if (line.contains("docker login")) {
        code = loginOk ? 0 : 1;
      } else if (line.contains("mkdir \"$1\"") && lockHeld) {
        code = 1;
      } else if (line.contains("compose ps --all --format json")) {
        out = "{\"State\":\"running\",\"Health\":\"healthy\"}\n";
      }
      return new CommandResult(line, code, out, code == 0 ? "" : "failed", Duration.ZERO);
    });
    when(h.run(any(Command.class))).thenCallRealMethod();
    when(h.read(anyString())).thenAnswer(inv -> {
      String path = inv.getArgument(0, String.class);
      if (path.endsWith("/docker-compose.yml")) {
        return Optional.of(COMPOSE.getBytes(StandardCharsets.UTF_8));
      }
      return path.endsWith("/lock/holder.json") && lockHeld ? Optional.of(("{\"who\":\"ci@runner-7\",\"since\":\"2026-11-29T00:00:00Z\","
          + "\"version\":\"1\",\"message\":\"deploy\"}").getBytes(StandardCharsets.UTF_8)) : Optional.empty();
    });
    when(h.describe()).thenReturn("scripted");
    return h;
  }

  private static DeliveryOptions.Builder options() {
    return DeliveryOptions.builder().who("ci@unit").lockWait(Duration.ZERO).healthTimeout(Duration.ofSeconds(5));
  }

  @Test
  void theTokenGoesOnlyOverStdinAndTheHostIsLoggedOutAfterThePull() {
    ContainerApps apps = new ContainerApps(host("sha256:old", "sha256:new", true, true), demo());
    Delivery d = apps.redeploy("windmill-server", options().image("ghcr.io/windmill-labs/windmill:1.521.0")
        .login(RegistryLogin.ghcr("bot", TOKEN.toCharArray())).build());
    assertTrue(d.changed(), d.toText());
    List<Command> logins = seen.stream().filter(c -> c.argv().contains("login")).toList();
    assertEquals(1, logins.size());
    assertEquals(TOKEN, new String(logins.get(0).stdin(), StandardCharsets.UTF_8));
    for (Command c : seen) {
      assertFalse(c.toShellLine().contains(TOKEN), "the token in a command line: " + c.toShellLine());
      assertFalse(c != logins.get(0) && new String(c.stdin(), StandardCharsets.UTF_8).contains(TOKEN), "the token sent elsewhere");
    }
    int pull = indexOf("compose pull");
    assertTrue(indexOf("docker login") < pull && pull < indexOf("docker logout"), "login, pull, logout");
    assertTrue(indexOf("up -d --no-deps --no-recreate --scale windmill-server=2 windmill-server") > indexOf("docker logout"),
        "started after the pull");
    assertFalse(RegistryLogin.ghcr("bot", TOKEN.toCharArray()).toString().contains(TOKEN));
  }

  @Test
  void aRoutedServiceSwitchesBlueGreenPinSwitchDrainRemoveAndBackToTheCaddyfile() {
    ContainerApps apps = new ContainerApps(host("sha256:old", "sha256:new", true, true), demo());
    Delivery d = apps.redeploy("windmill-server", options().image("ghcr.io/windmill-labs/windmill:1.521.0").build());
    assertEquals(Delivery.Outcome.UPDATED, d.outcome(), d.toText());
    assertEquals(com.dimosaic.vps.rollout.Strategy.BLUE_GREEN, d.strategy());
    assertEquals(List.of("demo-windmill-server-2"), d.switched().orElseThrow().to());
    // Caddy first dials the running container by name, then the new one; the file's names come back at the end
    assertEquals(2, caddyLoads.size(), caddyLoads.toString());
    assertTrue(caddyLoads.get(0).contains("\"dial\":\"demo-windmill-server-1:8000\""), caddyLoads.get(0));
    assertTrue(caddyLoads.get(1).contains("\"dial\":\"demo-windmill-server-2:8000\""), caddyLoads.get(1));
    int scale = indexOf("--scale windmill-server=2");
    int switched = indexOfNth("caddy reload --config /dev/stdin", 2);
    int stop = indexOf("docker stop --time 10 c0ffee");
    assertTrue(indexOf("caddy reload --config /dev/stdin") < scale && scale < switched && switched < indexOf("/reverse_proxy/upstreams")
        && indexOf("/reverse_proxy/upstreams") < stop && stop < indexOf("docker rm c0ffee")
        && indexOf("docker rm c0ffee") < indexOf("caddy reload --config /etc/caddy/Caddyfile"), "pin, start, switch, drain, remove, reload");
    assertEquals(-1, indexOf("up -d --no-deps windmill-server"), "no stop-start");
  }

  @Test
  void aNewContainerThatNeverBecomesHealthyIsRemovedAndTheOldOneNeverStops() {
    newHealth = "unhealthy";
    ContainerApps apps = new ContainerApps(host("sha256:old", "sha256:new", true, true), demo());
    Delivery d = apps.redeploy("windmill-server", options().image("ghcr.io/windmill-labs/windmill:1.521.0").build());
    assertEquals(Delivery.Outcome.REJECTED, d.outcome(), d.toText());
    assertFalse(d.ok());
    assertTrue(d.failure().orElseThrow().contains("Docker marked it unhealthy"), d.toText());
    assertTrue(indexOf("docker rm --force beef01") > 0, "the new container was left");
    assertEquals(-1, indexOf("docker stop"), "the old container was stopped");
    assertEquals(1, caddyLoads.size(), "Caddy was switched to the failed container");
    assertTrue(indexOf("caddy reload --config /etc/caddy/Caddyfile") > indexOf("docker rm --force beef01"), "Caddy not back on its file");
    assertTrue(indexOf("rm -f /home/app/docker/docker-compose.override.yml") > 0, "the pin was not put back");
    assertTrue(seen.stream().anyMatch(c -> String.join(" ", c.argv()).contains("audit.log") && new String(c.stdin(),
        StandardCharsets.UTF_8).contains("\"action\":\"redeploy\"") && new String(c.stdin(), StandardCharsets.UTF_8)
        .contains("\"result\":\"failed\"")), "no audit line 'redeploy failed'");
  }

  @Test
  void aFailedPullPutsThePinBackAndRecreatesNothing() {
    ContainerApps apps = new ContainerApps(host("sha256:old", "sha256:new", false, true), demo());
    DeployException e = assertThrows(DeployException.class, () -> apps.redeploy("windmill-server",
        options().image("ghcr.io/windmill-labs/windmill:9.9.9").build()));
    assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
    assertEquals(-1, indexOf("up -d"));
    assertTrue(indexOf("rm -f /home/app/docker/docker-compose.override.yml") > indexOf("compose pull"), "the pin was not removed");
  }

  @Test
  void aFailedLoginNamesRegistryAndUserButNotTheToken() {
    ContainerApps apps = new ContainerApps(host("sha256:old", "sha256:new", true, false), demo());
    DeployException e = assertThrows(DeployException.class, () -> apps.redeploy("windmill-server", options()
        .login(RegistryLogin.ghcr("bot", TOKEN.toCharArray())).build()));
    assertTrue(e.getMessage().contains("docker login to ghcr.io as bot failed"), e.getMessage());
    assertFalse(e.getMessage().contains(TOKEN));
    assertEquals(-1, indexOf("compose pull"));
  }

  @Test
  void theImageAlreadyRunningRecreatesNothing() {
    ContainerApps apps = new ContainerApps(host("sha256:same", "sha256:same", true, true), demo());
    Delivery d = apps.redeploy("windmill-server", options().build());
    assertFalse(d.changed(), d.toText());
    assertEquals(-1, indexOf("up -d"));
    assertTrue(d.toText().contains("unchanged"), d.toText());
  }

  @Test
  void aDeliveryNeedsTheDeployLockAndNamesWhoHoldsIt() {
    lockHeld = true;
    ContainerApps apps = new ContainerApps(host("sha256:old", "sha256:new", true, true), demo());
    DeployException e = assertThrows(DeployException.class, () -> apps.redeploy("windmill-server", options().build()));
    assertTrue(e.getMessage().contains("ci@runner-7"), e.getMessage());
    assertEquals(-1, indexOf("compose pull"));
    assertEquals(-1, indexOf("up -d"));
  }

  @Test
  void wrongUseIsRefusedBeforeTheHostIsTouched() {
    ContainerApps apps = new ContainerApps(host("a", "b", true, true), demo());
    assertThrows(DeployException.class, () -> apps.redeploy("nope", options().build()));
    assertThrows(DeployException.class, () -> apps.buildOnHost("windmill-server", options().build()));
    assertThrows(DeployException.class, () -> apps.redeploy("windmill-server", options().image("Bad Image!").build()));
    assertTrue(seen.isEmpty(), "the host was touched: " + seen);
  }

  private int indexOfNth(String part, int n) {
    for (int i = 0; i < seen.size(); i++) {
      if (String.join(" ", seen.get(i).argv()).contains(part) && --n == 0) {
        return i;
      }
    }
    return -1;
  }

  private int indexOf(String part) {
    for (int i = 0; i < seen.size(); i++) {
      if (String.join(" ", seen.get(i).argv()).contains(part)) {
        return i;
      }
    }
    return -1;
  }
}
