package com.dimosaic.vps.examples;

import com.dimosaic.vps.Vps;
import com.dimosaic.vps.VpsSession;
import com.dimosaic.vps.app.ContainerApps;
import com.dimosaic.vps.app.Delivery;
import com.dimosaic.vps.app.DeliveryOptions;
import com.dimosaic.vps.app.RegistryLogin;
import com.dimosaic.vps.app.StaticSites;
import com.dimosaic.vps.core.VpsException;
import com.dimosaic.vps.profile.Profile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Application delivery, with the SSH flags ({@code --host …}) and the profile folder (positional or {@code --profile}):
 * <ul>
 *   <li>{@code app deploy-static --site S --dir D [--keep N]}: a static site uploaded as a new release, switched to atomically;</li>
 *   <li>{@code app rollback-static --site S}: back to the previous release;</li>
 *   <li>{@code app redeploy --service S [--image REF] [--registry-user U [--registry R] [--token-env NAME]]}: the service's image
 *       pulled (the token, from {@code GHCR_TOKEN} by default, goes over stdin) and only that service replaced (blue/green behind
 *       Caddy, else a restart), health-gated;</li>
 *   <li>{@code app build-on-host --service S [--ref REF]}: the service's checkout reset to the ref, built, replaced, health-gated.</li>
 * </ul>
 */
final class AppCommand {
  private static final List<String> SUBCOMMANDS = List.of("deploy-static", "rollback-static", "redeploy", "build-on-host");

  private final PrintWriter out;
  private final PrintWriter err;
  private final Map<String, String> env;

  AppCommand(PrintWriter out, PrintWriter err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  int run(List<String> argv) {
    if (argv.isEmpty() || !SUBCOMMANDS.contains(argv.get(0))) {
      throw new Args.UsageException("app takes one of " + String.join(", ", SUBCOMMANDS));
    }
    String sub = argv.get(0);
    Args a = new Args(argv.subList(1, argv.size()), CommandHelp.of("app " + sub));
    if (a.positionals.size() != 1) {
      throw new Args.UsageException("app " + sub + " takes one profile folder (or --profile)");
    }
    Profile profile = ProfileFlags.load(a);
    String who = a.option("--who").orElse(System.getProperty("user.name", "unknown"));
    Duration wait = Duration.ofSeconds(Long.parseLong(a.option("--lock-wait").orElse("60")));
    // every flag is checked before the connection: a usage error never touches the host
    return switch (sub) {
      case "deploy-static", "rollback-static" -> staticSite(a, sub, profile, who, wait);
      default -> container(a, sub, profile, who, wait);
    };
  }

  private int staticSite(Args a, String sub, Profile profile, String who, Duration wait) {
    String site = a.option("--site").orElseThrow(() -> new Args.UsageException("--site is required"));
    boolean deploy = sub.equals("deploy-static");
    Path dir = deploy ? Path.of(a.option("--dir").orElseThrow(() -> new Args.UsageException("--dir is required"))) : null;
    int keep = Integer.parseInt(a.option("--keep").orElse("5"));
    try (VpsSession vps = Vps.connect(SshCommandOptions.target(a, profile))) {
      StaticSites sites = new StaticSites(vps.host(), profile, keep, wait);
      StaticSites.Release r = deploy ? sites.deploy(site, dir, who) : sites.rollback(site, who);
      out.println(site + ": current → releases/" + r.name() + (deploy ? " (" + r.files() + " files)" : ""));
      return Main.OK;
    } catch (VpsException e) {
      return Main.fail(err, "app " + sub, e);
    }
  }

  private int container(Args a, String sub, Profile profile, String who, Duration wait) {
    String service = a.option("--service").orElseThrow(() -> new Args.UsageException("--service is required"));
    DeliveryOptions.Builder o = DeliveryOptions.builder().who(who).lockWait(wait);
    a.option("--health-timeout").ifPresent(s -> o.healthTimeout(Duration.ofSeconds(Long.parseLong(s))));
    if (a.option("--drain").isPresent()) {
      int drain = Args.integer(a, "--drain", 30);
      if (drain < 0 || drain > 600) {
        throw new Args.UsageException("--drain: from 0 to 600 seconds, got " + drain);
      }
      o.drain(Duration.ofSeconds(drain));
    }
    boolean redeploy = sub.equals("redeploy");
    if (redeploy) {
      a.option("--image").ifPresent(o::image);
      login(a).ifPresent(o::login);
    } else {
      a.option("--ref").ifPresent(o::ref);
    }
    DeliveryOptions options = o.build();
    if (profile.engine() == com.dimosaic.vps.profile.Engine.SWARM) {
      return swarm(a, sub, profile, service, options);
    }
    try (VpsSession vps = Vps.connect(SshCommandOptions.target(a, profile))) {
      ContainerApps apps = vps.containerApps(profile);
      Delivery d = redeploy ? apps.redeploy(service, options) : apps.buildOnHost(service, options);
      if (!d.ok()) {
        err.println("app " + sub + ": " + d.toText());
        return Main.FAILED;
      }
      out.println(d.toText());
      return Main.OK;
    } catch (VpsException e) {
      return Main.fail(err, "app " + sub, e);
    } finally {
      options.login().ifPresent(RegistryLogin::clear);
    }
  }

  /** {@code engine: swarm}: a redeploy is {@code docker service update --image} on the first manager; a build on the host is refused. */
  private int swarm(Args a, String sub, Profile profile, String service, DeliveryOptions options) {
    try {
      if (!sub.equals("redeploy") || options.image().isEmpty()) {
        throw new Args.UsageException("engine: swarm: app redeploy --service S --image REF (every node pulls the image;"
            + " build-on-host is for engine: compose)");
      }
      com.dimosaic.vps.VpsFleet fleet = com.dimosaic.vps.Vps.fleet(profile, profile.inventory().hosts(),
          h -> SshCommandOptions.target(a, profile.forHost(h)));
      com.dimosaic.vps.swarm.SwarmDeployReport r = fleet.redeploySwarm(service, options.image().get(), options.login(),
          options.healthTimeout());
      (r.result() == com.dimosaic.vps.swarm.SwarmDeployReport.Result.SUCCESS ? out : err).print(r.toText());
      return r.result() == com.dimosaic.vps.swarm.SwarmDeployReport.Result.SUCCESS ? Main.OK : Main.FAILED;
    } catch (VpsException e) {
      return Main.fail(err, "app " + sub, e);
    } finally {
      options.login().ifPresent(RegistryLogin::clear);
    }
  }

  /** {@code --registry-user U}: a login with the token from {@code --token-env} (default GHCR_TOKEN); the registry from the image. */
  private java.util.Optional<RegistryLogin> login(Args a) {
    if (a.option("--registry-user").isEmpty()) {
      if (a.option("--registry").isPresent() || a.option("--token-env").isPresent()) {
        throw new Args.UsageException("--registry and --token-env go with --registry-user");
      }
      return java.util.Optional.empty();
    }
    String tokenEnv = a.option("--token-env").orElse("GHCR_TOKEN");
    String token = env.get(tokenEnv);
    if (token == null || token.isEmpty()) {
      throw new Args.UsageException("--registry-user needs the registry token in the environment variable " + tokenEnv);
    }
    String registry = a.option("--registry").orElseGet(() -> a.option("--image").filter(i -> i.indexOf('/') > 0)
        .map(i -> i.substring(0, i.indexOf('/'))).filter(h -> h.contains(".") || h.contains(":") || h.equals("localhost"))
        .orElseThrow(() -> new Args.UsageException("--registry is required when --image does not name a registry host")));
    try {
      return java.util.Optional.of(RegistryLogin.of(registry, a.option("--registry-user").get(), token.toCharArray()));
    } catch (IllegalArgumentException e) {
      throw new Args.UsageException(e.getMessage());
    }
  }
}
