package com.dimosaic.vps.examples;

import com.dimosaic.vps.DnsProviders;
import com.dimosaic.vps.Vps;
import com.dimosaic.vps.VpsSession;
import com.dimosaic.vps.core.HostLayout;
import com.dimosaic.vps.dns.DkimSource;
import com.dimosaic.vps.dns.DnsRecord;
import com.dimosaic.vps.dns.DnsSync;
import com.dimosaic.vps.dns.PropagationCheck;
import com.dimosaic.vps.dns.RecordChange;
import com.dimosaic.vps.dns.TlsaSource;
import com.dimosaic.vps.dns.ZonePlan;
import com.dimosaic.vps.mox.MoxDkim;
import com.dimosaic.vps.mox.MoxTlsa;
import com.dimosaic.vps.profile.Profile;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code dns plan|sync <profile-dir> [--zone Z] [--provider netcup|file] [--endpoint URL] [--yes]
 * [--no-wait] [--force] [--purge] [--resolver host[:port]]... [--nameserver host[:port]]...
 * [--host H [--port P] [--user U] [--identity F] [--known-hosts F] [--host-key FP]] [--age-key-file F]}.
 * With {@code --host}, DKIM records are read from mox on that host ({@code mox config dnsrecords});
 * without, the plan says DKIM is not managed in this run. After a sync, the zone's authoritative
 * servers are asked first ({@code --nameserver}, the profile's {@code dns.nameservers}, or found
 * through the parent zone); resolvers given with {@code --resolver} must then show the records too.
 */
final class DnsCommand {
  private static final String MOX_HOME = HostLayout.MOX_HOME;
  private final BufferedReader in;
  private final PrintWriter out;
  private final PrintWriter err;

  DnsCommand(BufferedReader in, PrintWriter out, PrintWriter err) {
    this.in = in;
    this.out = out;
    this.err = err;
  }

  int run(List<String> argv) {
    if (argv.isEmpty() || !(argv.get(0).equals("plan") || argv.get(0).equals("sync"))) {
      throw new Args.UsageException("dns needs a subcommand: plan or sync");
    }
    boolean sync = argv.get(0).equals("sync");
    List<String> resolvers = new ArrayList<>();
    List<String> nameservers = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (int i = 1; i < argv.size(); i++) {
      if (argv.get(i).equals("--resolver") && i + 1 < argv.size()) {
        resolvers.add(argv.get(++i));
      } else if (argv.get(i).equals("--nameserver") && i + 1 < argv.size()) {
        nameservers.add(argv.get(++i));
      } else {
        rest.add(argv.get(i));
      }
    }
    Args a = new Args(rest, CommandHelp.of("dns " + argv.get(0)));
    if (a.positionals.size() != 1) {
      throw new Args.UsageException("dns " + argv.get(0) + " takes one profile folder");
    }
    a.option("--provider").filter(p -> !p.equals("netcup") && !p.equals("file"))
        .ifPresent(p -> { throw new Args.UsageException("--provider must be netcup or file"); });
    Profile profile = ProfileFlags.load(a);
    DnsSync.Options options = new DnsSync.Options(a.option("--zone"), a.flag("--purge"), a.flag("--force"));

    Optional<VpsSession> host = Optional.empty();
    try {
      if (a.option("--host").isPresent() && profile.mail().enabled()) {
        host = Optional.of(Vps.connect(SshCommandOptions.target(a, profile)));
      }
      DkimSource dkim = host.map(h -> MoxDkim.fromDnsRecords(h.host(), MOX_HOME)).orElse(DkimSource.NONE);
      TlsaSource tlsa = host.isPresent() && profile.mail().dane()
          ? MoxTlsa.fromHost(host.get().host(), MOX_HOME + "/certs", profile.domains().mailFqdn()) : TlsaSource.NONE;
      return run(a, profile, options, dkim, tlsa, host, sync, resolvers, nameservers);
    } finally {
      host.ifPresent(VpsSession::close);
    }
  }

  private int run(Args a, Profile profile, DnsSync.Options options, DkimSource dkim, TlsaSource tlsa, Optional<VpsSession> host,
      boolean sync, List<String> resolvers, List<String> nameservers) {
    try (DnsProviders.Closeable provider = DnsProviders.open(profile, a.option("--provider"), a.option("--endpoint"))) {
      List<ZonePlan> plans = DnsSync.plan(profile, provider, dkim, tlsa, options);
      int total = 0;
      for (ZonePlan z : plans) {
        out.println("zone " + z.zone() + " (" + provider.name() + "): " + (z.isEmpty() ? "converged, no changes"
            : z.changes().size() + " change(s)"));
        for (RecordChange c : z.changes()) {
          out.println("  " + c.display());
        }
        z.notes().forEach(n -> out.println("  note: " + n));
        total += z.changes().size();
      }
      if (sync && total == 0) {
        // the records are in the zone already: the keys they name may be served once the wait has passed
        host.flatMap(h -> MoxTlsa.afterPublish(h.host(), MOX_HOME + "/certs", profile, provider, tlsa))
            .ifPresent(r -> out.println("  " + r.step() + (r.detail().isEmpty() ? "" : ": " + r.detail())));
      }
      if (!sync) {
        return a.flag("--expect-no-changes") && total > 0 ? Main.CHANGES_PENDING : Main.OK;
      }
      if (total == 0) {
        return Main.OK;
      }
      if (!a.flag("--yes") && !ProfileFlags.confirm(in, out, "Apply " + total + " change(s)? [y/N] ")) {
        err.println("not applied: not confirmed (pass --yes to apply without asking)");
        return Main.REFUSED;
      }
      int sent = DnsSync.apply(provider, plans, options);
      out.println("applied " + sent + " change(s)");
      host.flatMap(h -> MoxTlsa.afterPublish(h.host(), MOX_HOME + "/certs", profile, provider, tlsa))
          .ifPresent(r -> out.println("  " + r.step() + (r.detail().isEmpty() ? "" : ": " + r.detail())));
      if (!a.flag("--no-wait")) {
        List<PropagationCheck.Expectation> expected = new ArrayList<>();
        Optional<java.time.Duration> ttl = Optional.empty();
        for (ZonePlan z : plans) {
          List<DnsRecord> written = z.changes().stream().filter(c -> c.desired().isPresent()).map(c -> c.desired().get()).toList();
          expected.addAll(PropagationCheck.Expectation.forZone(z.zone(), written));
          if (!written.isEmpty() && ttl.isEmpty()) {
            ttl = provider.ttl(z.zone());
          }
        }
        PropagationCheck.Builder check = PropagationCheck.builder()
            .resolvers(resolvers.isEmpty() ? profile.dns().resolvers() : resolvers)
            .nameservers(nameservers.isEmpty() ? profile.dns().nameservers() : nameservers)
            .thenResolvers(!resolvers.isEmpty())
            .progress(rep -> rep.lines().forEach(l -> out.println("  " + l)));
        ttl.ifPresent(check::zoneTtl);
        PropagationCheck.Report r = check.build().await(expected, profile.dns().propagationWait());
        if (!r.complete()) {
          err.println("some records are not visible yet after " + profile.dns().propagationWait().toMinutes() + " minutes");
          return Main.FAILED;
        }
      }
      return Main.OK;
    }
  }
}
