package com.dimosaic.vps.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.dimosaic.vps.phase.PhaseResult;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.ProfileLoader;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.remote.OutputListener;
import com.dimosaic.vps.remote.RemoteHost;
import com.dimosaic.vps.secrets.sops.AgeKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Phase logic at the unit layer, with a scripted host (Mockito). The real run — a Debian box over SSH —
 * is the provisioning e2e test of issue 8.
 */
class PhasesTest {
  static Profile demo() {
    Path demo = Path.of("../examples/profiles/demo");
    return ProfileLoader.builder().ageKeys(AgeKeys.builder().identityFile(demo.resolve("demo-age-key.txt")).environment(Map.of()).build())
        .build().loadFrom(demo);
  }

  /** A host answering by the first script key contained in the command line; records every line. */
  static RemoteHost host(Map<String, String[]> script, List<String> seen) {
    RemoteHost h = mock(RemoteHost.class);
    when(h.redactor()).thenReturn(com.dimosaic.vps.secrets.Redactor.NONE); // a mock answers null for default methods
    when(h.run(any(Command.class), any(OutputListener.class))).thenAnswer(inv -> {
      String line = ((Command) inv.getArgument(0)).toShellLine();
      seen.add(line);
      for (Map.Entry<String, String[]> e : script.entrySet()) {
        if (line.contains(e.getKey())) {
          return new CommandResult(line, Integer.parseInt(e.getValue()[0]), e.getValue()[1], "", Duration.ZERO);
        }
      }
      return new CommandResult(line, 0, "", "", Duration.ZERO);
    });
    when(h.run(any(Command.class))).thenCallRealMethod();
    when(h.describe()).thenReturn("scripted");
    return h;
  }

  static final String DEBIAN13 = "PRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\nID=debian\nVERSION_ID=\"13\"\nVERSION_CODENAME=trixie\n";
  static final String DF = "Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda 262144000 20000000 242144000 8% /\n";

  @Test
  void preflightRefusesAnUnsupportedOsBeforeAnyChange() {
    List<String> seen = new ArrayList<>();
    Map<String, String[]> script = new LinkedHashMap<>();
    script.put("id -u", new String[] {"0", "0\n"});
    script.put("cat /etc/os-release", new String[] {"0", "PRETTY_NAME=\"Ubuntu 20.04.6 LTS\"\nID=ubuntu\nVERSION_ID=\"20.04\"\n"});
    ProvisionReport r = Provisioner.standard(ProvisionOptions.builder().build(demo()))
        .run(host(script, seen), demo(), ProgressListener.NONE);
    assertEquals(ProvisionReport.Result.REFUSED, r.result());
    assertTrue(r.failure().orElse("").contains("Ubuntu 20.04.6 LTS is not supported (allowed: debian>=12, ubuntu>=22.04)"), r.toText());
    assertEquals(List.of("id -u", "cat /etc/os-release"), seen, "nothing but reads ran");
    assertEquals(1, r.phases().size());
  }

  @Test
  void preflightRefusesTooLittleDiskWithTheReason() {
    List<String> seen = new ArrayList<>();
    Map<String, String[]> script = new LinkedHashMap<>();
    script.put("id -u", new String[] {"0", "0\n"});
    script.put("cat /etc/os-release", new String[] {"0", DEBIAN13});
    script.put("df -Pk /", new String[] {"0", "Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda 10485760 5242880 5242880 50% /\n"});
    ProvisionReport r = Provisioner.of(List.of(new PreflightPhase(), new SystemPhase())).run(host(script, seen), demo(), ProgressListener.NONE);
    assertEquals(ProvisionReport.Result.REFUSED, r.result());
    assertTrue(r.failure().orElse("").contains("free disk 5 GB is below the profile's minimum of 20 GB (resources.minDiskGb)"), r.toText());
    assertTrue(r.toText().contains("Result: REFUSED (0 changes)"), r.toText());
  }

  @Test
  void firewallAddsOnlyWhatIsMissingAndKeepsUnmanagedRules() {
    Profile p = demo();
    List<String> seen = new ArrayList<>();
    Map<String, String[]> script = new LinkedHashMap<>();
    script.put("ufw show added", new String[] {"0", "Added user rules (see 'ufw status' for running firewall):\nufw allow 22/tcp\n"
        + "ufw allow 80/tcp\nufw allow 8443/tcp\n"});
    script.put("ufw status", new String[] {"0", "Status: active\n"});
    List<StepResult> steps = new FirewallPhase().execute(ctx(host(script, seen), p));
    List<String> added = steps.stream().filter(StepResult::changed).map(StepResult::step).toList();
    assertEquals(List.of("ufw allow 443/tcp", "ufw allow 25/tcp", "ufw allow 465/tcp", "ufw allow 587/tcp", "ufw allow 993/tcp",
        "ufw allow from 172.16.0.0/12 to any port 8080 proto tcp"), added);
    assertTrue(steps.stream().anyMatch(s -> s.step().equals("ufw allow 8443/tcp (not managed; kept)") && !s.changed()));
    assertTrue(seen.contains("ufw allow from 172.16.0.0/12 to any port 8080 proto tcp"), seen.toString());
    assertTrue(seen.stream().noneMatch(l -> l.contains("delete")), "unmanaged rules are only reported");
    assertTrue(seen.stream().noneMatch(l -> l.contains("--force enable")), "already active");
  }

  @Test
  void distributionDockerPackagesFollowTheRelease() {
    Map<String, String[]> ubuntu = new LinkedHashMap<>();
    ubuntu.put("apt-cache policy docker-cli", new String[] {"0", ""});
    ubuntu.put("apt-cache policy docker-compose-v2", new String[] {"0", "docker-compose-v2:\n  Installed: (none)\n  Candidate: 2.24.6\n"});
    assertEquals(List.of("docker.io", "docker-compose-v2"), DockerPhase.distributionDockerPackages(host(ubuntu, new ArrayList<>())));
    Map<String, String[]> trixie = new LinkedHashMap<>();
    trixie.put("apt-cache policy docker-cli", new String[] {"0", "docker-cli:\n  Installed: (none)\n  Candidate: 26.1.5\n"});
    trixie.put("apt-cache policy docker-compose-v2", new String[] {"0", "docker-compose-v2:\n  Installed: (none)\n  Candidate: (none)\n"});
    assertEquals(List.of("docker.io", "docker-cli", "docker-compose"), DockerPhase.distributionDockerPackages(host(trixie, new ArrayList<>())));
  }

  @Test
  void aConvergedHostReportsNoChanges() {
    Profile p = demo();
    List<String> seen = new ArrayList<>();
    Map<String, String[]> script = new LinkedHashMap<>();
    StringBuilder rules = new StringBuilder();
    FirewallPhase.desiredRules(p).forEach(r -> rules.append("ufw ").append(r).append('\n'));
    script.put("ufw show added", new String[] {"0", rules.toString()});
    script.put("ufw status", new String[] {"0", "Status: active\n"});
    script.put("id -nG app", new String[] {"0", "app docker\n"});
    ProvisionReport r = Provisioner.of(List.of(new UsersPhase(), new FirewallPhase())).run(host(script, seen), p, ProgressListener.NONE);
    assertEquals(ProvisionReport.Result.SUCCESS, r.result(), r.toText());
    assertEquals(0, r.changes(), r.toText());
    assertTrue(seen.stream().noneMatch(l -> l.startsWith("useradd") || l.startsWith("ufw allow")), seen.toString());
  }

  @Test
  void phasesAreTheSeedsTenInOrderAndSkippedPhasesSayWhy() {
    List<String> names = Provisioner.standard(ProvisionOptions.builder().build(demo())).phases().stream().map(ph -> ph.name()).toList();
    assertEquals(List.of("pre-flight", "system preparation", "users", "firewall", "docker", "mox", "dns", "docker environment", "deploy",
        "certificates", "backups", "validation"), names);
    ProvisionReport r = Provisioner.of(List.of(new MoxPhase(java.util.Optional.empty()))).run(host(new LinkedHashMap<>(), new ArrayList<>()),
        demo(), ProgressListener.NONE);
    assertEquals(PhaseResult.Status.SKIPPED, r.phases().get(0).status());
    assertTrue(r.toText().contains("skipped: no mox binary source given"), r.toText());
    assertTrue(r.toJson().contains("\"result\" : \"SUCCESS\""), r.toJson());
  }

  static com.dimosaic.vps.phase.Phase.Context ctx(RemoteHost h, Profile p) {
    return com.dimosaic.vps.phase.Phase.Context.of(h, p, ProgressListener.NONE);
  }
}
