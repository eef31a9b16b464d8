///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS com.dimosaic:examples:0.1.0-SNAPSHOT
//DESCRIPTION Provision a bare Debian/Ubuntu host to the running, validated stack, phase by phase

import com.dimosaic.vps.examples.Main;

/**
 * Provision a bare Debian/Ubuntu host to the running, validated stack, phase by phase.
 *
 * <pre>
 * jbang provision@dimosaic/vps --profile profiles/production
 * </pre>
 *
 * The same as {@code java -jar vps.jar provision ...}; every flag of the runner works here (keys from
 * VPS_SSH_KEY, SOPS_AGE_KEY and GHCR_TOKEN as there). Copy this file to start a script of your own
 * on the library API ({@code com.dimosaic.vps.Vps}).
 */
class provision {
  public static void main(String... args) {
    Main.command("provision", args);
  }
}
