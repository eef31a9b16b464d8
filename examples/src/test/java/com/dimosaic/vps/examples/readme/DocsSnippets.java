package com.dimosaic.vps.examples.readme;

import com.dimosaic.vps.DnsProviders;
import com.dimosaic.vps.Vps;
import com.dimosaic.vps.VpsFleet;
import com.dimosaic.vps.VpsSession;
import com.dimosaic.vps.app.Delivery;
import com.dimosaic.vps.app.DeliveryOptions;
import com.dimosaic.vps.app.RegistryLogin;
import com.dimosaic.vps.app.StaticSites;
import com.dimosaic.vps.backup.BackupPoint;
import com.dimosaic.vps.backup.BackupRun;
import com.dimosaic.vps.backup.DataBackups;
import com.dimosaic.vps.backup.DrillReport;
import com.dimosaic.vps.backup.RestoreOptions;
import com.dimosaic.vps.backup.RestoreReport;
import com.dimosaic.vps.deploy.DeployOptions;
import com.dimosaic.vps.deploy.DeployReport;
import com.dimosaic.vps.deploy.Rollback;
import com.dimosaic.vps.dns.DkimSource;
import com.dimosaic.vps.dns.DnsSync;
import com.dimosaic.vps.dns.PropagationCheck;
import com.dimosaic.vps.dns.ZonePlan;
import com.dimosaic.vps.fleet.FleetOptions;
import com.dimosaic.vps.fleet.FleetReport;
import com.dimosaic.vps.mox.MoxInstall;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.FleetHost;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.provision.ProvisionOptions;
import com.dimosaic.vps.provision.ProvisionReport;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.FileSpec;
import com.dimosaic.vps.ssh.SshRemoteHost;
import com.dimosaic.vps.ssh.SshTarget;
import com.dimosaic.vps.swarm.SwarmDeployReport;
import com.dimosaic.vps.validation.ValidationOptions;
import com.dimosaic.vps.validation.ValidationReport;
import com.dimosaic.vps.validation.Validator;
import com.dimosaic.vps.validation.junit.ReportAssert;
import com.dimosaic.vps.validation.junit.ValidationTests;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java snippets of {@code docs/*.md}, compiled by the build: each region {@code // docs:<file>} … {@code // docs:end}
 * is one {@code ```java} block of that file, and {@code DocsSnippetsTest} checks that every block of every doc is one of
 * these regions as it is (issue 19.9). The methods' parameters are what the prose around each block names.
 */
@SuppressWarnings("unused")
abstract class DocsSnippets {
  private static final Logger log = LoggerFactory.getLogger(DocsSnippets.class);

  static void apps(SshTarget target, Profile profile) {
    // docs:apps.md
    try (VpsSession vps = Vps.connect(target)) {
      StaticSites sites = vps.staticSites(profile);                // or new StaticSites(host, profile, keep, lockWait)
      StaticSites.Release r = sites.deploy("portal", Path.of("dist"), "ci@github");
      sites.rollback("portal", "ci@github");                      // back to the release before the current one
    }
    // docs:end
  }

  static void appsRedeploy(VpsSession vps, Profile profile, char[] token) {
    // docs:apps.md
    Delivery d = vps.containerApps(profile).redeploy("api", DeliveryOptions.builder()
        .image("ghcr.io/acme/api:1.4.2")                           // omit to pull the configured tag again (e.g. :main)
        .login(RegistryLogin.ghcr("acme-bot", token))              // token: char[]; goes over stdin
        .healthTimeout(Duration.ofMinutes(3)).who("ci@github").build());
    log.info(d.toText());   // redeploy api: now runs ghcr.io/acme/api:1.4.2 (3f2a…); was 91c0…; 1 old image(s) removed; blue-green in 6.2 s (drained in 0.3 s), 9.4 s
    // docs:end
  }

  static void appsBuild(VpsSession vps, Profile profile) {
    // docs:apps.md
    Delivery d = vps.containerApps(profile).buildOnHost("shop", DeliveryOptions.builder().ref("v2.3.0").build());
    // docs:end
  }

  static void backups(VpsSession vps, Profile profile, ProgressListener listener) {
    // docs:backups.md
    DataBackups backups = vps.backups(profile);
    BackupRun run = backups.now(listener);                       // progress: items, bytes and files
    List<BackupPoint> points = backups.list();
    RestoreReport r = backups.restore("latest", RestoreOptions.builder().only(List.of("postgres:app")).build(), listener);
    DrillReport drill = backups.verify("latest", "100%", listener);
    // docs:end
  }

  static void fleet(Profile profile, Path key) {
    // docs:fleet.md
    List<FleetHost> web = profile.inventory().select(false, List.of(), List.of("web"));
    VpsFleet fleet = Vps.fleet(profile, web, h -> SshTarget.builder(h.host().address()).port(h.host().ssh().port())
        .identityFile(key).build());
    FleetReport<ValidationReport> checked = fleet.validate(h -> ValidationOptions.builder().build());
    log.info("{}", checked.toText());                  // a line per host; toJson(), toJUnitXml(): a suite per host
    // docs:end

    // docs:fleet.md
    FleetReport<DeployReport> rolled = fleet.options(FleetOptions.builder().rolling(1).build())
        .deploy(h -> DeployOptions.builder().yes().build());   // stops at the first failed health gate
    // docs:end
  }

  static void swarm(VpsFleet fleet) {
    // docs:swarm.md
    List<StepResult> formed = fleet.formSwarm(ProgressListener.NONE);  // init, joins, labels, firewall
    SwarmDeployReport deployed = fleet.deploySwarm(Duration.ofMinutes(5), ProgressListener.NONE);
    ValidationReport health = fleet.validateSwarm();   // nodes (one down: WARN), replicas per service
    // docs:end
  }

  static void deploy(SshTarget target, Profile profile, ProgressListener listener) {
    // docs:deploy.md
    try (VpsSession vps = Vps.connect(target)) {
      DeployReport r = vps.deploy(profile, DeployOptions.builder().yes().message("new route").build(), listener);
      log.info("{}", r.toText());                        // plan, steps, result; r.plan().toJson() for machines
      Rollback rollback = vps.rollback(profile, DeployOptions.builder().build());
      rollback.list();                                   // timestamp, age, who, plan summary — newest first
      rollback.to("20261129T002903Z");
    }
    // docs:end
  }

  static void dns(Profile profile, DkimSource dkimSource, List<PropagationCheck.Expectation> expectations) {
    // docs:dns.md
    try (DnsProviders.Closeable provider = DnsProviders.open(profile, Optional.empty(), Optional.empty())) {
      List<ZonePlan> plans = DnsSync.plan(profile, provider, dkimSource, DnsSync.Options.DEFAULT);
      plans.forEach(z -> z.changes().forEach(c -> System.out.println(c.display())));   // + A www 203.0.113.50
      DnsSync.apply(provider, plans, DnsSync.Options.DEFAULT);
    }
    PropagationCheck.builder().resolvers(profile.dns().resolvers()).build().await(expectations, profile.dns().propagationWait());
    // docs:end
  }

  static void provisioning(SshTarget target, Profile profile, String url, ProgressListener listener) {
    // docs:provisioning.md
    try (VpsSession vps = Vps.connect(target)) {
      ProvisionReport report = vps.provision(profile, ProvisionOptions.builder().moxSource(MoxInstall.Source.download(url)).build(profile),
          listener);
      log.info("{}", report.toText());
    }
    // docs:end
  }

  static void ssh(byte[] bytes) {
    // docs:ssh.md
    SshTarget target = SshTarget.builder("203.0.113.50")
        .user("root")
        .identityFile(Path.of(System.getProperty("user.home"), ".ssh/id_ed25519"))   // or identityPem(...), identityFromEnvironment() (VPS_SSH_KEY)
        .hostKeyFingerprint("SHA256:...")                                              // or knownHosts(path), trustOnFirstUse(true)
        .build();
    try (SshRemoteHost host = SshRemoteHost.connect(target)) {
      host.run(Command.of("apt-get", "install", "-y", "ufw")).requireSuccess();
      host.upload("/home/app/docker/.env", bytes, FileSpec.of(0600, "app"));
    }
    // docs:end
  }

  static void validation(SshTarget target, Profile profile) {
    // docs:validation.md
    try (SshRemoteHost host = SshRemoteHost.connect(target)) {
      ValidationReport report = Validator.builder(profile, host).untilHealthy(Duration.ofMinutes(3)).build().validate();
      log.info("{}", report.toText());              // or toJson(), toJUnitXml()
      ReportAssert.assertThat(report).passes();     // in users' JUnit infra tests
    }
    // docs:end
  }

  ValidationReport report;

  // docs:validation.md
  @TestFactory
  Stream<DynamicTest> production() { return ValidationTests.dynamicTests(report); }   // one test per check
  // docs:end
}
