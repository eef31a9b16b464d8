package com.dimosaic.vps.examples.readme;

// readme:imports
import com.dimosaic.vps.OfflinePlan;
import com.dimosaic.vps.Vps;
import com.dimosaic.vps.VpsSession;
import com.dimosaic.vps.app.DeliveryOptions;
import com.dimosaic.vps.deploy.DeployOptions;
import com.dimosaic.vps.deploy.DeployReport;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.ProfileLoader;
import com.dimosaic.vps.provision.ProvisionOptions;
import com.dimosaic.vps.provision.ProvisionReport;
import com.dimosaic.vps.ssh.SshTarget;
import com.dimosaic.vps.validation.ValidationReport;
import java.nio.file.Path;
// readme:end

/**
 * The Java snippets of the README, compiled by the build; {@code ReadmeSnippetsTest} checks that the
 * README shows exactly these lines and runs {@link #offline}.
 */
public final class ReadmeSnippets {
  private ReadmeSnippets() {}

  /** Without a server. */
  public static OfflinePlan offline(Path profileDir) {
    // readme:offline
    Profile profile = ProfileLoader.load(profileDir);   // strict: every problem with file:line:column
    OfflinePlan plan = Vps.plan(profile);               // no server, no network; masked without an age key
    plan.files().forEach(f -> System.out.printf("%s %o%n", f.path(), f.mode()));
    plan.dns().forEach(zone -> zone.changes().forEach(c -> System.out.println(c.display())));  // + A www 203.0.113.50
    // readme:end
    return plan;
  }

  /** On a host. */
  public static void onAHost(Path profileDir, Path key, String fingerprint) {
    // readme:host
    Profile profile = ProfileLoader.load(profileDir);
    SshTarget target = SshTarget.builder("203.0.113.50").identityFile(key).hostKeyFingerprint(fingerprint).build();
    ProgressListener listener = ProgressListener.NONE;   // or your own: phases and steps as they finish
    try (VpsSession vps = Vps.connect(target)) {
      ProvisionReport provisioned = vps.provision(profile, ProvisionOptions.builder().build(profile), listener);  // bare → stack
      DeployReport deployed = vps.deploy(profile, DeployOptions.builder().yes().build(), listener);  // diff, backup, health gates
      vps.containerApps(profile).redeploy("api", DeliveryOptions.builder().image("ghcr.io/acme/api:1.4.2").build());  // one service
      ValidationReport report = vps.validate(profile);   // ~40 checks over one SSH connection
      System.out.println(provisioned.result() + " " + deployed.result() + "\n" + report.toText());
    }
    // readme:end
  }
}
