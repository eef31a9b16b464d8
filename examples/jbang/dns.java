///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS com.dimosaic:examples:0.1.0-SNAPSHOT
//DESCRIPTION Plan or sync the DNS records the profile needs at its provider (Netcup, zone file)

import com.dimosaic.vps.examples.Main;

/**
 * Plan or sync the DNS records the profile needs at its provider (Netcup, zone file).
 *
 * <pre>
 * jbang dns@dimosaic/vps plan --profile profiles/production
 * </pre>
 *
 * The same as {@code java -jar vps.jar dns ...}; every flag of the runner works here (keys from
 * VPS_SSH_KEY, SOPS_AGE_KEY and GHCR_TOKEN as there). Copy this file to start a script of your own
 * on the library API ({@code com.dimosaic.vps.Vps}).
 */
class dns {
  public static void main(String... args) {
    Main.command("dns", args);
  }
}
