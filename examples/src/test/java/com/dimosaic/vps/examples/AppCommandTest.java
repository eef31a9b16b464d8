package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runner's app commands refuse wrong use before any connection (the demo host is never contacted here). */
class AppCommandTest {
  private static String[] run(Map<String, String> env, int expected, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new BufferedReader(new StringReader("")), new PrintWriter(out), new PrintWriter(err), env, args);
    assertEquals(expected, code, out + "\n" + err);
    return new String[] {out.toString(), err.toString()};
  }

  @Test
  void aRegistryUserWithoutItsTokenIsAUsageErrorNamingTheVariable() {
    String err = run(Map.of(), Main.USAGE, "app", "redeploy", "--profile", "profiles/demo", "--service", "windmill-server",
        "--image", "ghcr.io/acme/api:1", "--registry-user", "bot")[1];
    assertTrue(err.contains("GHCR_TOKEN"), err);
    err = run(Map.of("CI_TOKEN", ""), Main.USAGE, "app", "redeploy", "--profile", "profiles/demo", "--service", "x", "--registry-user",
        "bot", "--token-env", "CI_TOKEN", "--image", "ghcr.io/acme/api:1")[1];
    assertTrue(err.contains("CI_TOKEN"), err);
  }

  @Test
  void theRegistryComesFromTheImageOrMustBeGiven() {
    String err = run(Map.of("GHCR_TOKEN", "t"), Main.USAGE, "app", "redeploy", "--profile", "profiles/demo", "--service", "x",
        "--image", "acme/api:1", "--registry-user", "bot")[1];
    assertTrue(err.contains("--registry is required"), err);
    err = run(Map.of("GHCR_TOKEN", "t"), Main.USAGE, "app", "redeploy", "--profile", "profiles/demo", "--service", "x",
        "--image", "ghcr.io/acme/api:1", "--registry-user", "-rf")[1];
    assertTrue(err.contains("invalid registry user"), err);
  }

  @Test
  void flagsOfAnotherSubcommandAndTwoProfilesAreUsageErrors() {
    assertTrue(run(Map.of(), Main.USAGE, "app", "build-on-host", "--profile", "profiles/demo", "--service", "x", "--image", "a:1")[1]
        .contains("unknown option --image"));
    assertTrue(run(Map.of(), Main.USAGE, "app", "redeploy", "profiles/demo", "--profile", "profiles/demo", "--service", "x")[1]
        .contains("takes one profile folder"));
    assertTrue(run(Map.of(), Main.USAGE, "app", "redeploy", "--profile", "profiles/demo")[1].contains("--service is required"));
    assertTrue(run(Map.of(), Main.USAGE, "app", "ship-it")[1].contains("redeploy"));
  }
}
