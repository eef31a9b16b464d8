package com.dimosaic.vps.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "VPS in a box": a bare Debian host with systemd and OpenSSH, running as a container in the local
 * Docker engine, reachable over SSH on 127.0.0.1 only — the target the provisioning tests take from
 * bare to provisioned.
 *
 * <p>The root filesystem is built with {@code debootstrap} from {@link #RECIPE} (no registry is
 * needed), cached as a tarball under {@code ~/.cache/vps-test/box-<hash of the recipe>/} and
 * {@code docker import}ed once per engine. Each box gets a fresh SSH host key, generated inside the
 * container when its sshd first starts (a drop-in in the image) and read back so that host-key
 * verification stays strict, and the caller's public key
 * in root's {@code authorized_keys}.
 *
 * <p>The engine is the one {@code DOCKER_HOST} names (the test script starts its own
 * {@code dockerd}); the mirror is {@code VPS_TEST_DEBIAN_MIRROR} or {@code deb.debian.org}. The box
 * runs without {@code --privileged} (which this machine refuses) with the capabilities and mounts a
 * systemd container needs, plus {@code SYS_PTRACE} for {@code docker exec} into containers that run
 * as non-root users.
 */
public final class VpsBox implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VpsBox.class);

  /** The Debian suite of the box. */
  public static final String SUITE = "trixie";

  /**
   * What the image is built from; its hash names the cache entry and the image tag, so changing a
   * line rebuilds. The shell part runs in the new root filesystem ({@code chroot}).
   */
  public static final String RECIPE = String.join("\n",
      "suite=" + SUITE,
      "variant=minbase",
      "include=systemd,systemd-sysv,dbus,openssh-server,sudo,ca-certificates,curl,gnupg,iproute2,iptables,procps,psmisc,apt-utils,tzdata",
      "chroot:",
      // no consoles to serve in a container; boot faster
      "systemctl mask getty@tty1.service serial-getty@console.service console-getty.service systemd-firstboot.service"
          + " systemd-udevd.service systemd-udev-trigger.service systemd-remount-fs.service sys-kernel-config.mount"
          + " sys-kernel-debug.mount sys-kernel-tracing.mount systemd-modules-load.service >/dev/null 2>&1 || true",
      "systemctl enable ssh >/dev/null 2>&1 || true",
      // every box generates its own host keys when sshd first starts (as cloud images do at first boot)
      "rm -f /etc/ssh/ssh_host_*",
      "mkdir -p /etc/systemd/system/ssh.service.d",
      "printf '[Service]\\nExecStartPre=\\nExecStartPre=/usr/bin/ssh-keygen -A\\nExecStartPre=/usr/sbin/sshd -t\\n'"
          + " > /etc/systemd/system/ssh.service.d/box-host-keys.conf",
      // a nested dockerd (docker.io installed by provisioning) cannot write /proc/sys here and must use vfs
      "mkdir -p /etc/systemd/system/docker.service.d /etc/docker",
      "printf '[Service]\\nEnvironment=DOCKER_ALLOW_IPV6_ON_IPV4_INTERFACE=1\\n' > /etc/systemd/system/docker.service.d/box.conf",
      "printf '{\"storage-driver\": \"vfs\"}\\n' > /etc/docker/daemon.json",
      "printf 'deb %MIRROR% trixie main\\n' > /etc/apt/sources.list",
      "apt-get clean",
      "");

  private final String container;
  private final int sshPort;
  private final String hostKeyFingerprint;
  private final Map<Integer, Integer> published;
  private final String publicAddress;

  private VpsBox(String container, int sshPort, String hostKeyFingerprint, Map<Integer, Integer> published, String publicAddress) {
    this.container = container;
    this.sshPort = sshPort;
    this.hostKeyFingerprint = hostKeyFingerprint;
    this.published = Map.copyOf(published);
    this.publicAddress = publicAddress;
  }

  /** The Debian mirror the image and the box's apt use. */
  public static String mirror() {
    return Rootfs.mirror();
  }

  /** The image tag for the current recipe ({@code vps-box:<hash>}); built and imported if missing. */
  public static String image() {
    Rootfs rootfs = new Rootfs("box", RECIPE);
    String tag = "vps-box:" + rootfs.hash();
    if (docker(Duration.ofSeconds(30), "image", "inspect", tag).exitCode() == 0) {
      return tag;
    }
    Path tarball = rootfs.tarball();
    log.info("importing {} as {}", tarball, tag);
    docker(Duration.ofMinutes(10), "import", "--change", "CMD [\"/sbin/init\"]", tarball.toString(), tag).requireSuccess();
    return tag;
  }

  static String recipeHash() {
    return new Rootfs("box", RECIPE).hash();
  }

  /**
   * The public address every box has, as a VPS has its own: the documentation address the demo and
   * e2e profiles name. It is bound to the box's loopback interface, so that services binding it (mox)
   * start as on a VPS and whatever the box or its containers send to it stays inside the box; see
   * {@link #forwardToPublicAddress}.
   */
  public static final String PUBLIC_ADDRESS = "203.0.113.50";

  /**
   * Starts a fresh box with {@code authorizedKey} (an OpenSSH public key file) for root and waits
   * until its sshd answers. Besides SSH, each of {@code tcpPorts} is published on a free port of
   * 127.0.0.1 (see {@link #publishedPort}), as a VPS's public ports would be.
   */
  public static VpsBox start(Path authorizedKey, int... tcpPorts) {
    return start(PUBLIC_ADDRESS, authorizedKey, tcpPorts);
  }

  /** {@link #start(Path, int...)} with another public address on the box's loopback. */
  public static VpsBox start(String publicAddress, Path authorizedKey, int... tcpPorts) {
    return start(publicAddress, authorizedKey, null, "box", tcpPorts);
  }

  /**
   * {@link #start(String, Path, int...)} on a Docker network the test created (where boxes reach each
   * other: a fleet's private network; see {@link #addressOn}), with its own host name.
   */
  public static VpsBox start(String publicAddress, Path authorizedKey, String network, String hostname, int... tcpPorts) {
    String image = image();
    String name = "vps-box-" + Long.toHexString(System.nanoTime());
    List<String> run = new ArrayList<>(List.of("run", "-d", "--name", name, "--hostname", hostname,
        "--cap-add", "SYS_ADMIN", "--cap-add", "NET_ADMIN", "--cap-add", "NET_RAW",
        // the box's Docker joins the namespaces of containers whose processes run as other users (postgres), which the kernel
        // allows only with CAP_SYS_PTRACE; a VPS's root has it
        "--cap-add", "SYS_PTRACE", "--security-opt", "seccomp=unconfined",
        "--cgroupns=host", "-v", "/sys/fs/cgroup:/sys/fs/cgroup:rw", "--tmpfs", "/run", "--tmpfs", "/run/lock",
        "-p", "127.0.0.1::22"));
    if (network != null) {
      run.addAll(List.of("--network", network));
    }
    for (int p : tcpPorts) {
      run.addAll(List.of("-p", "127.0.0.1::" + p));
    }
    run.addAll(List.of(image, "/sbin/init"));
    docker(Duration.ofMinutes(2), run.toArray(String[]::new)).requireSuccess();
    VpsBox box = null;
    try {
      waitFor(name, "systemctl is-system-running --wait >/dev/null 2>&1; systemctl is-active ssh >/dev/null", Duration.ofSeconds(90));
      docker(Duration.ofSeconds(30), "exec", name, "sh", "-ec", "mkdir -p -m 700 /root/.ssh").requireSuccess();
      docker(Duration.ofSeconds(30), "exec", name, "ip", "addr", "add", publicAddress + "/32", "dev", "lo").requireSuccess();
      docker(Duration.ofSeconds(30), "cp", authorizedKey.toString(), name + ":/root/.ssh/authorized_keys").requireSuccess();
      docker(Duration.ofSeconds(60), "exec", name, "sh", "-ec", "chown root:root /root/.ssh/authorized_keys;"
          + " chmod 600 /root/.ssh/authorized_keys").requireSuccess();
      String pub = docker(Duration.ofSeconds(30), "exec", name, "ssh-keygen", "-l", "-E", "sha256", "-f",
          "/etc/ssh/ssh_host_ed25519_key.pub").requireSuccess().output();
      Map<Integer, Integer> published = new java.util.HashMap<>();
      for (int p : tcpPorts) {
        published.put(p, hostPort(name, p));
      }
      box = new VpsBox(name, hostPort(name, 22), pub.split(" ")[1], published, publicAddress);
      log.info("box {} up: ssh root@127.0.0.1 -p {}", name, box.sshPort);
      return box;
    } catch (RuntimeException e) {
      String logs = docker(Duration.ofSeconds(30), "exec", name, "sh", "-c", "systemctl --failed --no-pager;"
          + " journalctl -u ssh --no-pager | tail -20").output();
      docker(Duration.ofSeconds(60), "rm", "-f", name);
      throw new IllegalStateException("box " + name + " did not start: " + e.getMessage() + "\n" + logs, e);
    }
  }

  private static int hostPort(String name, int port) {
    String mapping = docker(Duration.ofSeconds(30), "port", name, port + "/tcp").requireSuccess().output().strip().lines().findFirst()
        .orElseThrow();
    return Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1));
  }

  private static void waitFor(String name, String check, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Processes.Result last = null;
    while (System.nanoTime() < deadline) {
      last = docker(Duration.ofSeconds(100), "exec", name, "sh", "-c", check);
      if (last.exitCode() == 0) {
        return;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("timed out waiting for: " + check + (last == null ? "" : "\n" + last.output()));
  }

  /** Runs {@code docker} with the given arguments against the engine {@code DOCKER_HOST} names. */
  public static Processes.Result docker(Duration timeout, String... args) {
    List<String> cmd = new ArrayList<>(List.of("docker"));
    cmd.addAll(List.of(args));
    return Processes.run(cmd, Map.of(), null, timeout);
  }

  /** Runs a shell command inside the box as root, bypassing SSH (for test assertions and diagnostics). */
  public Processes.Result exec(String shell) {
    return docker(Duration.ofMinutes(5), "exec", container, "sh", "-c", shell);
  }

  /**
   * Connections arriving at the box's network interface on {@code ports} go to its public address
   * instead (a DNAT rule per port), so that what listens only there (mox) answers on the ports
   * published on 127.0.0.1, as it answers the internet on a VPS.
   */
  public void forwardToPublicAddress(int... ports) {
    for (int p : ports) {
      exec("iptables -t nat -C PREROUTING -i eth0 -p tcp --dport " + p + " -j DNAT --to-destination " + publicAddress + " 2>/dev/null"
          + " || iptables -t nat -I PREROUTING -i eth0 -p tcp --dport " + p + " -j DNAT --to-destination " + publicAddress)
          .requireSuccess();
    }
  }

  /**
   * Makes the box resolve {@code zone} from {@code records} (zone-file lines such as
   * {@code "example.com. 300 IN MX 10 mail.example.com."}), as the internet would once the records
   * are published: Debian's unbound on 127.0.0.1 answers the zone itself and forwards every other
   * name to the box's previous resolver, and {@code /etc/resolv.conf} points at it. Called again, it
   * replaces the zone's records.
   */
  public void serveDns(String zone, List<String> records) {
    exec("command -v unbound >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends unbound"
        + " >/dev/null 2>&1 || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q"
        + " --no-install-recommends unbound >/dev/null; }; }").requireSuccess();
    String upstream = exec("test -s /etc/unbound/vps-upstream || awk '/^nameserver/ {print $2; exit}' /etc/resolv.conf"
        + " > /etc/unbound/vps-upstream; cat /etc/unbound/vps-upstream").requireSuccess().output().strip();
    StringBuilder conf = new StringBuilder("server:\n  interface: 127.0.0.1\n  do-ip6: no\n  access-control: 127.0.0.0/8 allow\n"
        + "  module-config: \"iterator\"\n  local-zone: \"" + zone + ".\" static\n");
    for (String r : records) {
      if (r.contains("'")) {
        throw new IllegalArgumentException("a record with a single quote cannot be served: " + r);
      }
      conf.append("  local-data: '").append(r).append("'\n"); // single quotes: the record's own double quotes stay as they are
    }
    conf.append("forward-zone:\n  name: \".\"\n  forward-addr: ").append(upstream).append('\n');
    exec("rm -f /etc/unbound/unbound.conf.d/root-auto-trust-anchor-file.conf && cat > /etc/unbound/unbound.conf.d/vps-test.conf <<'VPS_EOF'\n"
        + conf + "VPS_EOF\nunbound-checkconf >/dev/null && systemctl reset-failed unbound 2>/dev/null; systemctl restart unbound"
        + " && printf 'nameserver 127.0.0.1\\n' > /etc/resolv.conf").requireSuccess();
    waitFor(container, "systemctl is-active --quiet unbound", Duration.ofSeconds(30));
  }

  /** The box's address on a Docker network it was started on ({@link #start(String, Path, String, String, int...)}). */
  public String addressOn(String network) {
    return docker(Duration.ofSeconds(30), "inspect", "-f", "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}", container)
        .requireSuccess().output().strip();
  }

  /** The box's public address (on its loopback interface). */
  public String publicAddress() {
    return publicAddress;
  }

  /** The published SSH port on 127.0.0.1. */
  public int sshPort() {
    return sshPort;
  }

  /** The port on 127.0.0.1 where the box's {@code port} is published (one of those given to {@link #start}). */
  public int publishedPort(int port) {
    Integer p = published.get(port);
    if (p == null) {
      throw new IllegalArgumentException("port " + port + " was not published (published: " + published.keySet() + ")");
    }
    return p;
  }

  /**
   * Installs Debian's {@code docker-registry} in the box and waits until it answers on port 5000 —
   * the private registry the stack images are pushed to (publish 5000 to push from outside) and
   * pulled from by the box's own Docker as {@code 127.0.0.1:5000/...}.
   */
  public void installRegistry() {
    exec("DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q"
        + " --no-install-recommends docker-registry >/dev/null").requireSuccess();
    // Debian's configuration asks for htpasswd logins; this one is open (it is only reachable from this machine)
    exec("printf 'version: 0.1\\nstorage:\\n  filesystem:\\n    rootdirectory: /var/lib/docker-registry\\n"
        + "http:\\n  addr: :5000\\n' > /etc/docker/registry/config.yml && systemctl restart docker-registry").requireSuccess();
    waitFor(container, "curl -fsS http://127.0.0.1:5000/v2/ >/dev/null", Duration.ofSeconds(60));
  }

  /**
   * A second registry on {@code port} that requires a login (htpasswd, bcrypt) and serves the same
   * storage as the open one from {@link #installRegistry()} — what a private registry such as GHCR
   * looks like to {@code docker login --password-stdin}. Call {@link #installRegistry()} first.
   */
  public void installAuthRegistry(int port, String user, String password) {
    byte[] salt = new byte[16];
    new java.security.SecureRandom().nextBytes(salt);
    String hash = org.bouncycastle.crypto.generators.OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, 10);
    exec("mkdir -p /etc/docker/registry-auth && printf '%s:%s\n' '" + user + "' '" + hash + "' > /etc/docker/registry-auth/htpasswd"
        + " && printf 'version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: /var/lib/docker-registry\nhttp:\n  addr: :" + port
        + "\nauth:\n  htpasswd:\n    realm: vps-test\n    path: /etc/docker/registry-auth/htpasswd\n' > /etc/docker/registry-auth/config.yml"
        + " && systemd-run --unit registry-auth -p User=docker-registry docker-registry serve /etc/docker/registry-auth/config.yml")
        .requireSuccess();
    waitFor(container, "[ \"$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:" + port + "/v2/)\" = 401 ]", Duration.ofSeconds(60));
  }

  /** The box's SSH host key fingerprint ({@code SHA256:…}), read from inside the container. */
  public String hostKeyFingerprint() {
    return hostKeyFingerprint;
  }

  /** The container's name. */
  public String container() {
    return container;
  }

  /** Removes the container (kept for a look inside when the system property {@code vps.test.keepBox} is {@code true}). */
  @Override
  public void close() {
    if (Boolean.getBoolean("vps.test.keepBox")) {
      log.warn("keeping box {} (vps.test.keepBox): docker exec -it {} bash; remove with docker rm -f -v {}", container, container, container);
      return;
    }
    docker(Duration.ofMinutes(2), "rm", "-f", "-v", container);
  }
}
