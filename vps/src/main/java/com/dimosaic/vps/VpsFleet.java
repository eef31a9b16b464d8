package com.dimosaic.vps;

import com.dimosaic.vps.backup.BackupRun;
import com.dimosaic.vps.deploy.DeployOptions;
import com.dimosaic.vps.deploy.DeployReport;
import com.dimosaic.vps.drift.DriftReport;
import com.dimosaic.vps.fleet.Fleet;
import com.dimosaic.vps.fleet.FleetOptions;
import com.dimosaic.vps.fleet.FleetReport;
import com.dimosaic.vps.fleet.Judge;
import com.dimosaic.vps.fleet.Judges;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.profile.FleetHost;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.provision.ProvisionOptions;
import com.dimosaic.vps.provision.ProvisionReport;
import com.dimosaic.vps.secrets.sops.SopsSecrets;
import com.dimosaic.vps.validation.ValidationOptions;
import com.dimosaic.vps.validation.ValidationReport;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.swarm.SwarmChecks;
import com.dimosaic.vps.swarm.SwarmDeployReport;
import com.dimosaic.vps.swarm.SwarmDeployer;
import com.dimosaic.vps.swarm.SwarmFormation;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The workflows on a fleet of hosts: provision, deploy, validate, drift and backups on the hosts of a
 * profile's inventory, in parallel (8 at a time by default, one SSH connection per host) or rolling
 * ({@link FleetOptions}). Obtain one from {@link Vps#fleet}. One host's failure does not stop the
 * others in parallel mode; a rolling run stops at the first failure and leaves the rest untouched.
 *
 * <pre>{@code
 * Profile profile = ProfileLoader.load(Path.of("profiles/prod"));       // with hosts.yaml beside it
 * VpsFleet fleet = Vps.fleet(profile, profile.inventory().select(false, List.of(), List.of("web")),
 *     host -> SshTarget.builder(host.host().address()).identityFromEnvironment().build());
 * FleetReport<ValidationReport> report = fleet.validate(host -> ValidationOptions.builder().build());
 * System.out.print(report.toText());
 * }</pre>
 */
public final class VpsFleet {
  /** Opens a session on one host of the fleet. */
  @FunctionalInterface
  public interface Connector {
    /**
     * A session on {@code host}.
     *
     * @throws com.dimosaic.vps.remote.RemoteException when the host cannot be reached
     */
    VpsSession connect(FleetHost host);
  }

  /** A workflow on one connected host. */
  @FunctionalInterface
  public interface SessionTask<T> {
    /** Runs on {@code host}'s session, with the profile as this host sees it. */
    T run(FleetHost host, VpsSession session, Profile profile, ProgressListener listener);
  }

  private final Profile profile;
  private final List<FleetHost> hosts;
  private final Connector connector;
  private final FleetOptions options;

  VpsFleet(Profile profile, List<FleetHost> hosts, Connector connector, FleetOptions options) {
    this.profile = Objects.requireNonNull(profile, "profile == null");
    this.hosts = List.copyOf(hosts);
    this.connector = Objects.requireNonNull(connector, "connector == null");
    this.options = Objects.requireNonNull(options, "options == null");
    if (this.hosts.isEmpty()) {
      throw new IllegalArgumentException("a fleet needs at least one host");
    }
  }

  /** The same fleet run with other options (parallel cap, rolling, listener). */
  public VpsFleet options(FleetOptions o) {
    return new VpsFleet(profile, hosts, connector, o);
  }

  /** The hosts, in the order a rolling run takes them. */
  public List<FleetHost> hosts() {
    return hosts;
  }

  /**
   * Provisions every host. The profile and its secrets are checked once, locally, before any host is
   * touched. The DNS phase runs on one host only (the first {@code mail} host, else the first host),
   * with the whole fleet's records: a zone is planned once, not once per host.
   *
   * @param options each host's options (its validation probes, the mox source, the DNS provider)
   */
  public FleetReport<ProvisionReport> provision(Function<FleetHost, ProvisionOptions> options) {
    if (profile.secrets() instanceof SopsSecrets sops) {
      sops.verify();
    }
    FleetHost dnsHost = hosts.stream().filter(h -> h.has("mail")).findFirst().orElse(hosts.get(0));
    return run("provision", (self, vps, p, listener) -> {
      ProvisionOptions o = options.apply(self);
      return vps.provision(p, self.name().equals(dnsHost.name()) ? o : o.withoutDns(), listener);
    }, Judges.provision());
  }

  /** Deploys to every host (in a rolling run, each batch's health gates must pass before the next batch starts). */
  public FleetReport<DeployReport> deploy(Function<FleetHost, DeployOptions> options) {
    return run("deploy", (self, vps, p, listener) -> vps.deploy(p, options.apply(self), listener), Judges.deploy());
  }

  /** Validates every host. */
  public FleetReport<ValidationReport> validate(Function<FleetHost, ValidationOptions> options) {
    return run("validate", (self, vps, p, listener) -> vps.validate(p, options.apply(self)), Judges.validation());
  }

  /** Looks for drift on every host, read-only. */
  public FleetReport<DriftReport> drift(Function<FleetHost, ProvisionOptions> options) {
    return run("drift", (self, vps, p, listener) -> vps.drift(p, options.apply(self), listener), Judges.drift());
  }

  /** Backs up every host's data now (the profile's {@code backup:} settings, each host to its repository). */
  public FleetReport<BackupRun> backup() {
    return run("backup", (self, vps, p, listener) -> vps.backups(p).now(listener), Judges.backup());
  }

  /**
   * Forms the fleet's swarm ({@code engine: swarm}), or finds it formed: init on the first manager, the
   * others joined, nodes labelled from their roles, the swarm's ports opened between the fleet's own
   * addresses (see {@link SwarmFormation}). Needs Docker on every host (provision first).
   */
  public List<StepResult> formSwarm(ProgressListener listener) {
    List<VpsSession> sessions = new java.util.ArrayList<>();
    try {
      List<SwarmFormation.Member> members = new java.util.ArrayList<>();
      for (FleetHost h : hosts) {
        VpsSession s = connector.connect(h);
        sessions.add(s);
        members.add(new SwarmFormation.Member(h, s.forProfile(profile.forHost(h))));
      }
      return new SwarmFormation(members, listener).form();
    } catch (com.dimosaic.vps.core.VpsException e) {
      throw e.redact(com.dimosaic.vps.secrets.Redactor.of(profile.secrets()));
    } finally {
      sessions.forEach(VpsSession::close);
    }
  }

  /**
   * Deploys the profile's stack to the swarm on its first manager and waits up to {@code timeout} for it
   * to converge; an update whose new tasks fail their health check is rolled back by Swarm (see
   * {@link SwarmDeployer}).
   */
  public SwarmDeployReport deploySwarm(Duration timeout, ProgressListener listener) {
    return onLeader(h -> new SwarmDeployer(h, listener).deploy(profile, timeout));
  }

  /**
   * Moves one service of the swarm stack to another image, health-gated; Swarm rolls it back by itself
   * when the new tasks fail (see {@link SwarmDeployer#redeploy}).
   */
  public SwarmDeployReport redeploySwarm(String service, String image, java.util.Optional<com.dimosaic.vps.app.RegistryLogin> login,
      Duration timeout) {
    return onLeader(h -> new SwarmDeployer(h, ProgressListener.NONE).redeploy(profile.name(), service, image, login, timeout));
  }

  /** Rolls one service of the stack back to its previous spec on the swarm. */
  public List<StepResult> rollbackSwarm(String service, Duration timeout) {
    return onLeader(h -> new SwarmDeployer(h, ProgressListener.NONE).rollback(profile.name(), service, timeout));
  }

  /**
   * Validates the swarm from its first manager: the nodes (one down is WARN: reduced capacity) and
   * every service of the stack at its replicas (see {@link SwarmChecks}).
   */
  public ValidationReport validateSwarm() {
    List<String> services = profile.catalogue().enabledInDependencyOrder().stream().map(com.dimosaic.vps.profile.Service::name).toList();
    return onLeader(h -> com.dimosaic.vps.validation.Validator.builder(profile.forHost(leader()), h)
        .checks(SwarmChecks.of(profile.name(), services)).build().validate());
  }

  /** The first manager among the fleet's hosts (role {@code manager}, else the first host). */
  public FleetHost leader() {
    return hosts.stream().filter(h -> h.has("manager")).findFirst().orElse(hosts.get(0));
  }

  private <T> T onLeader(Function<com.dimosaic.vps.remote.RemoteHost, T> work) {
    FleetHost leader = leader();
    try (VpsSession s = connector.connect(leader)) {
      com.dimosaic.vps.remote.RemoteHost h = s.forProfile(profile.forHost(leader));
      try {
        return work.apply(h);
      } catch (com.dimosaic.vps.core.VpsException e) {
        throw e.redact(h.redactor());
      }
    }
  }

  /** Any workflow on every host, judged by {@code judge}: one connection per host, closed when the host is done. */
  public <T> FleetReport<T> run(String operation, SessionTask<T> task, Judge<T> judge) {
    return Fleet.run(operation, profile, hosts, options, (host, p, listener) -> {
      try (VpsSession vps = connector.connect(host)) {
        return task.run(host, vps, p, listener);
      }
    }, judge);
  }
}
