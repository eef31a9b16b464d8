package com.dimosaic.vps.provision.bench;

import com.dimosaic.vps.Vps;
import com.dimosaic.vps.VpsSession;
import com.dimosaic.vps.drift.Drift;
import com.dimosaic.vps.drift.DriftReport;
import com.dimosaic.vps.phase.Phase;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.ProfileLoader;
import com.dimosaic.vps.provision.DockerPhase;
import com.dimosaic.vps.provision.FirewallPhase;
import com.dimosaic.vps.provision.PreflightPhase;
import com.dimosaic.vps.provision.ProvisionOptions;
import com.dimosaic.vps.provision.ProvisionReport;
import com.dimosaic.vps.provision.Provisioner;
import com.dimosaic.vps.provision.ProvisioningOutline;
import com.dimosaic.vps.provision.SystemPhase;
import com.dimosaic.vps.provision.UsersPhase;
import com.dimosaic.vps.secrets.sops.AgeKeys;
import com.dimosaic.vps.ssh.SshTarget;
import com.dimosaic.vps.testing.Processes;
import com.dimosaic.vps.testing.VpsBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * No-op re-provisioning of phases 2–5 (packages, timezone, users, UFW, Docker) on a converged "VPS
 * in a box", versus Ansible (Debian's {@code ansible}, pipelining on) converging the same tasks on
 * the same box: both over SSH from this machine, each run five times after convergence, medians
 * printed side by side; then the drift check of the same phases ({@link Drift} in check mode) against
 * {@code ansible-playbook --check --diff} of the same playbook, five times each. Run by {@code bench/provision-vs-ansible.sh}.
 */
public final class ProvisionVsAnsible {
  private static final int RUNS = 5;

  private ProvisionVsAnsible() {}

  /** Runs the benchmark and prints the table. */
  public static void main(String[] args) throws Exception {
    Path tmp = Files.createTempDirectory("vps-bench-ansible");
    try {
      run(tmp);
    } finally {
      Processes.deleteTree(tmp);
    }
  }

  private static void run(Path tmp) throws Exception {
    Path key = tmp.resolve("id_ed25519");
    Processes.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), Map.of(), null).requireSuccess();
    Profile profile = demoProfile(tmp);
    try (VpsBox box = VpsBox.start(Path.of(key + ".pub"))) {
      SshTarget target = SshTarget.builder("127.0.0.1").port(box.sshPort()).user("root").identityFile(key)
          .hostKeyFingerprint(box.hostKeyFingerprint()).build();
      List<Phase> converge = List.of(new PreflightPhase(), new SystemPhase(), new UsersPhase(), new FirewallPhase(),
          new DockerPhase("https://download.docker.com/linux"));
      List<Phase> noop = converge.subList(1, converge.size());
      long[] ours = new long[RUNS];
      try (VpsSession session = Vps.connect(target)) {
        ProvisionReport first = Provisioner.of(converge).run(session.host(), profile, ProgressListener.NONE);
        if (first.result() != ProvisionReport.Result.SUCCESS) {
          throw new IllegalStateException(first.toText());
        }
        System.out.printf(Locale.ROOT, "vps: converged phases 1-5 from bare in %.1f s (%d changes)%n", first.took().toMillis() / 1000.0,
            first.changes());
        for (int i = 0; i < RUNS; i++) {
          ProvisionReport r = Provisioner.of(noop).run(session.host(), profile, ProgressListener.NONE);
          if (r.changes() != 0 || r.result() != ProvisionReport.Result.SUCCESS) {
            throw new IllegalStateException("not a no-op:\n" + r.toText());
          }
          ours[i] = r.took().toMillis();
        }
      }
      // Ansible needs Python (and python3-apt for its apt module) on the target: installed outside the timing
      box.exec("DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3 python3-apt >/dev/null")
          .requireSuccess();
      Path dir = ansibleProject(tmp, box, key, profile);
      Processes.Result converged = ansible(dir);
      if (converged.exitCode() != 0) {
        throw new IllegalStateException("ansible-playbook failed:\n" + converged.output());
      }
      System.out.println("ansible: first run on the converged box: " + recap(converged.output()));
      long[] theirs = new long[RUNS];
      for (int i = 0; i < RUNS; i++) {
        long t0 = System.nanoTime();
        Processes.Result r = ansible(dir);
        theirs[i] = (System.nanoTime() - t0) / 1_000_000;
        if (r.exitCode() != 0 || !recap(r.output()).contains("changed=0")) {
          throw new IllegalStateException("ansible run " + i + " was not a no-op:\n" + r.output());
        }
      }
      // drift: the same phases in check mode against ansible-playbook --check --diff of the same playbook
      long[] driftMs = new long[RUNS];
      try (VpsSession session = Vps.connect(target)) {
        for (int i = 0; i < RUNS; i++) {
          DriftReport d = new Drift(session.forProfile(profile), profile, ProvisionOptions.builder().validate(false).build(profile))
              .only(Set.of("system", "users", "firewall", "docker")).check(ProgressListener.NONE);
          if (!d.clean()) {
            throw new IllegalStateException("drift on the converged box:\n" + d.toText());
          }
          driftMs[i] = d.took().toMillis();
        }
      }
      long[] checkMs = new long[RUNS];
      for (int i = 0; i < RUNS; i++) {
        long t0 = System.nanoTime();
        Processes.Result r = Processes.run(List.of("ansible-playbook", "-i", "inventory.ini", "converge.yml", "--check", "--diff"),
            Map.of("ANSIBLE_CONFIG", dir.resolve("ansible.cfg").toString()), dir, Duration.ofMinutes(15));
        checkMs[i] = (System.nanoTime() - t0) / 1_000_000;
        if (r.exitCode() != 0 || !recap(r.output()).contains("changed=0")) {
          throw new IllegalStateException("ansible --check run " + i + " found changes:\n" + r.output());
        }
      }
      long a = median(ours);
      long b = median(theirs);
      System.out.println();
      System.out.printf(Locale.ROOT, "drift check of phases 2-5 on the converged box (median of %d)%n", RUNS);
      System.out.printf(Locale.ROOT, "  %-34s %6d ms   %s%n", "vps drift (check mode)", median(driftMs), join(driftMs));
      System.out.printf(Locale.ROOT, "  %-34s %6d ms   %s%n", "ansible-playbook --check --diff", median(checkMs), join(checkMs));
      System.out.println();
      System.out.printf(Locale.ROOT, "no-op re-provision of phases 2-5 on a converged box (median of %d)%n", RUNS);
      System.out.printf(Locale.ROOT, "  %-34s %8s   %s%n", "", "median", "runs (ms)");
      System.out.printf(Locale.ROOT, "  %-34s %6d ms   %s%n", "vps (one SSH connection)", a, join(ours));
      System.out.printf(Locale.ROOT, "  %-34s %6d ms   %s%n", "ansible-playbook (pipelining on)", b, join(theirs));
      System.out.printf(Locale.ROOT, "  vps is %.1fx faster%n", b / (double) a);
    }
  }

  private static Processes.Result ansible(Path dir) {
    return Processes.run(List.of("ansible-playbook", "-i", "inventory.ini", "converge.yml"),
        Map.of("ANSIBLE_CONFIG", dir.resolve("ansible.cfg").toString()), dir, Duration.ofMinutes(15));
  }

  /** The PLAY RECAP line. */
  private static String recap(String output) {
    return output.lines().filter(l -> l.contains("ok=") && l.contains("changed=")).map(String::strip).findFirst().orElse("(no recap)");
  }

  /** The same tasks as phases 2-5 for this profile, as an Ansible playbook, with inventory and configuration. */
  private static Path ansibleProject(Path tmp, VpsBox box, Path key, Profile profile) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("ansible"));
    String hostKey = box.exec("cat /etc/ssh/ssh_host_ed25519_key.pub").requireSuccess().output().strip();
    Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + box.sshPort() + " " + hostKey.split(" ")[0] + " "
        + hostKey.split(" ")[1] + "\n");
    Files.writeString(dir.resolve("ansible.cfg"), String.join("\n",
        "[defaults]",
        "host_key_checking = True",
        "interpreter_python = /usr/bin/python3",
        "gathering = explicit",
        "retry_files_enabled = False",
        "[ssh_connection]",
        "pipelining = True",
        "ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=" + dir.resolve("known_hosts")
            + " -o StrictHostKeyChecking=yes",
        ""));
    Files.writeString(dir.resolve("inventory.ini"), "box ansible_host=127.0.0.1 ansible_port=" + box.sshPort()
        + " ansible_user=root ansible_ssh_private_key_file=" + key + "\n");
    List<String> packages = new ArrayList<>(ProvisioningOutline.ESSENTIAL_PACKAGES);
    packages.addAll(profile.os().extraPackages());
    List<String> rules = FirewallPhase.desiredRules(profile);
    StringBuilder ufw = new StringBuilder();
    for (String rule : rules) {
      if (rule.startsWith("allow from ")) {
        String[] w = rule.split(" "); // allow from CIDR to any port P proto tcp
        ufw.append("    - { name: 'ufw ").append(rule).append("', community.general.ufw: { rule: allow, from_ip: '").append(w[2])
            .append("', to_port: '").append(w[6]).append("', proto: tcp } }\n");
      } else {
        String[] pp = rule.substring("allow ".length()).split("/");
        ufw.append("    - { name: 'ufw ").append(rule).append("', community.general.ufw: { rule: allow, port: '").append(pp[0])
            .append("', proto: ").append(pp[1]).append(" } }\n");
      }
    }
    String playbook = String.join("\n",
        "- hosts: box",
        "  gather_facts: false",
        "  tasks:",
        "    - name: apt update (lists younger than 6 h are kept)",
        "      ansible.builtin.apt: { update_cache: true, cache_valid_time: 21600 }",
        "    - name: apt upgrade",
        "      ansible.builtin.apt: { upgrade: 'yes' }",
        "    - name: essential packages",
        "      ansible.builtin.apt: { name: [" + packages.stream().collect(Collectors.joining(", ")) + "], state: present,"
            + " install_recommends: false }",
        "    - name: unattended-upgrades enabled",
        "      ansible.builtin.copy:",
        "        dest: /etc/apt/apt.conf.d/20auto-upgrades",
        "        content: \"APT::Periodic::Update-Package-Lists \\\"1\\\";\\nAPT::Periodic::Unattended-Upgrade \\\"1\\\";\\n\"",
        "        mode: '0644'",
        "    - name: timezone",
        "      community.general.timezone: { name: " + profile.timezone() + " }",
        "    - name: user app",
        "      ansible.builtin.user: { name: app, create_home: true, shell: /bin/bash }",
        "    - name: app's .ssh",
        "      ansible.builtin.file: { path: /home/app/.ssh, state: directory, owner: app, group: app, mode: '0700' }",
        "    - name: app's authorized_keys",
        "      ansible.builtin.copy: { src: /root/.ssh/authorized_keys, remote_src: true, dest: /home/app/.ssh/authorized_keys,"
            + " owner: app, group: app, mode: '0600' }",
        "    - name: user mox",
        "      ansible.builtin.user: { name: mox, system: true, create_home: true, home: /home/mox, shell: /usr/sbin/nologin }",
        ufw.toString().stripTrailing(),
        "    - name: ufw enabled, default deny incoming",
        "      community.general.ufw: { state: enabled, policy: deny, direction: incoming }",
        "    - name: docker packages",
        "      ansible.builtin.apt: { name: [docker.io, docker-cli, docker-compose], state: present, install_recommends: true }",
        "    - name: docker --version",
        "      ansible.builtin.command: docker --version",
        "      changed_when: false",
        "    - name: docker compose version",
        "      ansible.builtin.command: docker compose version",
        "      changed_when: false",
        "    - name: docker enabled on boot",
        "      ansible.builtin.systemd: { name: docker, enabled: true, state: started }",
        "    - name: app in group docker",
        "      ansible.builtin.user: { name: app, groups: [docker], append: true }",
        "");
    Files.writeString(dir.resolve("converge.yml"), playbook);
    return dir;
  }

  private static Profile demoProfile(Path tmp) throws Exception {
    Path demo = Path.of("examples/profiles/demo");
    Path dir = Files.createDirectories(tmp.resolve("profile"));
    for (String f : List.of("services.yaml", "secrets.enc.yaml", "demo-age-key.txt")) {
      Files.copy(demo.resolve(f), dir.resolve(f));
    }
    Files.writeString(dir.resolve("profile.yaml"), Files.readString(demo.resolve("profile.yaml"))
        .replace("source: official", "source: distribution"));
    return ProfileLoader.builder()
        .ageKeys(AgeKeys.builder().identityFile(dir.resolve("demo-age-key.txt")).environment(Map.of()).build()).build().loadFrom(dir);
  }

  private static long median(long[] xs) {
    long[] s = xs.clone();
    java.util.Arrays.sort(s);
    return s[s.length / 2];
  }

  private static String join(long[] xs) {
    return java.util.Arrays.stream(xs).mapToObj(Long::toString).collect(Collectors.joining(" "));
  }
}
