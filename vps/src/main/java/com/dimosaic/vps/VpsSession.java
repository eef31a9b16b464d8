package com.dimosaic.vps;

import com.dimosaic.vps.app.ContainerApps;
import com.dimosaic.vps.app.StaticSites;
import com.dimosaic.vps.backup.DataBackups;
import com.dimosaic.vps.compose.ComposeGenerator;
import com.dimosaic.vps.core.VpsException;
import com.dimosaic.vps.deploy.DeployOptions;
import com.dimosaic.vps.deploy.DeployReport;
import com.dimosaic.vps.deploy.Deployer;
import com.dimosaic.vps.deploy.Rollback;
import com.dimosaic.vps.drift.Drift;
import com.dimosaic.vps.drift.DriftRepair;
import com.dimosaic.vps.drift.DriftReport;
import com.dimosaic.vps.drift.RepairOptions;
import com.dimosaic.vps.drift.RepairReport;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.provision.ProvisionOptions;
import com.dimosaic.vps.provision.ProvisionReport;
import com.dimosaic.vps.provision.Provisioner;
import com.dimosaic.vps.remote.RedactingRemoteHost;
import com.dimosaic.vps.remote.RemoteHost;
import com.dimosaic.vps.secrets.Redactor;
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
    if (profile.engine() == com.dimosaic.vps.profile.Engine.SWARM) {
      com.dimosaic.vps.compose.SwarmStackGenerator.forProfile(profile).render();
    } else {
      ComposeGenerator.forProfile(profile).render();
    }
    RemoteHost h = forProfile(profile);
    return redacted(h, () -> Provisioner.standard(options).run(h, profile, listener));
  }

  /**
   * Deploys the profile's current configuration to the provisioned host: plan, confirmation, backup,
   * staged apply with health gates and automatic restore (see {@link Deployer}).
   */
  public DeployReport deploy(Profile profile, DeployOptions options, ProgressListener listener) {
    composeOnly(profile, "deploy", "VpsFleet.deploySwarm (vps deploy --all)");
    RemoteHost h = forProfile(profile);
    return redacted(h, () -> new Deployer(h, listener).deploy(profile, options));
  }

  /** The host's rollback points, and the way back to one. */
  public Rollback rollback(Profile profile, DeployOptions options) {
    composeOnly(profile, "rollback", "VpsFleet.rollbackSwarm (vps rollback --all --service S)");
    RemoteHost h = forProfile(profile);
    return redacted(h, () -> new Rollback(StackDir.of(h), profile, options));
  }

  /** The profile's static sites on this host: releases, atomic switch, rollback (keeps 5 releases; waits 60 s for the lock). */
  public StaticSites staticSites(Profile profile) {
    return new StaticSites(forProfile(profile), profile, 5, java.time.Duration.ofSeconds(60));
  }

  /**
   * The profile's container services delivered one at a time: redeploy to a (new) image with a
   * registry login, or build on the host from the service's repository; health-gated with a return
   * to the previous image (see {@link ContainerApps}).
   */
  public ContainerApps containerApps(Profile profile) {
    composeOnly(profile, "app delivery", "a new image in services.yaml and VpsFleet.deploySwarm");
    return new ContainerApps(forProfile(profile), profile);
  }

  /**
   * The profile's data backups on this host: backup now, the points, a plan-first restore, the restore drill (see
   * {@link DataBackups}; the session must be root).
   *
   * @throws com.dimosaic.vps.backup.BackupException NOT_CONFIGURED when the profile has no {@code backup:} section
   */
  public DataBackups backups(Profile profile) {
    return new DataBackups(forProfile(profile), profile);
  }

  /**
   * Compares the host and its DNS zone with the profile, read-only, with the provisioning code run in
   * check mode (see {@link Drift}); {@code options} are provisioning's (the DNS provider, Docker's
   * repository, Caddy's data folder).
   */
  public DriftReport drift(Profile profile, ProvisionOptions options, ProgressListener listener) {
    RemoteHost h = forProfile(profile);
    return redacted(h, () -> new Drift(h, profile, options).check(listener));
  }

  /**
   * Puts the profile's drifted items back: the drift is the plan, confirmed, then only the phases
   * whose items drifted run, under the deploy lock, with an audit line (see {@link DriftRepair}).
   */
  public RepairReport repairDrift(Profile profile, ProvisionOptions options, RepairOptions repair, ProgressListener listener) {
    RemoteHost h = forProfile(profile);
    return redacted(h, () -> new DriftRepair(h, profile, options).repair(repair, listener));
  }

  /** Validates the host with the checks generated from the profile. */
  public ValidationReport validate(Profile profile) {
    RemoteHost h = forProfile(profile);
    return redacted(h, () -> Validator.builder(profile, h).build().validate());
  }

  /** Validates the host with the checks generated from the profile, probed as {@code options} say (addresses, published ports). */
  public ValidationReport validate(Profile profile, com.dimosaic.vps.validation.ValidationOptions options) {
    RemoteHost h = forProfile(profile);
    return redacted(h, () -> Validator.builder(profile, h).options(options).build().validate());
  }

  /**
   * The host as the workflows for {@code profile} see it: its text redacted with the profile's secrets
   * and commands that would carry a secret in their arguments refused ({@link RedactingRemoteHost}).
   */
  public RemoteHost forProfile(Profile profile) {
    return RedactingRemoteHost.wrap(host, Redactor.of(profile.secrets()));
  }

  /** Refuses a Compose workflow for a profile whose stack runs on a swarm, naming what to use instead. */
  private static void composeOnly(Profile profile, String what, String instead) {
    if (profile.engine() == com.dimosaic.vps.profile.Engine.SWARM) {
      throw new VpsException(VpsException.General.INVALID_INPUT, "profile " + profile.name() + " has engine: swarm: " + what
          + " of one host's Compose stack does not apply; use " + instead);
    }
  }

  /** Runs a workflow; an SDK exception leaves it with every secret of the profile redacted from its messages. */
  private static <T> T redacted(RemoteHost h, java.util.function.Supplier<T> workflow) {
    try {
      return workflow.get();
    } catch (VpsException e) {
      throw e.redact(h.redactor());
    }
  }

  @Override
  public void close() {
    host.close();
  }
}
