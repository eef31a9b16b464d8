package com.dimosaic.vps;

import com.dimosaic.vps.app.ContainerApps;
import com.dimosaic.vps.app.StaticSites;
import com.dimosaic.vps.compose.ComposeGenerator;
import com.dimosaic.vps.deploy.DeployOptions;
import com.dimosaic.vps.deploy.DeployReport;
import com.dimosaic.vps.deploy.Deployer;
import com.dimosaic.vps.deploy.Rollback;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.provision.ProvisionOptions;
import com.dimosaic.vps.provision.ProvisionReport;
import com.dimosaic.vps.provision.Provisioner;
import com.dimosaic.vps.remote.RemoteHost;
import com.dimosaic.vps.secrets.sops.SopsSecrets;
import com.dimosaic.vps.stack.StackDir;
import com.dimosaic.vps.validation.ValidationReport;
import com.dimosaic.vps.validation.Validator;
import java.util.Objects;

/**
 * A connection to one host and the workflows on it. Obtain one from {@link Vps#connect}; close it when done.
 *
 * <pre>{@code
 * try (VpsSession vps = Vps.connect(target)) {
 *   ProvisionReport report = vps.provision(profile, ProvisionOptions.builder().build(profile), ProgressListener.NONE);
 * }
 * }</pre>
 */
public final class VpsSession implements AutoCloseable {
  private final RemoteHost host;

  VpsSession(RemoteHost host) {
    this.host = Objects.requireNonNull(host, "host == null");
  }

  /** The host connection, for custom steps. */
  public RemoteHost host() {
    return host;
  }

  /**
   * Provisions the host. The profile and its secrets are checked locally first (the SOPS MAC is
   * verified and every file rendered) so that bad input touches nothing on the host.
   */
  public ProvisionReport provision(Profile profile, ProvisionOptions options, ProgressListener listener) {
    if (profile.secrets() instanceof SopsSecrets sops) {
      sops.verify();
    }
    ComposeGenerator.forProfile(profile).render();
    return Provisioner.standard(options).run(host, profile, listener);
  }

  /**
   * Deploys the profile's current configuration to the provisioned host: plan, confirmation, backup,
   * staged apply with health gates and automatic restore (see {@link Deployer}).
   */
  public DeployReport deploy(Profile profile, DeployOptions options, ProgressListener listener) {
    return new Deployer(host, listener).deploy(profile, options);
  }

  /** The host's rollback points, and the way back to one. */
  public Rollback rollback(Profile profile, DeployOptions options) {
    return new Rollback(StackDir.of(host), profile, options);
  }

  /** The profile's static sites on this host: releases, atomic switch, rollback (keeps 5 releases; waits 60 s for the lock). */
  public StaticSites staticSites(Profile profile) {
    return new StaticSites(host, profile, 5, java.time.Duration.ofSeconds(60));
  }

  /**
   * The profile's container services delivered one at a time: redeploy to a (new) image with a
   * registry login, or build on the host from the service's repository; health-gated with a return
   * to the previous image (see {@link ContainerApps}).
   */
  public ContainerApps containerApps(Profile profile) {
    return new ContainerApps(host, profile);
  }

  /** Validates the host with the checks generated from the profile. */
  public ValidationReport validate(Profile profile) {
    return Validator.builder(profile, host).build().validate();
  }

  @Override
  public void close() {
    host.close();
  }
}
