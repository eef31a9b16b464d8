package com.dimosaic.vps.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack images no registry can deliver here — caddy, postgres, redis and the postfix relay — built from Debian
 * 13's packages and shaped like the official images where the generated stack relies on it:
 * Caddy reads {@code /etc/caddy/Caddyfile} and keeps its data in {@code /data} (so certificates
 * land in {@code <volume>/caddy/certificates/...}) and answers its health check with {@code wget};
 * PostgreSQL keeps {@code PGDATA} in {@code /var/lib/postgresql/data} and its entrypoint runs
 * {@code /docker-entrypoint-initdb.d} on an empty data folder; Redis works in {@code /data}.
 *
 * <p>They are STAND-INS for {@code caddy:2}, {@code postgres:17}, {@code redis:7} and
 * {@code boky/postfix} (Debian ships Caddy 2.6, PostgreSQL 17, Redis 8 and postfix 3.10; the relay
 * honours the upstream image's environment: {@code RELAYHOST}, {@code RELAYHOST_USERNAME},
 * {@code RELAYHOST_PASSWORD}, {@code ALLOWED_SENDER_DOMAINS}, {@code POSTFIX_<main.cf key>}). One root filesystem serves all three: a single layer,
 * imported three times with different commands, so registries and engines store it once. Cached
 * under {@code ~/.cache/vps-test/stack-<hash of the recipe>/}.
 */
public final class StackImages {
  private static final Logger log = LoggerFactory.getLogger(StackImages.class);

  private static final String ENTRYPOINT = resource("postgres-entrypoint.sh");
  private static final String RELAY_ENTRYPOINT = resource("relay-entrypoint.sh");
  private static final String RELAY_HEALTHCHECK = resource("relay-healthcheck.sh");
  private static final String WIRING_PROBE = resource("wiring-probe.sh");
  private static final String PROBE_READY = resource("probe-ready.sh");

  /** What the root filesystem is built from (see {@link VpsBox#RECIPE} for the format). */
  static final String RECIPE = String.join("\n",
      "suite=" + VpsBox.SUITE,
      "variant=minbase",
      "include=ca-certificates,wget",
      "chroot:",
      "printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d",
      "printf 'deb %MIRROR% " + VpsBox.SUITE + " main\\n' > /etc/apt/sources.list",
      "mount -t proc proc /proc",
      "trap 'umount /proc' EXIT",
      "apt-get update -qq",
      "echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections",
      "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o Dpkg::Use-Pty=0"
          + " caddy postgresql redis-server postgresql-client postfix libsasl2-modules swaks curl >/dev/null",
      "cp /usr/share/postfix/main.cf.debian /etc/postfix/main.cf 2>/dev/null || : > /etc/postfix/main.cf",
      // no packaged cluster, no JIT (LLVM is a third of the size), no docs
      "pg_dropcluster 17 main",
      "rm -f /usr/lib/postgresql/17/lib/llvmjit*.so && rm -rf /usr/lib/postgresql/17/lib/bitcode",
      "rm -f /usr/lib/x86_64-linux-gnu/libLLVM* /usr/lib/x86_64-linux-gnu/libz3*",
      "apt-get clean && rm -rf /var/lib/apt/lists/* /usr/share/doc/* /usr/share/man/* /usr/share/locale/* /usr/sbin/policy-rc.d",
      "mkdir -p /docker-entrypoint-initdb.d /data /config /etc/caddy",
      "cat > /usr/local/bin/docker-entrypoint.sh <<'ENTRYPOINT_EOF'",
      ENTRYPOINT.strip(),
      "ENTRYPOINT_EOF",
      "chmod 755 /usr/local/bin/docker-entrypoint.sh",
      "mkdir -p /scripts",
      "cat > /usr/local/bin/relay-entrypoint.sh <<'ENTRYPOINT_EOF'",
      RELAY_ENTRYPOINT.strip(),
      "ENTRYPOINT_EOF",
      "cat > /scripts/healthcheck.sh <<'ENTRYPOINT_EOF'",
      RELAY_HEALTHCHECK.strip(),
      "ENTRYPOINT_EOF",
      "chmod 755 /usr/local/bin/relay-entrypoint.sh /scripts/healthcheck.sh",
      "mkdir -p /app",
      "cat > /usr/local/bin/wiring-probe.sh <<'ENTRYPOINT_EOF'",
      WIRING_PROBE.strip(),
      "ENTRYPOINT_EOF",
      "cat > /usr/local/bin/probe-ready <<'ENTRYPOINT_EOF'",
      PROBE_READY.strip(),
      "ENTRYPOINT_EOF",
      "chmod 755 /usr/local/bin/wiring-probe.sh /usr/local/bin/probe-ready && cp /usr/local/bin/probe-ready /app/zitadel",
      "");

  private static final String PATH_ENV =
      "ENV PATH=/usr/lib/postgresql/17/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** Each image's {@code docker import --change} lines, by short name. */
  private static final Map<String, List<String>> IMAGES = images();

  private StackImages() {}

  private static Map<String, List<String>> images() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("caddy", List.of(PATH_ENV, "ENV XDG_CONFIG_HOME=/config", "ENV XDG_DATA_HOME=/data", "WORKDIR /srv",
        "CMD [\"caddy\", \"run\", \"--config\", \"/etc/caddy/Caddyfile\", \"--adapter\", \"caddyfile\"]"));
    m.put("postgres", List.of(PATH_ENV, "ENV PGDATA=/var/lib/postgresql/data",
        "ENTRYPOINT [\"/usr/local/bin/docker-entrypoint.sh\"]", "CMD [\"postgres\"]"));
    m.put("redis", List.of(PATH_ENV, "WORKDIR /data", "CMD [\"redis-server\"]"));
    // STAND-IN for boky/postfix (same environment contract, Debian's postfix); its swaks also serves as a test mail client
    m.put("relay", List.of(PATH_ENV, "ENTRYPOINT [\"/usr/local/bin/relay-entrypoint.sh\"]"));
    // a WIRING PROBE for Zitadel and Windmill (wiring-probe.sh): same names, environment, volumes, networks and health checks
    m.put("probe", List.of(PATH_ENV, "ENTRYPOINT [\"/usr/local/bin/wiring-probe.sh\"]"));
    return m;
  }

  /** The short names of the images: {@code caddy}, {@code postgres}, {@code redis}, {@code relay}, {@code probe}. */
  public static List<String> names() {
    return List.copyOf(IMAGES.keySet());
  }

  /** The local tag of an image ({@code vps-stack/<name>:<hash>}), built and imported if missing. */
  public static String image(String name) {
    List<String> changes = IMAGES.get(name);
    if (changes == null) {
      throw new IllegalArgumentException("no stack image " + name + " (have " + names() + ")");
    }
    Rootfs rootfs = new Rootfs("stack", RECIPE);
    String tag = "vps-stack/" + name + ":" + rootfs.hash();
    if (VpsBox.docker(Duration.ofSeconds(30), "image", "inspect", tag).exitCode() == 0) {
      return tag;
    }
    Path tarball = rootfs.tarball();
    List<String> args = new java.util.ArrayList<>(List.of("import"));
    changes.forEach(c -> args.addAll(List.of("--change", c)));
    args.addAll(List.of(tarball.toString(), tag));
    log.info("importing {} as {}", tarball, tag);
    VpsBox.docker(Duration.ofMinutes(10), args.toArray(String[]::new)).requireSuccess();
    return tag;
  }

  /**
   * Pushes every stack image to a registry reachable from the local engine (e.g. a box's registry
   * published on 127.0.0.1), as {@code <registry>/vps/<name>:<tag>}; returns those references by
   * short name.
   */
  public static Map<String, String> pushTo(String registry, String tag) {
    Map<String, String> refs = new LinkedHashMap<>();
    for (String name : names()) {
      String ref = registry + "/vps/" + name + ":" + tag;
      VpsBox.docker(Duration.ofSeconds(30), "tag", image(name), ref).requireSuccess();
      VpsBox.docker(Duration.ofMinutes(10), "push", "--quiet", ref).requireSuccess();
      VpsBox.docker(Duration.ofSeconds(30), "rmi", ref);
      refs.put(name, ref);
    }
    return refs;
  }

  private static String resource(String name) {
    try (InputStream in = StackImages.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
