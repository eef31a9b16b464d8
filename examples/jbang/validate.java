///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS com.dimosaic:examples:0.1.0-SNAPSHOT
//DESCRIPTION Validate a host: PASS/WARN/FAIL as text, JSON or JUnit XML (exit 1 on FAIL)

import com.dimosaic.vps.examples.Main;

/**
 * Validate a host: PASS/WARN/FAIL as text, JSON or JUnit XML (exit 1 on FAIL).
 *
 * <pre>
 * jbang validate@dimosaic/vps --profile profiles/production --format junit > validation.xml
 * </pre>
 *
 * The same as {@code java -jar vps.jar validate ...}; every flag of the runner works here (keys from
 * VPS_SSH_KEY, SOPS_AGE_KEY and GHCR_TOKEN as there). Copy this file to start a script of your own
 * on the library API ({@code com.dimosaic.vps.Vps}).
 */
class validate {
  public static void main(String... args) {
    Main.command("validate", args);
  }
}
