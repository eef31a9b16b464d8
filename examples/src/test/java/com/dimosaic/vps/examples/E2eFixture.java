package com.dimosaic.vps.examples;

import com.dimosaic.vps.DnsProviders;
import com.dimosaic.vps.mox.MoxBinary;
import com.dimosaic.vps.mox.MoxInstall;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.ProfileLoader;
import com.dimosaic.vps.provision.ProvisionOptions;
import com.dimosaic.vps.secrets.sops.AgeKeys;
import com.dimosaic.vps.ssh.SshTarget;
import com.dimosaic.vps.testing.FakeNetcupServer;
import com.dimosaic.vps.testing.Processes;
import com.dimosaic.vps.testing.RealMox;
import com.dimosaic.vps.testing.StackImages;
import com.dimosaic.vps.testing.VpsBox;
import com.dimosaic.vps.validation.ValidationOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the e2e tests share: a box with its registry and the stack images, the real mox binary, the
 * e2e profile (copied with the demo's secrets and key), the fake Netcup server and the options that
 * point provisioning and validation at all of them.
 */
final class E2eFixture {
  static final Path E2E = Path.of("src/test/resources/profiles/e2e");
  static final Path DEMO = Path.of("profiles/demo");

  final Path tmp;
  final Path key;
  final Path mox;

  E2eFixture(Path tmp) {
    this.tmp = tmp;
    this.key = tmp.resolve("id_ed25519");
    Processes.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), Map.of(), null).requireSuccess();
    this.mox = RealMox.V0_0_17.binary();
  }

  /** The box's ports this machine reaches (published on 127.0.0.1): HTTPS, the four mail ports, the registry. */
  static final int[] PORTS = {443, 25, 465, 587, 993, 5000};

  /** A fresh box publishing {@link #PORTS}, with its registry and the stack images. */
  VpsBox box() {
    VpsBox box = VpsBox.start(Path.of(key + ".pub"), PORTS);
    try {
      box.forwardToPublicAddress(25, 465, 587, 993); // mox binds the profile's public address only
      box.installRegistry();
      StackImages.pushTo("127.0.0.1:" + box.publishedPort(5000), "e2e");
      return box;
    } catch (RuntimeException e) {
      box.close();
      throw e;
    }
  }

  static FakeNetcupServer netcup() {
    return FakeNetcupServer.start().addCustomer("12345", "demo-api-key", "demo-api-password").addZone("example.com");
  }

  String moxSum() {
    try {
      return MoxBinary.gobuildsSum(Files.readAllBytes(mox));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ValidationOptions validation(VpsBox box) {
    String mirror = VpsBox.mirror();
    return ValidationOptions.builder()
        .resolveNames(List.of(URI.create(mirror).getHost()))
        .connectivityUrls(List.of(mirror + "/"))
        .httpsAddress("127.0.0.1")
        .probeAddress("127.0.0.1")
        .publishedPort(443, box.publishedPort(443))
        .publishedPort(25, box.publishedPort(25))
        .publishedPort(465, box.publishedPort(465))
        .publishedPort(587, box.publishedPort(587))
        .publishedPort(993, box.publishedPort(993))
        .caddyDataDir("/var/lib/docker/volumes/e2e_caddy_data/_data/caddy")
        .build();
  }

  ProvisionOptions options(VpsBox box, FakeNetcupServer netcup) {
    return ProvisionOptions.builder()
        .moxSource(MoxInstall.Source.localFile(mox, moxSum()))
        .dnsProviders(p -> DnsProviders.open(p, Optional.empty(), Optional.of(netcup.endpoint())))
        .healthTimeout(Duration.ofMinutes(3))
        .validation(validation(box))
        .build(load(profileDir("", "")));
  }

  /** A copy of the e2e profile (one text replacement in profile.yaml when {@code find} is not empty) with the demo's secrets and key. */
  Path profileDir(String find, String replace) {
    return profileDir(find, replace, false);
  }

  /**
   * The same, with {@code services.probes.yaml}'s Zitadel and Windmill services appended when
   * {@code probes}, their images pointed at the wiring probe.
   */
  Path profileDir(String find, String replace, boolean probes) {
    try {
      Path dir = Files.createTempDirectory(tmp, "e2e-profile");
      String services = Files.readString(E2E.resolve("services.yaml"));
      if (probes) {
        services += Files.readString(E2E.resolve("services.probes.yaml")).lines().filter(l -> !l.startsWith("#"))
            .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
      }
      Files.writeString(dir.resolve("services.yaml"), services);
      String profile = Files.readString(E2E.resolve("profile.yaml"));
      if (probes) {
        String relay = "    postfix-relay: 127.0.0.1:5000/vps/relay:e2e\n";
        profile = profile.replace(relay, relay + "    zitadel: 127.0.0.1:5000/vps/probe:e2e\n    windmill-server: 127.0.0.1:5000/vps/probe:e2e\n"
            + "    windmill-worker: 127.0.0.1:5000/vps/probe:e2e\n");
      }
      Files.writeString(dir.resolve("profile.yaml"), find.isEmpty() ? profile : profile.replace(find, replace));
      for (String f : List.of("secrets.enc.yaml", "demo-age-key.txt")) {
        Files.copy(DEMO.resolve(f), dir.resolve(f));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Profile load(Path dir) {
    return ProfileLoader.builder()
        .ageKeys(AgeKeys.builder().identityFile(dir.resolve("demo-age-key.txt")).environment(Map.of()).build()).build().loadFrom(dir);
  }

  SshTarget target(VpsBox box) {
    return SshTarget.builder("127.0.0.1").port(box.sshPort()).user("root").identityFile(key).hostKeyFingerprint(box.hostKeyFingerprint())
        .build();
  }

  /**
   * The zone as the fake Netcup server holds it, as zone-file lines for {@link VpsBox#serveDns}: what
   * resolvers would answer once provisioning's records are published.
   */
  static List<String> zoneFile(FakeNetcupServer netcup, String zone) {
    List<String> out = new java.util.ArrayList<>();
    for (FakeNetcupServer.Rec r : netcup.zone(zone).records()) {
      String name = r.hostname().equals("@") ? zone + "." : r.hostname() + "." + zone + ".";
      String d = r.destination();
      String rdata = switch (r.type()) {
        case "MX" -> r.priority() + " " + absolute(d, zone);
        case "CNAME" -> absolute(d, zone);
        case "SRV" -> {
          String[] f = d.split(" ");
          yield f[0] + " " + f[1] + " " + f[2] + " " + (f[3].equals(".") ? "." : absolute(f[3], zone));
        }
        case "TXT" -> {
          StringBuilder sb = new StringBuilder();
          for (int i = 0; i < d.length(); i += 255) {
            sb.append(sb.length() == 0 ? "" : " ").append('"').append(d, i, Math.min(d.length(), i + 255)).append('"');
          }
          yield sb.toString();
        }
        default -> d;
      };
      out.add(name + " 300 IN " + r.type() + " " + rdata);
    }
    return out;
  }

  private static String absolute(String host, String zone) {
    return host.equals("@") ? zone + "." : host.endsWith(".") ? host : host + ".";
  }

  /** {@code --published} for the runner: every port in {@link #PORTS} but the registry, as {@code 443=<port>,...}. */
  static String published(VpsBox box) {
    return java.util.Arrays.stream(PORTS).filter(p -> p != 5000).mapToObj(p -> p + "=" + box.publishedPort(p))
        .collect(java.util.stream.Collectors.joining(","));
  }

  static String diagnostics(VpsBox box) {
    return "\n--- box diagnostics ---\n" + box.exec("cd /home/app/docker 2>/dev/null && runuser -u app -- docker compose ps -a;"
        + " runuser -u app -- docker compose logs --tail 15 --no-color 2>&1 | tail -60; systemctl --failed --no-pager;"
        + " journalctl -u mox --no-pager | tail -10").output();
  }
}
