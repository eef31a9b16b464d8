package com.dimosaic.vps.provision;

import com.dimosaic.vps.app.Checkout;
import com.dimosaic.vps.compose.ComposeGenerator;
import com.dimosaic.vps.deploy.DeployException;
import com.dimosaic.vps.deploy.Health;
import com.dimosaic.vps.deploy.ImagePins;
import com.dimosaic.vps.deploy.StackDir;
import com.dimosaic.vps.dns.DkimSource;
import com.dimosaic.vps.dns.DnsProvider;
import com.dimosaic.vps.dns.DnsSync;
import com.dimosaic.vps.dns.ZonePlan;
import com.dimosaic.vps.dns.TlsaSource;
import com.dimosaic.vps.mox.CertSync;
import com.dimosaic.vps.mox.MoxTlsa;
import com.dimosaic.vps.mox.MoxDkim;
import com.dimosaic.vps.mox.MoxInstall;
import com.dimosaic.vps.phase.Phase;
import com.dimosaic.vps.phase.RemoteFiles;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Build;
import com.dimosaic.vps.profile.OsPolicy;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.Service;
import com.dimosaic.vps.profile.StaticSite;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.remote.FileSpec;
import com.dimosaic.vps.remote.RemoteHost;
import com.dimosaic.vps.render.RenderedFile;
import com.dimosaic.vps.validation.Status;
import com.dimosaic.vps.validation.ValidationReport;
import com.dimosaic.vps.validation.Validator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ten provisioning phases of a bare host, each idempotent: it looks, changes only what differs,
 * and reports every step as changed or unchanged. {@link Provisioner} runs them in order.
 */
public final class Phases {
  private static final Logger log = LoggerFactory.getLogger(Phases.class);
  static final String DEPLOY_DIR = "/home/app/docker";
  static final String MOX_HOME = "/home/mox";

  private Phases() {}

  /** Phase 1: root, OS policy, disk and memory — refused before any change. */
  public static Phase preflight() {
    return new Simple("pre-flight", "1", (ctx, out) -> {
      RemoteHost h = ctx.host();
      Profile p = ctx.profile();
      String uid = h.run(Command.of("id", "-u")).requireSuccess().stdout().strip();
      if (!uid.equals("0")) {
        throw new ProvisionException(ProvisionException.Reason.PREFLIGHT, "pre-flight", "provisioning needs root (connected as uid " + uid + ")");
      }
      Map<String, String> os = osRelease(h.run(Command.of("cat", "/etc/os-release")).requireSuccess().stdout());
      String id = os.getOrDefault("ID", "?");
      String version = os.getOrDefault("VERSION_ID", "0");
      boolean allowed = p.os().allowed().stream().anyMatch(r -> r.distribution().equals(id) && compareVersions(version, r.minVersion()) >= 0);
      if (!allowed) {
        throw new ProvisionException(ProvisionException.Reason.PREFLIGHT, "pre-flight", os.getOrDefault("PRETTY_NAME", id + " " + version) + " is not supported (allowed: "
            + p.os().allowed().stream().map(OsPolicy.OsRequirement::toString).reduce((a, b) -> a + ", " + b).orElse("none") + ")");
      }
      out.add(StepResult.unchanged("OS " + os.getOrDefault("PRETTY_NAME", id + " " + version)));
      String[] df = h.run(Command.of("df", "-Pk", "/")).requireSuccess().stdout().strip().split("\n")[1].trim().split("\\s+");
      long freeGb = Long.parseLong(df[3]) / 1024 / 1024;
      if (freeGb < p.resources().minDiskGb()) {
        throw new ProvisionException(ProvisionException.Reason.PREFLIGHT, "pre-flight", "free disk " + freeGb + " GB is below the profile's minimum of "
            + p.resources().minDiskGb() + " GB (resources.minDiskGb)");
      }
      out.add(StepResult.unchanged("free disk " + freeGb + " GB"));
      long memKb = Long.parseLong(h.run(Command.of("sh", "-c", "grep MemTotal /proc/meminfo")).requireSuccess().stdout()
          .replaceAll("[^0-9]", ""));
      long memGb = Math.round(memKb / 1024.0 / 1024.0);
      if (memGb < p.resources().minMemoryGb()) {
        throw new ProvisionException(ProvisionException.Reason.PREFLIGHT, "pre-flight", "memory " + memGb + " GB is below the profile's minimum of "
            + p.resources().minMemoryGb() + " GB (resources.minMemoryGb)");
      }
      out.add(StepResult.unchanged("memory " + memGb + " GB"));
    });
  }

  /** Phase 2: wait for cloud-init and apt locks, update/upgrade, essential packages, unattended-upgrades, timezone. */
  public static Phase system() {
    return new Simple("system preparation", "2", (ctx, out) -> {
      RemoteHost h = ctx.host();
      Profile p = ctx.profile();
      h.run(Command.sh("if command -v cloud-init >/dev/null 2>&1; then cloud-init status --wait >/dev/null 2>&1 || true; fi")
          .withTimeout(Duration.ofMinutes(15)));
      // wait for dpkg/apt locks held by unattended-upgrades at first boot
      h.run(Command.sh("i=0; while fuser /var/lib/dpkg/lock-frontend /var/lib/apt/lists/lock >/dev/null 2>&1; do i=$((i+1)); "
          + "[ $i -gt 600 ] && exit 1; sleep 1; done").withTimeout(Duration.ofMinutes(11))).requireSuccess();
      out.add(StepResult.unchanged("cloud-init and apt locks free"));
      // a run cut off mid-install (lost connection, reboot) leaves dpkg half-done; apt refuses until it is finished
      if (h.run(Command.sh("ls -A /var/lib/dpkg/updates 2>/dev/null | grep -q .")).ok()) {
        h.run(Command.of("dpkg", "--configure", "-a", "--force-confdef", "--force-confold").withEnv("DEBIAN_FRONTEND", "noninteractive")
            .withTimeout(Duration.ofMinutes(20))).requireSuccess();
        h.run(Steps.apt("-f", "install")).requireSuccess();
        out.add(StepResult.changed("dpkg", "an interrupted package run was completed (dpkg --configure -a)"));
      }
      List<String> packages = new ArrayList<>(ProvisioningOutline.ESSENTIAL_PACKAGES);
      packages.addAll(p.os().extraPackages());
      List<String> missing = Steps.missingPackages(h, packages);
      boolean listsFresh = h.run(Command.sh("find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -360 | grep -q .")).ok();
      if (!missing.isEmpty() || !listsFresh) {
        h.run(Steps.apt("update")).requireSuccess();
        out.add(StepResult.changed("apt-get update", "package lists refreshed"));
      } else {
        out.add(StepResult.unchanged("apt-get update (lists younger than 6 h)"));
      }
      if (p.os().upgrade()) {
        CommandResult sim = h.run(Steps.apt("-s", "upgrade"));
        long pending = sim.stdout().lines().filter(l -> l.startsWith("Inst ")).count();
        if (pending > 0) {
          h.run(Steps.apt("upgrade")).requireSuccess();
          out.add(StepResult.changed("apt-get upgrade", pending + " package(s) upgraded"));
        } else {
          out.add(StepResult.unchanged("apt-get upgrade"));
        }
      }
      out.add(Steps.ensurePackages(h, packages));
      out.add(Steps.ensureFile(h, "/etc/apt/apt.conf.d/20auto-upgrades",
          "APT::Periodic::Update-Package-Lists \"1\";\nAPT::Periodic::Unattended-Upgrade \"1\";\n", FileSpec.DEFAULT,
          "unattended-upgrades enabled"));
      String tz = h.run(Command.sh("readlink /etc/localtime | sed 's|.*/zoneinfo/||'")).stdout().strip();
      if (tz.equals(p.timezone())) {
        out.add(StepResult.unchanged("timezone " + p.timezone()));
      } else {
        h.run(Command.of("ln", "-sf", "/usr/share/zoneinfo/" + p.timezone(), "/etc/localtime")).requireSuccess();
        h.run(Command.of("sh", "-c", "echo \"$1\" > /etc/timezone", "sh", p.timezone())).requireSuccess();
        out.add(StepResult.changed("timezone " + p.timezone(), "was " + (tz.isEmpty() ? "unset" : tz)));
      }
    });
  }

  /** Phase 3: the {@code app} user (docker group, root's authorized_keys) and the {@code mox} system user. */
  public static Phase users() {
    return new Simple("users", "3", (ctx, out) -> {
      RemoteHost h = ctx.host();
      if (h.run(Command.of("id", "-u", "app")).ok()) {
        out.add(StepResult.unchanged("user app"));
      } else {
        h.run(Command.of("useradd", "--create-home", "--shell", "/bin/bash", "app")).requireSuccess();
        out.add(StepResult.changed("user app", "created with /home/app"));
      }
      if (h.run(Command.of("getent", "group", "docker")).ok()) {
        if (h.run(Command.of("id", "-nG", "app")).stdout().contains("docker")) {
          out.add(StepResult.unchanged("app in group docker"));
        } else {
          h.run(Command.of("usermod", "-aG", "docker", "app")).requireSuccess();
          out.add(StepResult.changed("app in group docker", "added"));
        }
      }
      Optional<byte[]> keys = h.read("/root/.ssh/authorized_keys");
      if (keys.isPresent()) {
        h.run(Command.of("install", "-d", "-o", "app", "-g", "app", "-m", "0700", "/home/app/.ssh")).requireSuccess();
        out.add(Steps.ensureFile(h, "/home/app/.ssh/authorized_keys", keys.get(), FileSpec.of(0600, "app"), "app's authorized_keys"));
      }
      if (h.run(Command.of("id", "-u", "mox")).ok()) {
        out.add(StepResult.unchanged("user mox"));
      } else {
        h.run(Command.of("useradd", "--system", "--user-group", "--home-dir", MOX_HOME, "--create-home", "--shell",
            "/usr/sbin/nologin", "mox")).requireSuccess();
        out.add(StepResult.changed("user mox", "system user, no login shell"));
      }
    });
  }

  /** The UFW rules the profile wants, in {@code ufw} rule syntax. */
  public static List<String> desiredRules(Profile p) {
    List<String> rules = new ArrayList<>();
    rules.add("allow " + p.host().ssh().port() + "/tcp");
    List<Integer> ports = new ArrayList<>(ProvisioningOutline.PUBLIC_PORTS.subList(1, ProvisioningOutline.PUBLIC_PORTS.size()));
    if (p.firewall().publicPostgres()) {
      ports.add(5432);
    }
    ports.addAll(p.firewall().extraTcpPorts());
    ports.forEach(port -> rules.add("allow " + port + "/tcp"));
    rules.add("allow from " + p.docker().networkCidr() + " to any port 8080 proto tcp");
    return rules;
  }

  /** Phase 4: UFW as desired state; SSH allowed before UFW is enabled; unmanaged rules reported (or purged). */
  public static Phase firewall() {
    return new Simple("firewall", "4", (ctx, out) -> {
      RemoteHost h = ctx.host();
      Profile p = ctx.profile();
      List<String> desired = desiredRules(p);
      Set<String> present = new LinkedHashSet<>();
      for (String l : h.run(Command.of("ufw", "show", "added")).requireSuccess().stdout().lines().toList()) {
        if (l.startsWith("ufw ")) {
          present.add(l.substring(4).strip());
        }
      }
      for (String rule : desired) { // SSH first: it is the first desired rule
        if (present.contains(rule)) {
          out.add(StepResult.unchanged("ufw " + rule));
        } else {
          List<String> argv = new ArrayList<>(List.of("ufw"));
          argv.addAll(List.of(rule.split(" ")));
          h.run(Command.of(argv)).requireSuccess();
          out.add(StepResult.changed("ufw " + rule, "added"));
        }
      }
      for (String rule : present) {
        if (!desired.contains(rule)) {
          if (p.firewall().purgeUnmanaged()) {
            List<String> argv = new ArrayList<>(List.of("ufw", "delete"));
            argv.addAll(List.of(rule.split(" ")));
            h.run(Command.of(argv)).requireSuccess();
            out.add(StepResult.changed("ufw " + rule, "deleted (not in the profile; purge)"));
          } else {
            out.add(StepResult.unchanged("ufw " + rule + " (not managed; kept)"));
          }
        }
      }
      String status = h.run(Command.of("ufw", "status")).requireSuccess().stdout();
      if (status.contains("Status: active")) {
        out.add(StepResult.unchanged("ufw enabled"));
      } else {
        h.run(Command.of("ufw", "default", "deny", "incoming")).requireSuccess();
        h.run(Command.of("ufw", "default", "allow", "outgoing")).requireSuccess();
        h.run(Command.of("ufw", "--force", "enable")).requireSuccess();
        out.add(StepResult.changed("ufw enabled", "default deny incoming"));
      }
    });
  }

  /** Phase 5: Docker from the distribution or Docker's repository; verified; enabled on boot. */
  public static Phase docker(String dockerRepository) {
    return new Simple("docker", "5", (ctx, out) -> {
      RemoteHost h = ctx.host();
      if (ctx.profile().docker().source().equals("distribution")) {
        out.add(Steps.ensurePackages(h, distributionDockerPackages(h), true));
      } else {
        Map<String, String> os = osRelease(h.run(Command.of("cat", "/etc/os-release")).requireSuccess().stdout());
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
        out.add(Steps.ensurePackages(h, List.of("docker-ce", "docker-ce-cli", "containerd.io", "docker-compose-plugin")));
      }
      String version = h.run(Command.of("docker", "--version")).requireSuccess().stdout().strip();
      CommandResult composeVersion = h.run(Command.of("docker", "compose", "version"));
      if (!composeVersion.ok()) {
        throw new ProvisionException("docker", "Docker Compose v2 ('docker compose') is not available on this host; with docker.source"
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
      if (!h.run(Command.of("id", "-nG", "app")).stdout().contains("docker")) {
        h.run(Command.of("usermod", "-aG", "docker", "app")).requireSuccess();
        out.add(StepResult.changed("app in group docker", "added"));
      }
    });
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
  }

  /** Phase 6: mox on the host (skipped with a note when mail is off or no binary source is configured). */
  public static Phase mox(Optional<MoxInstall.Source> source) {
    return new Simple("mox", "6", (ctx, out) -> {
      if (!ctx.profile().mail().enabled()) {
        throw new Skip("mail is disabled in the profile");
      }
      if (source.isEmpty()) {
        throw new Skip("no mox binary source given (ProvisionOptions.moxSource)");
      }
      out.addAll(MoxInstall.builder(ctx.profile(), source.get()).build().apply(ctx.host()));
    });
  }

  /**
   * Phase 6.5: DNS records through the profile's provider (skipped when none is configured). While
   * mox still serves the installer's placeholder certificate, the {@code _mta-sts} record is held
   * back: senders that find it enforce the policy and would refuse the self-signed certificate.
   * Phase 9 publishes it once Caddy's certificate is synced.
   */
  public static Phase dns(Optional<Function<Profile, DnsProvider>> providers) {
    return new Simple("dns", "6.5", (ctx, out) -> {
      if (ctx.profile().dns().provider().equals("none") || providers.isEmpty()) {
        throw new Skip("no DNS provider configured");
      }
      DnsSync.Options options = DnsSync.Options.DEFAULT;
      Profile p = ctx.profile();
      if (p.mail().enabled() && !p.mail().mtaStsMode().equals("none") && MoxInstall.servesPlaceholder(ctx.host(), MOX_HOME)) {
        options = options.hold("_mta-sts." + p.domains().primary(), "until mox serves the certificate synced from Caddy (phase 9)");
      }
      syncDns(ctx, providers.get(), options, out);
    });
  }

  /** Plans and applies the profile's records, reporting each zone and what was held back. */
  private static void syncDns(Phase.Context ctx, Function<Profile, DnsProvider> providers, DnsSync.Options options, List<StepResult> out) {
    DnsProvider provider = providers.apply(ctx.profile());
    try {
      DkimSource dkim = ctx.profile().mail().enabled() ? MoxDkim.fromKeys(ctx.host(), MOX_HOME) : DkimSource.NONE;
      TlsaSource tlsa = ctx.profile().mail().enabled() && ctx.profile().mail().dane()
          ? MoxTlsa.fromHost(ctx.host(), MOX_HOME + "/certs", ctx.profile().domains().mailFqdn()) : TlsaSource.NONE;
      List<ZonePlan> plans = DnsSync.plan(ctx.profile(), provider, dkim, tlsa, options);
      int sent = DnsSync.apply(provider, plans, options);
      MoxTlsa.afterPublish(ctx.host(), MOX_HOME + "/certs", ctx.profile(), provider, tlsa).ifPresent(out::add);
      for (ZonePlan z : plans) {
        out.add(z.isEmpty() ? StepResult.unchanged("zone " + z.zone()) : StepResult.changed("zone " + z.zone(),
            z.changes().size() + " change(s)"));
      }
      options.held().forEach((name, why) -> out.add(StepResult.unchanged(name + " held back " + why)));
      if (sent > 0) {
        out.add(StepResult.changed("DNS sent", sent + " change(s); propagation is checked by validation"));
      }
    } finally {
      if (provider instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          log.debug("closing the DNS provider failed", e);
        }
      }
    }
  }

  /** Phase 7: the generated files, uploaded to {@code /home/app/docker} (owner app; secrets 0600). */
  public static Phase environment() {
    return new Simple("docker environment", "7", (ctx, out) -> {
      RemoteHost h = ctx.host();
      h.run(Command.of("install", "-d", "-o", "app", "-g", "app", "-m", "0750", DEPLOY_DIR)).requireSuccess();
      for (RenderedFile f : render(h, ctx.profile())) {
        String path = DEPLOY_DIR + "/" + f.path();
        int slash = path.lastIndexOf('/');
        if (slash > DEPLOY_DIR.length()) {
          // configuration folders are mounted into containers whose processes run as other users (postgres: uid 999)
          h.run(Command.of("install", "-d", "-o", "app", "-g", "app", "-m", "0755", path.substring(0, slash))).requireSuccess();
        }
        out.add(upload(h, f));
      }
      for (StaticSite site : ctx.profile().catalogue().sites()) {
        out.add(staticSite(h, site));
      }
      // applications built on the host from their repository: a checkout at the profile's ref (app build-on-host moves it later)
      for (Service s : ctx.profile().catalogue().enabledInDependencyOrder()) {
        if (s.build().isPresent() && s.build().get().fromGit()) {
          Build b = s.build().get();
          String dir = DEPLOY_DIR + "/" + b.context();
          out.add(Checkout.ensure(new StackDir(h, DEPLOY_DIR, true), dir, b.git().orElseThrow(), b.ref())
              .map(c -> StepResult.changed("checkout " + s.name(), dir + " cloned at " + c.commit().substring(0, 12) + " (" + b.ref() + ")"))
              .orElse(StepResult.unchanged("checkout " + s.name() + " (" + dir + " exists; app build-on-host updates it)")));
        }
      }
    });
  }

  /** The files the profile renders for this host (PostgreSQL is tuned to the host's memory). */
  public static List<RenderedFile> render(RemoteHost h, Profile profile) {
    long memKb = Long.parseLong(h.run(Command.sh("grep MemTotal /proc/meminfo")).requireSuccess().stdout().replaceAll("[^0-9]", ""));
    return ComposeGenerator.forProfile(profile).memoryMb(Math.max(256, memKb / 1024)).render();
  }

  /**
   * Uploads one generated file to the deploy folder when it differs; files bind-mounted on their own
   * ({@link StackDir#singleFileMount}) are rewritten in place.
   */
  public static StepResult upload(RemoteHost h, RenderedFile f) {
    String path = DEPLOY_DIR + "/" + f.path();
    String step = f.path() + (f.secret() ? " (secret, 0600)" : "");
    return StackDir.singleFileMount(f.path()) && !f.secret() ? RemoteFiles.ensureInPlace(h, path, f.content(),
        FileSpec.of(f.mode(), "app"), step) : Steps.ensureFile(h, path, f.content(), FileSpec.of(f.mode(), "app"), step);
  }

  /**
   * A static site's folder, owned by app, as releases plus a {@code current} link that Caddy serves;
   * until the first release is delivered, {@code current} points at a placeholder page, so the site
   * answers instead of failing.
   */
  private static StepResult staticSite(RemoteHost h, StaticSite site) {
    String dir = "/var/www/" + site.name();
    if (h.exists(dir + "/current")) {
      return StepResult.unchanged("static site " + site.name());
    }
    String placeholder = "releases/00000000T000000Z-placeholder";
    h.run(Command.of("install", "-d", "-m", "0755", "/var/www")).requireSuccess();
    h.run(Command.of("install", "-d", "-o", "app", "-g", "app", "-m", "0755", dir, dir + "/releases", dir + "/" + placeholder))
        .requireSuccess();
    h.upload(dir + "/" + placeholder + "/index.html", ("<!doctype html>\n<title>" + site.name() + "</title>\n<p>" + site.name()
        + ": no release has been delivered yet.</p>\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), FileSpec.of(0644, "app"));
    h.run(Command.of("ln", "-sfn", placeholder, dir + "/current")).requireSuccess();
    h.run(Command.of("chown", "-h", "app:app", dir + "/current")).requireSuccess();
    return StepResult.changed("static site " + site.name(), dir + "/current → placeholder page until the first release");
  }

  /** Phase 8: pull, build, up as app; health in dependency order; the deployment state recorded. */
  public static Phase deploy(Duration healthTimeout) {
    return new Simple("deploy", "8", (ctx, out) -> {
      RemoteHost h = ctx.host();
      Command base = Command.of("true").inDirectory(DEPLOY_DIR).asUser("app");
      CommandResult before = h.run(compose(base, "ps", "--format", "json"));
      // images app delivery pinned (app redeploy --image) are its business: they are on the host, maybe from a registry
      // whose login was not kept, so only the others are pulled
      StackDir pins = new StackDir(h, DEPLOY_DIR, true);
      Set<String> pinned = ImagePins.read(pins).keySet();
      List<String> pull = new ArrayList<>(List.of("pull", "--ignore-buildable", "--quiet"));
      ctx.profile().catalogue().enabledInDependencyOrder().stream().map(Service::name).filter(n -> !pinned.contains(n)).forEach(pull::add);
      if (pull.size() > 3) {
        h.run(compose(base, pull.toArray(String[]::new)).withTimeout(Duration.ofMinutes(30))).requireSuccess();
      }
      h.run(compose(base, "build", "--quiet").withTimeout(Duration.ofMinutes(30))).requireSuccess();
      CommandResult up = h.run(compose(base, "up", "-d", "--remove-orphans").withTimeout(Duration.ofMinutes(15))).requireSuccess();
      boolean changed = (up.stdout() + up.stderr()).matches("(?s).*\\b(Created|Recreated|Started|Starting|Recreate)\\b.*");
      out.add(changed ? StepResult.changed("docker compose up -d", "containers created or recreated")
          : StepResult.unchanged("docker compose up -d"));
      StackDir stack = new StackDir(h, DEPLOY_DIR, true);
      for (Service s : ctx.profile().catalogue().enabledInDependencyOrder()) {
        try {
          Health.await(stack, s.name(), s.replicas(), healthTimeout);
        } catch (DeployException e) {
          throw new ProvisionException(ProvisionException.Reason.PHASE_FAILED, "deploy", e.getMessage(), e);
        }
        out.add(StepResult.unchanged(s.name() + (s.healthcheck().isPresent() ? " healthy" : " running")));
      }
      String state = "{\"profile\":\"" + ctx.profile().name() + "\",\"services\":" + ctx.profile().catalogue().enabledInDependencyOrder()
          .stream().map(s -> "\"" + s.name() + "\"").toList() + "}\n";
      h.run(Command.of("install", "-d", "-o", "app", "-g", "app", "-m", "0750", DEPLOY_DIR + "/.vps-state")).requireSuccess();
      out.add(Steps.ensureFile(h, DEPLOY_DIR + "/.vps-state/state.json", state, FileSpec.of(0640, "app"), "deployment state"));
      if (!before.ok()) {
        out.add(StepResult.changed("stack", "first deployment"));
      }
    });
  }

  private static Command compose(Command base, String... args) {
    List<String> argv = new ArrayList<>(List.of("docker", "compose"));
    argv.addAll(List.of(args));
    return new Command(argv, new byte[0], base.environment(), base.directory(), base.user(), base.timeout());
  }

  /**
   * Phase 9: the mail host's certificate from Caddy to mox, and the cron job that keeps it so. Caddy
   * obtains certificates after it starts (from an ACME CA, or its internal one), so the phase first
   * waits up to {@code timeout} for the certificate to appear. Then, with a DNS provider, the records
   * phase 6.5 held back for want of a real certificate ({@code _mta-sts}) are published.
   */
  public static Phase certificates(String caddyDataDir, Duration timeout, Optional<Function<Profile, DnsProvider>> providers) {
    return new Simple("certificates", "9", (ctx, out) -> {
      if (!ctx.profile().mail().enabled()) {
        throw new Skip("mail is disabled in the profile");
      }
      String mail = ctx.profile().domains().mailFqdn();
      Command present = Command.of("sh", "-c", "find \"$1/certificates\" -type f -path \"*/$2/$2.crt\" 2>/dev/null | grep -q .", "sh",
          caddyDataDir, mail);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!ctx.host().run(present).ok()) {
        if (System.nanoTime() > deadline) {
          throw new ProvisionException("certificates", "Caddy has no certificate for " + mail + " under " + caddyDataDir
              + "/certificates after " + timeout.toSeconds() + " s; see docker compose logs caddy");
        }
        if (!sleep(2000)) {
          throw new ProvisionException("certificates", "interrupted while waiting for Caddy's certificate");
        }
      }
      CertSync sync = CertSync.builder(mail).caddyDataDir(caddyDataDir).dane(ctx.profile().mail().dane()).build();
      out.addAll(sync.install(ctx.host()));
      out.add(sync.run(ctx.host()));
      if (providers.isPresent() && !ctx.profile().dns().provider().equals("none")) {
        syncDns(ctx, providers.get(), DnsSync.Options.DEFAULT, out);
      }
    });
  }

  /** Phase 10: the validator's checks; a FAIL fails the phase. */
  public static Phase validation(Function<Profile, Validator.Builder> validators, ValidationReport[] sink) {
    return new Simple("validation", "10", (ctx, out) -> {
      ValidationReport r = validators.apply(ctx.profile()).build().validate();
      sink[0] = r;
      out.add(StepResult.unchanged(r.count(Status.PASS) + " passed, " + r.count(Status.WARN) + " warnings, " + r.count(Status.FAIL)
          + " failed"));
      if (r.status() == Status.FAIL) {
        throw new ProvisionException("validation", r.count(Status.FAIL) + " check(s) failed:\n" + r.problems().stream()
            .filter(o -> o.result().status() == Status.FAIL).map(o -> "  ✗ " + o.id() + ": " + o.result().detail())
            .reduce((a, b) -> a + "\n" + b).orElse(""));
      }
    });
  }

  // ------------------------------------------------------------------ helpers

  /** Sleeps; false when interrupted (the flag is kept). */
  private static boolean sleep(long ms) {
    try {
      Thread.sleep(ms);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Thrown inside a phase body to skip the phase with a note. */
  static final class Skip extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Skip(String note) {
      super(note, null, false, false);
    }
  }

  /** A phase from a body that appends its steps. */
  static final class Simple implements Phase {
    interface Body {
      void run(Phase.Context ctx, List<StepResult> out);
    }

    private final String name;
    private final String number;
    private final Body body;

    Simple(String name, String number, Body body) {
      this.name = name;
      this.number = number;
      this.body = body;
    }

    @Override
    public String name() {
      return name;
    }

    String number() {
      return number;
    }

    @Override
    public List<String> describe(Profile profile) {
      return ProvisioningOutline.of(profile).stream().filter(o -> o.number().equals(number)).findFirst()
          .map(PhaseOutline::steps).orElse(List.of());
    }

    @Override
    public List<StepResult> execute(Phase.Context context) {
      List<StepResult> out = new ArrayList<>();
      body.run(context, new ArrayList<StepResult>() {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean add(StepResult s) {
          out.add(s);
          context.listener().stepFinished(name, s);
          return true;
        }

        @Override
        public boolean addAll(java.util.Collection<? extends StepResult> c) {
          c.forEach(this::add);
          return !c.isEmpty();
        }
      });
      return out;
    }
  }

  static Map<String, String> osRelease(String text) {
    Map<String, String> m = new java.util.HashMap<>();
    for (String l : text.split("\n")) {
      int eq = l.indexOf('=');
      if (eq > 0) {
        m.put(l.substring(0, eq), l.substring(eq + 1).replaceAll("^\"|\"$", ""));
      }
    }
    return m;
  }

  /** Compares dotted versions numerically ({@code 22.04} vs {@code 22.4} are equal; {@code 13} > {@code 12}). */
  static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      long xi = i < x.length ? parse(x[i]) : 0;
      long yi = i < y.length ? parse(y[i]) : 0;
      if (xi != yi) {
        return Long.compare(xi, yi);
      }
    }
    return 0;
  }

  private static long parse(String s) {
    String d = s.replaceAll("[^0-9].*", "");
    return d.isEmpty() ? 0 : Long.parseLong(d);
  }
}
