///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS com.dimosaic:examples:0.1.0-SNAPSHOT
//DESCRIPTION Deliver an application: deploy-static, rollback-static, redeploy, build-on-host

import com.dimosaic.vps.examples.Main;

/**
 * Deliver an application: deploy-static, rollback-static, redeploy, build-on-host.
 *
 * <pre>
 * jbang app@dimosaic/vps redeploy --profile profiles/production --service api --image ghcr.io/acme/api:1.4.2
 * </pre>
 *
 * The same as {@code java -jar vps.jar app ...}; every flag of the runner works here (keys from
 * VPS_SSH_KEY, SOPS_AGE_KEY and GHCR_TOKEN as there). Copy this file to start a script of your own
 * on the library API ({@code com.dimosaic.vps.Vps}).
 */
class app {
  public static void main(String... args) {
    Main.command("app", args);
  }
}
