package com.dimosaic.vps.mox;

import com.dimosaic.vps.dns.TlsaSource;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.RemoteHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * DANE on the host: the keys mox serves and will serve (for the DNS planner's TLSA records), and the
 * record of which keys' TLSA records are published, which the certificate sync waits for before it
 * lets mox serve a new key ({@link CertSync#TLSA_PUBLISHED}).
 */
public final class MoxTlsa {
  private MoxTlsa() {}

  /** The profile's TLSA source: mox's certificates when mail and DANE are enabled, else none. */
  public static TlsaSource forProfile(RemoteHost host, com.dimosaic.vps.profile.Profile profile) {
    return profile.mail().enabled() && profile.mail().dane()
        ? fromHost(host, com.dimosaic.vps.core.HostLayout.MOX_CERTS, profile.domains().mailFqdn()) : TlsaSource.NONE;
  }

  /**
   * The SPKI SHA-256 of the certificate mox serves ({@code live}) and of the one staged to follow it
   * ({@code next}); none for the installer's placeholder. The host is asked once, on first use, so the
   * plan and {@link #afterPublish} see the same keys.
   */
  public static TlsaSource fromHost(RemoteHost host, String certsDir, String name) {
    return new TlsaSource() {
      private List<String> keys;

      @Override
      public synchronized List<String> spkiSha256() {
        if (keys == null) {
          keys = read(host, certsDir, name);
        }
        return keys;
      }
    };
  }

  private static List<String> read(RemoteHost host, String certsDir, String name) {
    String out = host.run(Command.of("sh", "-c", "for d in live " + CertSync.NEXT + "; do\n"
          + "  [ \"$d\" = live ] && [ \"$(readlink \"$1/live\" 2>/dev/null || true)\" = " + CertSync.PLACEHOLDER + " ] && continue\n"
        + "  f=\"$1/$d/$2.crt\"\n"
        + "  [ -f \"$f\" ] || continue\n"
        + "  openssl x509 -noout -pubkey -in \"$f\" | openssl pkey -pubin -outform DER | sha256sum | cut -c 1-64\n"
        + "done", "sh", certsDir, name)).requireSuccess().stdout();
    List<String> hashes = new ArrayList<>();
    for (String l : out.strip().split("\n")) {
      if (l.matches("[0-9a-f]{64}") && !hashes.contains(l)) {
        hashes.add(l);
      }
    }
    return List.copyOf(hashes);
  }

  /**
   * Records on the host that the TLSA records of {@code hashes} are published, so that mox may serve
   * those keys from {@code delay} after now (the zone TTL plus the propagation time). A key already
   * listed keeps its time; keys no longer published are dropped.
   */
  public static StepResult markPublished(RemoteHost host, String certsDir, List<String> hashes, Duration delay) {
    for (String h : hashes) {
      if (!h.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("not a SHA-256: " + h);
      }
    }
    String file = certsDir + "/" + CertSync.TLSA_PUBLISHED;
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", "set -eu\n"
        + "f=\"$1\"; delay=\"$2\"; shift 2\n"
        + "now=$(date +%s)\n"
        + "tmp=\"$f.tmp\"\n"
        + ": > \"$tmp\"\n"
        + "for h in \"$@\"; do\n"
        + "  line=$(awk -v h=\"$h\" '$1 == h { print; exit }' \"$f\" 2>/dev/null || true)\n"
        + "  [ -n \"$line\" ] || line=\"$h $((now + delay))\"\n"
        + "  echo \"$line\" >> \"$tmp\"\n"
        + "done\n"
        + "if cmp -s \"$tmp\" \"$f\"; then rm -f \"$tmp\"; echo unchanged; else mv \"$tmp\" \"$f\"; echo changed; fi"));
    cmd.addAll(List.of("sh", file, String.valueOf(delay.toSeconds())));
    cmd.addAll(hashes);
    String out = host.run(Command.of(cmd)).requireSuccess().stdout().strip();
    String step = "TLSA published for " + hashes.size() + " key(s) (" + file + ")";
    return out.equals("changed") ? StepResult.changed(step, "a new key may be served from " + delay.toSeconds() + " s from now")
        : StepResult.unchanged(step);
  }

  /**
   * After the DNS records of a profile with {@code mail.dane} were sent: records the keys {@code tlsa}
   * gave as published, servable after the zone's TTL (from the provider, else one hour) plus the
   * profile's propagation wait. Empty when DANE is off or no keys were known.
   */
  public static java.util.Optional<StepResult> afterPublish(RemoteHost host, String certsDir, com.dimosaic.vps.profile.Profile profile,
      com.dimosaic.vps.dns.DnsProvider provider, TlsaSource tlsa) {
    if (!profile.mail().enabled() || !profile.mail().dane()) {
      return java.util.Optional.empty();
    }
    List<String> hashes = tlsa.spkiSha256();
    if (hashes.isEmpty()) {
      return java.util.Optional.empty();
    }
    String mail = profile.domains().mailFqdn();
    Duration ttl = com.dimosaic.vps.dns.DesiredRecords.zoneOf(mail, profile.dns().zones()).flatMap(provider::ttl)
        .orElse(Duration.ofHours(1));
    return java.util.Optional.of(markPublished(host, certsDir, hashes, ttl.plus(profile.dns().propagationWait())));
  }
}
