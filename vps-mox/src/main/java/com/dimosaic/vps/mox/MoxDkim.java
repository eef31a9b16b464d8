package com.dimosaic.vps.mox;

import com.dimosaic.vps.dns.DkimSource;
import com.dimosaic.vps.dns.DnsRecord;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.RemoteHost;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * DKIM records for the DNS planner, from mox on the host: either computed from the PKCS#8 key files
 * in {@code config/dkim} (works before mox runs), or parsed from {@code mox config dnsrecords}.
 * Private keys are read on the host's behalf only to derive the public part; nothing is logged.
 */
public final class MoxDkim {
  private MoxDkim() {}

  /** The profile's DKIM source: mox's key files in its home when mail is enabled, else none. */
  public static DkimSource forProfile(RemoteHost host, com.dimosaic.vps.profile.Profile profile) {
    return profile.mail().enabled() ? fromKeys(host, com.dimosaic.vps.core.HostLayout.MOX_HOME) : DkimSource.NONE;
  }

  /** From the key files under {@code <home>/config/dkim}. */
  public static DkimSource fromKeys(RemoteHost host, String home) {
    return domain -> {
      String dir = home + "/config/dkim";
      String list = host.run(Command.of("sh", "-c", "cd \"$1\" 2>/dev/null && ls -1 -- *._domainkey.\"$2\".*.pem 2>/dev/null || true",
          "sh", dir, domain)).stdout();
      List<DnsRecord> out = new ArrayList<>();
      for (String f : list.strip().split("\n")) {
        if (f.isBlank()) {
          continue;
        }
        String pem = new String(host.read(dir + "/" + f).orElseThrow(), StandardCharsets.UTF_8);
        out.add(DnsRecord.of(f.substring(0, f.indexOf("._domainkey.")) + "._domainkey", "TXT", DkimKeys.txtValue(pem)));
      }
      return out;
    };
  }

  /** From {@code mox config dnsrecords <domain>} (needs the mox binary; DNS lookups happen on the host). */
  public static DkimSource fromDnsRecords(RemoteHost host, String home) {
    return domain -> MoxDnsRecords.dkim(host.run(Command.of(home + "/mox", "config", "dnsrecords", domain).inDirectory(home))
        .requireSuccess().stdout(), domain);
  }
}
