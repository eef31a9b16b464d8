package com.dimosaic.vps.provision;

import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The ordered provisioning steps for a profile, as a dry run shows them. */
public final class ProvisioningOutline {
  /** Packages every host gets in system preparation. */
  public static final List<String> ESSENTIAL_PACKAGES = List.of("ca-certificates", "curl", "gnupg", "ufw",
      "unattended-upgrades", "apt-listchanges", "jq", "git", "rsync", "cron", "logrotate", "htop", "openssl");

  /** Public TCP ports every host opens. */
  public static final List<Integer> PUBLIC_PORTS = List.of(22, 80, 443, 25, 465, 587, 993);

  private ProvisioningOutline() {}

  /** The phases in order. */
  public static List<PhaseOutline> of(Profile p) {
    List<PhaseOutline> out = new ArrayList<>();
    out.add(new PhaseOutline("1", "pre-flight", List.of(
        "connect as " + p.host().ssh().user() + "@" + p.host().address() + ":" + p.host().ssh().port()
            + " (host key " + p.host().ssh().hostKey().map(k -> "pinned " + k).orElse(
                p.host().ssh().knownHosts().map(k -> "from " + k).orElse("from ~/.ssh/known_hosts")) + ")",
        "OS is one of " + p.os().allowed().stream().map(Object::toString).collect(Collectors.joining(", ")),
        "free disk >= " + p.resources().minDiskGb() + " GB, memory >= " + p.resources().minMemoryGb() + " GB",
        "profile and secrets validated locally before the first remote command")));
    List<String> packages = new ArrayList<>(ESSENTIAL_PACKAGES);
    packages.addAll(p.os().extraPackages());
    out.add(new PhaseOutline("2", "system preparation", List.of(
        "wait for cloud-init and for the dpkg/apt locks",
        "apt-get update" + (p.os().upgrade() ? " and upgrade" : "") + " (non-interactive)",
        "install packages: " + String.join(" ", packages),
        "enable unattended-upgrades",
        "timezone " + p.timezone())));
    out.add(new PhaseOutline("3", "users", List.of(
        "user app: home /home/app, docker group once Docker exists, root's authorized_keys copied",
        "user mox: system user, no login shell")));
    List<String> fw = new ArrayList<>();
    fw.add("ufw allow 22/tcp (before ufw is enabled)");
    List<Integer> ports = new ArrayList<>(PUBLIC_PORTS.subList(1, PUBLIC_PORTS.size()));
    if (p.firewall().publicPostgres()) {
      ports.add(5432);
    }
    ports.addAll(p.firewall().extraTcpPorts());
    ports.forEach(port -> fw.add("ufw allow " + port + "/tcp"));
    fw.add("ufw allow from " + p.docker().networkCidr() + " to any port 8080 proto tcp (Caddy in Docker -> mox)");
    fw.add("ufw default deny incoming; ufw enable");
    fw.add(p.firewall().purgeUnmanaged() ? "delete rules the profile does not list" : "report rules the profile does not list");
    out.add(new PhaseOutline("4", "firewall", fw));
    out.add(new PhaseOutline("5", "docker", List.of(
        p.docker().source().equals("official") ? "install docker-ce and the compose plugin from Docker's apt repository"
            : "install docker.io and docker-compose (v2) from the distribution",
        "verify docker --version and docker compose version",
        "enable docker on boot")));
    out.add(new PhaseOutline("6", "mox", p.mail().enabled() ? List.of(
        "install the mox binary to /home/mox/mox (checksum verified)",
        "configure mox for " + p.domains().mailFqdn() + " (mox.conf, domains.conf; mox config test)",
        "systemd unit mox.service enabled and started")
        : List.of("skipped: mail is disabled in the profile")));
    out.add(new PhaseOutline("6.5", "dns", p.dns().provider().equals("none")
        ? List.of("skipped: no DNS provider configured")
        : List.of("sync records of " + String.join(", ", p.dns().zones()) + " through " + p.dns().provider(),
            "wait up to " + p.dns().propagationWait().toMinutes() + " min for " + String.join(", ", p.dns().resolvers()))));
    out.add(new PhaseOutline("7", "docker environment", List.of(
        "upload the generated files to /home/app/docker (owner app; .env mode 0600)")));
    List<String> deploy = new ArrayList<>();
    deploy.add("docker compose pull; docker compose build; docker compose up -d (as app)");
    for (Service s : p.catalogue().enabledInDependencyOrder()) {
      deploy.add("wait for " + s.name() + (s.healthcheck().isPresent() ? " to be healthy" : " to run")
          + (s.replicas() != 1 ? " (" + s.replicas() + " replicas)" : ""));
    }
    deploy.add("record the deployment state in /home/app/docker/.vps-state/");
    out.add(new PhaseOutline("8", "deploy", deploy));
    out.add(new PhaseOutline("9", "certificates", p.mail().enabled() ? List.of(
        "copy " + p.domains().mailFqdn() + "'s certificate from Caddy to /home/mox/certs when it changed; restart mox",
        "install /usr/local/bin/vps-cert-sync and its cron entry (0 */6 * * *)")
        : List.of("skipped: mail is disabled in the profile")));
    out.add(new PhaseOutline("9.5", "backups", p.backup().enabled() ? List.of(
        "install restic and /usr/local/sbin/vps-backup; settings and the repository password in /etc/vps/backup (0600)",
        "systemd timers: vps-backup.timer (" + p.backup().schedule() + "), vps-backup-verify.timer (" + p.backup().verifySchedule() + ")",
        "initialise the restic repository " + p.backup().repository() + " when missing; take a first backup point when there is none")
        : List.of("skipped: the profile has no backup: section")));
    out.add(new PhaseOutline("10", "validation", List.of("run the validator's checks for this profile")));
    return out;
  }
}
