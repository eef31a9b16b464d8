package com.dimosaic.vps;

import com.dimosaic.vps.compose.ComposeGenerator;
import com.dimosaic.vps.dns.DkimSource;
import com.dimosaic.vps.dns.DnsProvider;
import com.dimosaic.vps.dns.DnsSync;
import com.dimosaic.vps.dns.FileDnsProvider;
import com.dimosaic.vps.dns.ZonePlan;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.provision.ProvisioningOutline;
import java.util.List;
import java.util.Objects;

/**
 * The SDK's entry point. It composes the modules into the workflows; it lives in its own module
 * ({@code vps}) so that the capability modules depend only on {@code vps-core} and the module graph
 * stays acyclic (see {@code docs/architecture.md}).
 *
 * <pre>{@code
 * Profile profile = ProfileLoader.load(Path.of("profiles/prod"));
 * OfflinePlan plan = Vps.plan(profile);          // no server, no network
 * plan.files().forEach(f -> log.info(f.path()));
 * }</pre>
 */
public final class Vps {
  private Vps() {}

  /**
   * Connects to a host over SSH (host keys verified strictly).
   *
   * @throws com.dimosaic.vps.remote.RemoteException when the host cannot be reached or refuses the key
   */
  public static VpsSession connect(com.dimosaic.vps.ssh.SshTarget target) {
    return new VpsSession(com.dimosaic.vps.ssh.SshRemoteHost.connect(target));
  }

  /** A session over any {@link com.dimosaic.vps.remote.RemoteHost} (another transport, a test double). */
  public static VpsSession over(com.dimosaic.vps.remote.RemoteHost host) {
    return new VpsSession(host);
  }

  /**
   * The workflows on a fleet: {@code hosts} (from {@link com.dimosaic.vps.profile.Inventory#select}), each
   * reached over SSH at the target {@code targets} gives it (host keys verified strictly), run in
   * parallel, 8 at a time; {@link VpsFleet#options} makes it rolling or changes the cap.
   */
  public static VpsFleet fleet(Profile profile, List<com.dimosaic.vps.profile.FleetHost> hosts,
      java.util.function.Function<com.dimosaic.vps.profile.FleetHost, com.dimosaic.vps.ssh.SshTarget> targets) {
    Objects.requireNonNull(targets, "targets == null");
    return new VpsFleet(profile, hosts, h -> connect(targets.apply(h)), com.dimosaic.vps.fleet.FleetOptions.defaults());
  }

  /** A fleet over any connection ({@link com.dimosaic.vps.remote.RemoteHost} per host: another transport, test doubles). */
  public static VpsFleet fleetOver(Profile profile, List<com.dimosaic.vps.profile.FleetHost> hosts,
      java.util.function.Function<com.dimosaic.vps.profile.FleetHost, com.dimosaic.vps.remote.RemoteHost> connections) {
    Objects.requireNonNull(connections, "connections == null");
    return new VpsFleet(profile, hosts, h -> over(connections.apply(h)), com.dimosaic.vps.fleet.FleetOptions.defaults());
  }

  /**
   * A dry run against the profile's local zone file ({@code dns.zoneFile}): needs no server or
   * network. Like the runner's {@code plan}: without any age key the secrets are masked (and the plan
   * says so in its warnings); a key that was given and does not open them, or a tampered file, fails.
   */
  public static OfflinePlan plan(Profile profile) {
    Profile p = profile;
    List<String> notes = new java.util.ArrayList<>();
    if (profile.secrets() instanceof com.dimosaic.vps.secrets.sops.SopsSecrets sops) {
      try {
        sops.verify();
      } catch (com.dimosaic.vps.secrets.sops.SopsException e) {
        if (e.kind() != com.dimosaic.vps.secrets.sops.SopsException.Kind.NO_KEY) {
          throw e;
        }
        p = profile.withSecrets(com.dimosaic.vps.secrets.SecretsSource.masked(profile.secrets()));
        notes.add("secrets were not decrypted (no age key found), so their MAC was not verified; values are masked");
      }
    }
    OfflinePlan plan = plan(p, new FileDnsProvider(p.dns().zoneFile()), DkimSource.NONE);
    if (notes.isEmpty()) {
      return plan;
    }
    List<String> warnings = new java.util.ArrayList<>(plan.warnings());
    warnings.addAll(notes);
    return new OfflinePlan(plan.profile(), plan.files(), plan.phases(), plan.dnsProvider(), plan.dns(), warnings);
  }

  /**
   * A dry run against a given DNS provider.
   *
   * @throws com.dimosaic.vps.compose.GenerationException when a file cannot be generated
   * @throws com.dimosaic.vps.dns.DnsException when the provider cannot be read
   */
  public static OfflinePlan plan(Profile profile, DnsProvider dns, DkimSource dkim) {
    Objects.requireNonNull(profile, "profile == null");
    List<ZonePlan> zones = profile.dns().provider().equals("none") ? List.of()
        : DnsSync.plan(profile, dns, dkim, DnsSync.Options.DEFAULT);
    return new OfflinePlan(profile.name(), profile.engine() == com.dimosaic.vps.profile.Engine.SWARM ? swarmFiles(profile)
        : ComposeGenerator.forProfile(profile).render(),
        ProvisioningOutline.of(profile), dns.name(), zones, profile.warnings());
  }

  /**
   * The files of a Swarm stack, for a plan: {@code stack.yml}, each config under {@code configs/} and each
   * built service's context under {@code build/<service>/}. Secrets are Swarm secrets: the stack file
   * names them; their values are not written.
   */
  private static List<com.dimosaic.vps.render.RenderedFile> swarmFiles(Profile profile) {
    com.dimosaic.vps.compose.SwarmStack stack = com.dimosaic.vps.compose.SwarmStackGenerator.forProfile(profile).render();
    List<com.dimosaic.vps.render.RenderedFile> files = new java.util.ArrayList<>();
    files.add(com.dimosaic.vps.render.RenderedFile.text("stack.yml", stack.stackFile(), 0644, false));
    stack.configs().forEach(c -> files.add(new com.dimosaic.vps.render.RenderedFile("configs/" + c.name(), c.content(), 0644, false)));
    stack.builds().forEach(b -> b.context().forEach((path, content) -> files.add(new com.dimosaic.vps.render.RenderedFile(
        "build/" + b.service() + "/" + path, content, 0644, false))));
    return files;
  }
}
