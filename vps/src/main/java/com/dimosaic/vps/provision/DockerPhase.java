package com.dimosaic.vps.provision;

import com.dimosaic.vps.core.HostLayout;
import com.dimosaic.vps.phase.Phase;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.remote.FileSpec;
import com.dimosaic.vps.remote.RemoteHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Phase 5: Docker from the distribution or Docker's repository; verified; enabled on boot. */
public final class DockerPhase extends NumberedPhase {
  private final String dockerRepository;

  /** The phase with its settings. */
  public DockerPhase(String dockerRepository) {
    super("docker", "5");
    this.dockerRepository = Objects.requireNonNull(dockerRepository, "dockerRepository == null");
  }

  @Override
  protected void run(Phase.Context ctx, List<StepResult> out) {
    RemoteHost h = ctx.host();
    if (ctx.profile().docker().source().equals("distribution")) {
      out.add(ensurePackages(ctx, distributionDockerPackages(h), true));
    } else {
      Map<String, String> os = Steps.osRelease(h.run(Command.of("cat", "/etc/os-release")).requireSuccess().stdout());
      String codename = os.getOrDefault("VERSION_CODENAME", "stable");
      String id = os.getOrDefault("ID", "debian");
      String keyring = "/etc/apt/keyrings/docker.asc";
      if (!h.exists(keyring)) {
        h.run(Command.of("install", "-d", "-m", "0755", "/etc/apt/keyrings")).requireSuccess();
        h.run(Command.of("curl", "-fsSL", "-o", keyring, dockerRepository + "/" + id + "/gpg")).requireSuccess();
        out.add(StepResult.changed("Docker's apt key", keyring));
      } else {
        out.add(StepResult.unchanged("Docker's apt key"));
      }
      String arch = h.run(Command.of("dpkg", "--print-architecture")).requireSuccess().stdout().strip();
      StepResult list = Steps.ensureFile(h, "/etc/apt/sources.list.d/docker.list", "deb [arch=" + arch + " signed-by=" + keyring + "] "
          + dockerRepository + "/" + id + " " + codename + " stable\n", FileSpec.DEFAULT, "Docker's apt repository");
      out.add(list);
      if (list.changed()) {
        h.run(Steps.apt("update")).requireSuccess();
      }
      out.add(ensurePackages(ctx, List.of("docker-ce", "docker-ce-cli", "containerd.io", "docker-compose-plugin"), false));
    }
    String version = h.run(Command.of("docker", "--version")).requireSuccess().stdout().strip();
    CommandResult composeVersion = h.run(Command.of("docker", "compose", "version"));
    if (!composeVersion.ok()) {
      throw new ProvisionException(ProvisionException.Reason.PHASE_FAILED, "docker", "Docker Compose v2 ('docker compose') is not available on this host; with docker.source"
          + " 'distribution' it needs docker-compose v2 (Debian 13, Ubuntu's docker-compose-v2) — use docker.source 'official' here");
    }
    String compose = composeVersion.stdout().strip();
    out.add(StepResult.unchanged(version + "; " + compose));
    if (h.run(Command.of("systemctl", "is-enabled", "docker")).ok()) {
      out.add(StepResult.unchanged("docker enabled on boot"));
    } else {
      h.run(Command.of("systemctl", "enable", "--now", "docker")).requireSuccess();
      out.add(StepResult.changed("docker enabled on boot", "enabled and started"));
    }
    if (!h.run(Command.of("id", "-nG", HostLayout.APP_USER)).stdout().contains("docker")) {
      h.run(Command.of("usermod", "-aG", "docker", HostLayout.APP_USER)).requireSuccess();
      out.add(StepResult.changed("app in group docker", "added"));
    }
  }

  /**
   * The distribution's Docker packages: {@code docker.io}, its CLI where it is a package of its own
   * (Debian 13), and Compose v2 ({@code docker-compose-v2} on Ubuntu, {@code docker-compose} on
   * Debian 13; Debian 12's {@code docker-compose} is v1, which the version check then rejects).
   */
  static List<String> distributionDockerPackages(RemoteHost h) {
    List<String> packages = new ArrayList<>(List.of("docker.io"));
    if (Steps.packageAvailable(h, "docker-cli")) {
      packages.add("docker-cli");
    }
    packages.add(Steps.packageAvailable(h, "docker-compose-v2") ? "docker-compose-v2" : "docker-compose");
    return packages;
  }}
