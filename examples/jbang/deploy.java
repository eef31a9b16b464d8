///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS com.dimosaic:examples:0.1.0-SNAPSHOT
//DESCRIPTION Deploy the profile's changes: diff, confirm (or --yes), backup, staged apply with health gates

import com.dimosaic.vps.examples.Main;

/**
 * Deploy the profile's changes: diff, confirm (or --yes), backup, staged apply with health gates.
 *
 * <pre>
 * jbang deploy@dimosaic/vps --profile profiles/production --yes
 * </pre>
 *
 * The same as {@code java -jar vps.jar deploy ...}; every flag of the runner works here (keys from
 * VPS_SSH_KEY, SOPS_AGE_KEY and GHCR_TOKEN as there). Copy this file to start a script of your own
 * on the library API ({@code com.dimosaic.vps.Vps}).
 */
class deploy {
  public static void main(String... args) {
    Main.command("deploy", args);
  }
}
