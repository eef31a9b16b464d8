package com.dimosaic.vps.fleet.bench;

import com.dimosaic.vps.Vps;
import com.dimosaic.vps.VpsFleet;
import com.dimosaic.vps.fleet.FleetReport;
import com.dimosaic.vps.fleet.Judges;
import com.dimosaic.vps.profile.FleetHost;
import com.dimosaic.vps.profile.HostSpec;
import com.dimosaic.vps.profile.Inventory;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.ProfileLoader;
import com.dimosaic.vps.profile.SshSettings;
import com.dimosaic.vps.ssh.SshTarget;
import com.dimosaic.vps.testing.LocalSshd;
import com.dimosaic.vps.testing.Processes;
import com.dimosaic.vps.validation.Check;
import com.dimosaic.vps.validation.Checks;
import com.dimosaic.vps.validation.ServiceAccess;
import com.dimosaic.vps.validation.ValidationReport;
import com.dimosaic.vps.validation.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Validation of 1, 3 and 8 hosts (local sshd instances on loopback, one per host) with ten checks each:
 * {@code Vps.fleet(...).run} (one SSH connection per host, 8 hosts at a time, checks in parallel per
 * host) against Ansible running the same ten commands ({@code ansible all -m command}, one ad-hoc run per
 * check, forks = 8, pipelining on). Best of three rounds each. Run with {@code bench/fleet-validate.sh}.
 */
public final class FleetValidateBench {
  private FleetValidateBench() {}

  /** The ten checks, as shell commands for Ansible (the vps checks below do the same reads). */
  static final List<String> COMMANDS = List.of("df -Pk /", "cat /proc/meminfo", "cat /proc/loadavg", "cat /proc/net/tcp", "uname -r",
      "test -d /etc", "id -u", "date +%s", "cat /etc/os-release", "nproc");

  public static void main(String[] args) throws Exception {
    String user = System.getProperty("bench.user", System.getProperty("user.name"));
    Profile base = ProfileLoader.load(Path.of("vps-core/src/test/resources/profiles/minimal"));
    List<LocalSshd> sshds = new ArrayList<>();
    Path tmp = Files.createTempDirectory("vps-fleet-bench");
    try {
      for (int i = 0; i < 8; i++) {
        sshds.add(LocalSshd.start());
      }
      Path key = tmp.resolve("id_ed25519");
      Processes.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), Map.of(), null).requireSuccess();
      sshds.forEach(s -> s.authorize(Path.of(key + ".pub")));
      StringBuilder known = new StringBuilder();
      sshds.forEach(s -> known.append(s.knownHostsLine()).append('\n'));
      Files.writeString(tmp.resolve("known_hosts"), known);
      Files.writeString(tmp.resolve("ansible.cfg"), "[defaults]\nforks = 8\ngathering = explicit\ninterpreter_python = auto_silent\n"
          + "[ssh_connection]\npipelining = True\nssh_args = -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile="
          + tmp.resolve("known_hosts") + " -o StrictHostKeyChecking=yes\n");

      System.out.println("targets  vps fleet validate        ansible -m command (10 runs)");
      for (int n : new int[] {1, 3, 8}) {
        List<FleetHost> hosts = new ArrayList<>();
        StringBuilder inv = new StringBuilder();
        for (int i = 0; i < n; i++) {
          LocalSshd s = sshds.get(i);
          hosts.add(new FleetHost("h" + (i + 1), new HostSpec("127.0.0.1", Optional.empty(), new SshSettings(s.port(), user, Optional.empty(),
              Optional.empty())), Optional.empty(), List.of("web"), List.of(), base.resources()));
          inv.append("h").append(i + 1).append(" ansible_host=127.0.0.1 ansible_port=").append(s.port()).append(" ansible_user=").append(user)
              .append(" ansible_ssh_private_key_file=").append(key).append('\n');
        }
        Files.writeString(tmp.resolve("inventory.ini"), inv);
        Profile profile = base.toBuilder().inventory(new Inventory(hosts)).build();
        VpsFleet fleet = Vps.fleet(profile, hosts, h -> SshTarget.builder("127.0.0.1").port(h.host().ssh().port()).user(user).identityFile(key)
            .hostKeyFingerprint(sshds.get(Integer.parseInt(h.name().substring(1)) - 1).hostKeyFingerprint()).build());
        Duration vps = Duration.ofDays(1);
        Duration ansible = Duration.ofDays(1);
        for (int round = 0; round < 3; round++) {
          FleetReport<ValidationReport> r = fleet.run("validate", (h, session, p, l) -> Validator.builder(p, session.host())
              .checks(checks(h.host().ssh().port())).services(ServiceAccess.host()).build().validate(), Judges.validation());
          if (!r.succeeded()) {
            throw new IllegalStateException(r.toText());
          }
          vps = min(vps, r.took());
          long t0 = System.nanoTime();
          for (String c : COMMANDS) {
            Processes.run(List.of("ansible", "all", "-i", "inventory.ini", "-m", "command", "-a", c), Map.of("ANSIBLE_CONFIG",
                tmp.resolve("ansible.cfg").toString()), tmp, Duration.ofMinutes(5)).requireSuccess();
          }
          ansible = min(ansible, Duration.ofNanos(System.nanoTime() - t0));
        }
        System.out.printf(Locale.ROOT, "%7d  %6.2f s (%5.0f ms/host)   %6.2f s (%5.0f ms/host)   %.1fx%n", n, vps.toMillis() / 1000.0,
            (double) vps.toMillis() / n, ansible.toMillis() / 1000.0, (double) ansible.toMillis() / n,
            (double) ansible.toMillis() / vps.toMillis());
      }
    } finally {
      sshds.forEach(LocalSshd::close);
    }
  }

  private static List<Check> checks(int sshPort) {
    List<Check> checks = new ArrayList<>(List.of(Checks.diskFree("/", 1), Checks.memoryUsage(99), Checks.load(1000),
        Checks.portListening(sshPort, Checks.INFRA)));
    checks.add(Checks.probe("kernel", List.of("uname", "-r"), ""));
    checks.add(Checks.probe("etc", List.of("test", "-d", "/etc"), ""));
    checks.add(Checks.probe("uid", List.of("id", "-u"), ""));
    checks.add(Checks.probe("clock", List.of("date", "+%s"), ""));
    checks.add(Checks.probe("os", List.of("cat", "/etc/os-release"), "ID="));
    checks.add(Checks.probe("cpus", List.of("nproc"), ""));
    return checks;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
