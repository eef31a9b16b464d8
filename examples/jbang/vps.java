///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS com.dimosaic:examples:0.1.0-SNAPSHOT
//DESCRIPTION The vps runner: plan, provision, deploy, rollback, validate, dns, app, secrets (see --help)

import com.dimosaic.vps.examples.Main;

/**
 * The vps runner: plan, provision, deploy, rollback, validate, dns, app, secrets (see --help).
 *
 * <pre>
 * jbang vps@dimosaic/vps --help
 * </pre>
 *
 * The same as {@code java -jar vps.jar ...}; every flag of the runner works here (keys from
 * VPS_SSH_KEY, SOPS_AGE_KEY and GHCR_TOKEN as there). Copy this file to start a script of your own
 * on the library API ({@code com.dimosaic.vps.Vps}).
 */
class vps {
  public static void main(String... args) {
    Main.main(args);
  }
}
