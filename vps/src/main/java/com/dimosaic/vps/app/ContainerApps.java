package com.dimosaic.vps.app;

import com.dimosaic.vps.core.HostLayout;
import com.dimosaic.vps.core.VpsException;
import com.dimosaic.vps.profile.Build;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.Service;
import com.dimosaic.vps.profile.ServiceKind;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.remote.RemoteHost;
import com.dimosaic.vps.rollout.BlueGreen;
import com.dimosaic.vps.rollout.Strategy;
import com.dimosaic.vps.rollout.Switch;
import com.dimosaic.vps.stack.AuditLog;
import com.dimosaic.vps.stack.Checkout;
import com.dimosaic.vps.stack.DeployException;
import com.dimosaic.vps.stack.DeployLock;
import com.dimosaic.vps.stack.Health;
import com.dimosaic.vps.stack.ImagePins;
import com.dimosaic.vps.stack.StackDir;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The profile's container services delivered one at a time, the way an application's CI does it:
 * <ul>
 *   <li>{@link #redeploy}: optional registry login (token on stdin), {@code docker compose pull} of
 *       the service — its configured reference again (a moving tag) or a new one pinned in
 *       {@link ImagePins docker-compose.override.yml} — then only that service recreated and polled
 *       until healthy;</li>
 *   <li>{@link #buildOnHost}: the service's checkout ({@code build.git}) fetched and hard-reset to a
 *       ref, {@code docker compose build}, recreate, health.</li>
 * </ul>
 * A service routed through Caddy is replaced {@link BlueGreen blue/green} (its
 * {@link Strategy strategy}): the new container starts beside the old one, takes traffic once it is
 * healthy, and the old one drains and is removed, so no request fails. When the new container never
 * becomes healthy it is removed, the old one serves on, the checkout or pin is put back, and the
 * delivery returns {@link Delivery.Outcome#REJECTED}. A service that cannot run twice is stopped
 * and started; when its new container never becomes healthy the previous image is started again
 * and the delivery returns {@link Delivery.Outcome#ROLLED_BACK}. Either way
 * {@link Delivery#failure()} holds the health output and the failed container's last log lines. When the image
 * did not change, nothing is recreated. After a success, images of the service older than the
 * previous one are removed. Every delivery takes the deploy lock and is recorded in the audit log.
 *
 * <pre>{@code
 * ContainerApps apps = vps.containerApps(profile);
 * apps.redeploy("api", DeliveryOptions.builder().image("ghcr.io/acme/api:1.4.2")
 *     .login(RegistryLogin.ghcr("acme", token)).who("ci@github").build());
 * apps.buildOnHost("shop", DeliveryOptions.builder().ref("v2.3.0").build());
 * }</pre>
 */
public final class ContainerApps {
  private static final Logger log = LoggerFactory.getLogger(ContainerApps.class);
  private static final Duration PULL = Duration.ofMinutes(30);

  private final RemoteHost host;
  private final Profile profile;

  /** The container services of {@code profile} on {@code host}. */
  public ContainerApps(RemoteHost host, Profile profile) {
    this.host = Objects.requireNonNull(host, "host == null");
    this.profile = Objects.requireNonNull(profile, "profile == null");
  }

  /**
   * Pulls {@code service}'s image (the one in {@code options}, else the configured one) and recreates
   * only that service.
   *
   * @return the delivery; {@link Delivery.Outcome#ROLLED_BACK} when the new container did not become
   *     healthy and the previous image serves again ({@link Delivery#failure()} holds the log tail)
   * @throws DeployException when the pull fails (nothing changed), or nothing healthy serves afterwards
   */
  public Delivery redeploy(String service, DeliveryOptions options) {
    try {
      return redeployService(service, options);
    } catch (VpsException e) {
      throw e.redact(host.redactor()); // messages quote registry, compose and container output
    }
  }

  private Delivery redeployService(String service, DeliveryOptions options) {
    Service s = service(service);
    if (s.image().isEmpty()) {
      throw new DeployException(DeployException.Reason.INVALID, service + " is built on the host (build in the profile); deliver it with buildOnHost");
    }
    if (options.ref().isPresent()) {
      throw new DeployException(DeployException.Reason.INVALID, "a ref is for buildOnHost; redeploy takes an image");
    }
    options.image().ifPresent(ImagePins::checkReference);
    long t0 = System.nanoTime();
    StackDir stack = StackDir.of(host);
    String detail = options.image().map(i -> "redeploy " + service + " → " + i).orElse("redeploy " + service);
    try (DeployLock lock = DeployLock.acquire(stack, new DeployLock.Holder(options.who(), Instant.now(), "app", detail),
        options.lockWait())) {
      String before = configuredImage(stack, service);
      Optional<String> previous = Optional.ofNullable(stack.runningImages(service).get(service));
      Optional<byte[]> pinsBefore = stack.read(ImagePins.FILE);
      String target = options.image().orElse(before);
      try {
        if (!target.equals(before)) {
          ImagePins.pin(stack, service, target);
        }
        pull(stack, service, target, options.login());
      } catch (RuntimeException e) {
        ImagePins.restore(stack, pinsBefore);
        audit(stack, options, "redeploy", "failed", service + " → " + target + ": pull failed");
        throw e;
      }
      String image = imageId(stack, target);
      Strategy strategy = Strategy.of(profile.catalogue(), s);
      if (previous.isPresent() && previous.get().equals(image)) {
        audit(stack, options, "redeploy", "unchanged", service + " already runs " + target + " (" + Delivery.shortId(image) + ")");
        return new Delivery(service, "redeploy", Delivery.Outcome.UNCHANGED, target, previous, image, Optional.empty(), 0, Optional.empty(),
            since(t0), strategy, Optional.empty());
      }
      Replaced r = replace(stack, s, options, previous, before, () -> ImagePins.restore(stack, pinsBefore), "redeploy", target);
      if (r.failure().isPresent()) {
        return new Delivery(service, "redeploy", r.outcome(), before, previous, previous.orElseThrow(), Optional.empty(), 0,
            r.failure(), since(t0), r.strategy(), Optional.empty());
      }
      int pruned = prune(stack, service, previous, image);
      audit(stack, options, "redeploy", "success", service + " → " + target + " (" + Delivery.shortId(image) + ", " + r.strategy() + ")");
      return new Delivery(service, "redeploy", Delivery.Outcome.UPDATED, target, previous, image, Optional.empty(), pruned, Optional.empty(),
          since(t0), r.strategy(), r.switched());
    }
  }

  /**
   * Updates {@code service}'s checkout to the ref (the one in {@code options}, else the profile's
   * {@code build.ref}), builds its image with {@code docker compose build} and recreates only that service.
   *
   * @return the delivery; {@link Delivery.Outcome#ROLLED_BACK} when the new container did not become
   *     healthy (the previous image serves again and the checkout is put back)
   * @throws DeployException when the ref is unknown or the build fails (the checkout is put back), or
   *     nothing healthy serves afterwards
   */
  public Delivery buildOnHost(String service, DeliveryOptions options) {
    try {
      return buildService(service, options);
    } catch (VpsException e) {
      throw e.redact(host.redactor()); // messages quote git, build and container output
    }
  }

  private Delivery buildService(String service, DeliveryOptions options) {
    Service s = service(service);
    Build build = s.build().filter(Build::fromGit).orElseThrow(() -> new DeployException(DeployException.Reason.INVALID, service
        + " is not built from a repository on the host (set build.git in the profile)"));
    if (options.image().isPresent() || options.login().isPresent()) {
      throw new DeployException(DeployException.Reason.INVALID, "an image or a registry login is for redeploy; buildOnHost takes a ref");
    }
    long t0 = System.nanoTime();
    String ref = options.ref().orElse(build.ref());
    StackDir stack = StackDir.of(host);
    try (DeployLock lock = DeployLock.acquire(stack, new DeployLock.Holder(options.who(), Instant.now(), "app", "build " + service + " at "
        + ref), options.lockWait())) {
      String dir = stack.dir() + "/" + build.context();
      Checkout.Result checkout;
      try {
        checkout = Checkout.update(stack, dir, build.git().orElseThrow(), ref);
      } catch (DeployException e) {
        audit(stack, options, "build-on-host", "failed", service + " at " + ref + ": " + e.getMessage().lines().findFirst().orElse(""));
        throw e;
      }
      String revision = checkout.commit().substring(0, Math.min(12, checkout.commit().length())) + " " + checkout.subject();
      String reference = configuredImage(stack, service);
      Optional<String> previous = Optional.ofNullable(stack.runningImages(service).get(service));
      Runnable putBack = () -> checkout.previous().ifPresent(c -> Checkout.reset(stack, dir, c));
      CommandResult built = stack.run(stack.compose("build", "--quiet", service).withTimeout(PULL));
      if (!built.ok()) {
        putBack.run();
        audit(stack, options, "build-on-host", "failed", service + " at " + revision + ": build failed");
        throw new DeployException("docker compose build " + service + " failed at " + revision + " (the checkout is back at "
            + checkout.previous().orElse("its first commit") + "; the running container is untouched):\n"
            + CommandResult.tail(built.stderr() + built.stdout(), 20));
      }
      String image = imageId(stack, reference);
      Strategy strategy = Strategy.of(profile.catalogue(), s);
      if (previous.isPresent() && previous.get().equals(image)) {
        audit(stack, options, "build-on-host", "unchanged", service + " at " + revision + " (same image)");
        return new Delivery(service, "build-on-host", Delivery.Outcome.UNCHANGED, reference, previous, image, Optional.of(revision), 0,
            Optional.empty(), since(t0), strategy, Optional.empty());
      }
      Replaced r = replace(stack, s, options, previous, reference, putBack, "build-on-host", reference + " at " + revision);
      if (r.failure().isPresent()) {
        return new Delivery(service, "build-on-host", r.outcome(), reference, previous, previous.orElseThrow(),
            checkout.previous(), 0, r.failure(), since(t0), r.strategy(), Optional.empty());
      }
      int pruned = prune(stack, service, previous, image);
      audit(stack, options, "build-on-host", "success", service + " at " + revision + " (" + Delivery.shortId(image) + ", "
          + r.strategy() + ")");
      return new Delivery(service, "build-on-host", Delivery.Outcome.UPDATED, reference, previous, image, Optional.of(revision), pruned,
          Optional.empty(), since(t0), r.strategy(), r.switched());
    }
  }

  /** How {@link #replace} ended: a failure (with the outcome it means) or the switch it made. */
  private record Replaced(Strategy strategy, Optional<String> failure, Delivery.Outcome outcome, Optional<Switch> switched) {}

  /**
   * Puts the service's new image into service: blue/green where the profile allows it and a container
   * runs (the old one serves until the new one is healthy, and on failure never stops), otherwise a
   * stop-start with the previous image started again on failure. Throws only when nothing healthy
   * serves afterwards.
   */
  private Replaced replace(StackDir stack, Service s, DeliveryOptions options, Optional<String> previous, String previousRef,
      Runnable putBack, String action, String what) {
    String service = s.name();
    Strategy strategy = Strategy.of(profile.catalogue(), s);
    Optional<Service> caddy = profile.catalogue().firstOfKind(ServiceKind.CADDY);
    if (strategy == Strategy.BLUE_GREEN && previous.isPresent() && caddy.isPresent()) {
      BlueGreen blueGreen = new BlueGreen(stack, caddy.get().name());
      if (!blueGreen.running(service).isEmpty()) {
        try {
          Switch sw = blueGreen.replace(s, profile.catalogue().routes(), options.healthTimeout(), options.drain().orElse(
              s.rollout().drain()), step -> log.info("{} {}: {}", action, service, step));
          return new Replaced(strategy, Optional.empty(), Delivery.Outcome.UPDATED, Optional.of(sw));
        } catch (DeployException e) {
          log.warn("{} of {} failed; the previous container serves on: {}", action, service, e.getMessage().lines().findFirst().orElse(""));
          putBack.run();
          // a moving tag pulled anew points at the previous image again, so that compose sees no change
          stack.run(stack.command(List.of("docker", "tag", previous.get(), previousRef)));
          audit(stack, options, action, "failed", service + " → " + what + ": not healthy; the previous container ("
              + Delivery.shortId(previous.get()) + ") serves on, it never stopped");
          return new Replaced(strategy, Optional.of(e.getMessage()), Delivery.Outcome.REJECTED, Optional.empty());
        }
      }
    }
    return new Replaced(Strategy.RESTART, restart(stack, s, options, previous, previousRef, putBack, action, what),
        Delivery.Outcome.ROLLED_BACK, Optional.empty());
  }

  /**
   * Recreates the service with its new image and waits for it; on failure the previous image is
   * started again and the failure is returned. Throws only when nothing healthy serves afterwards.
   */
  private Optional<String> restart(StackDir stack, Service s, DeliveryOptions options, Optional<String> previous, String previousRef,
      Runnable putBack, String action, String what) {
    String service = s.name();
    try {
      stack.composeOk(Duration.ofMinutes(10), "up", "-d", "--no-deps", service);
      Health.await(stack, service, s.replicas(), options.healthTimeout());
    } catch (DeployException e) {
      log.warn("{} of {} failed, starting the previous image again: {}", action, service, e.getMessage().lines().findFirst().orElse(""));
      putBack.run();
      if (previous.isEmpty()) {
        audit(stack, options, action, "failed", service + " → " + what + ": not healthy, no previous container");
        throw new DeployException(DeployException.Reason.HEALTH, service + ": " + what + " did not become healthy, and there was no previous container to go back"
            + " to.\n" + e.getMessage(), e);
      }
      try {
        stack.run(stack.command(List.of("docker", "tag", previous.get(), previousRef))).requireSuccess();
        stack.composeOk(Duration.ofMinutes(10), "up", "-d", "--no-deps", "--force-recreate", service);
        Health.await(stack, service, s.replicas(), options.healthTimeout());
      } catch (RuntimeException restore) {
        audit(stack, options, action, "failed", service + " → " + what + ": not healthy; restoring the previous image failed too");
        throw new DeployException(DeployException.Reason.ROLLBACK_FAILED, service + ": " + what + " did not become healthy, and starting the previous image ("
            + Delivery.shortId(previous.get()) + ") failed too: " + restore.getMessage() + "\n" + e.getMessage(), e);
      }
      audit(stack, options, action, "rolled-back", service + " → " + what + ": not healthy; " + Delivery.shortId(previous.get())
          + " serves again");
      return Optional.of(service + ": " + what + " did not become healthy; the previous image (" + previousRef + ", "
          + Delivery.shortId(previous.get()) + ") serves again.\n" + e.getMessage());
    }
    return Optional.empty();
  }

  private void pull(StackDir stack, String service, String image, Optional<RegistryLogin> login) {
    boolean loggedIn = false;
    try {
      if (login.isPresent()) {
        RegistryLogin l = login.get();
        if (!l.serves(image)) {
          throw new DeployException(DeployException.Reason.INVALID, image + " is not in " + l.registry() + " (the registry the login is for)");
        }
        byte[] token = l.tokenBytes();
        try {
          CommandResult r = stack.run(stack.command(List.of("docker", "login", "--username", l.user(), "--password-stdin", l.registry()))
              .withStdin(token).withTimeout(Duration.ofMinutes(2)));
          if (!r.ok()) {
            throw new DeployException("docker login to " + l.registry() + " as " + l.user() + " failed: " + CommandResult.tail(r.stderr(), 3));
          }
        } finally {
          Arrays.fill(token, (byte) 0);
        }
        loggedIn = true;
      }
      CommandResult r = stack.run(stack.compose("pull", "--quiet", service).withTimeout(PULL));
      if (!r.ok()) {
        throw new DeployException("docker compose pull " + service + " (" + image + ") failed; nothing was changed:\n"
            + CommandResult.tail(r.stderr() + r.stdout(), 10));
      }
    } finally {
      if (loggedIn) { // the token is not left in ~app/.docker/config.json
        stack.run(stack.command(List.of("docker", "logout", login.get().registry())));
      }
    }
  }

  /** The reference the service runs now: its pin, else the image in docker-compose.yml. */
  private String configuredImage(StackDir stack, String service) {
    String pinned = ImagePins.read(stack).get(service);
    if (pinned != null) {
      return pinned;
    }
    Map<String, Object> compose = StackDir.composeServices(stack.read("docker-compose.yml").orElseThrow(() ->
        new DeployException("no docker-compose.yml in " + stack.dir() + ": provision or deploy the profile first"))).get(service);
    if (compose == null || compose.get("image") == null) {
      throw new DeployException(service + " is not in " + stack.dir() + "/docker-compose.yml yet: deploy the profile first");
    }
    return String.valueOf(compose.get("image"));
  }

  private static String imageId(StackDir stack, String reference) {
    CommandResult r = stack.run(stack.command(List.of("docker", "image", "inspect", "--format", "{{.Id}}", reference)));
    if (!r.ok()) {
      throw new DeployException("no image " + reference + " on the host after the pull/build");
    }
    return r.stdout().strip();
  }

  /**
   * Keeps a list of the images this service ran ({@code .vps-state/images/<service>}) and removes those
   * older than the previous one; images this tool did not deliver are never touched.
   */
  private static int prune(StackDir stack, String service, Optional<String> previous, String current) {
    String ledger = HostLayout.STATE + "/images/" + service;
    Set<String> ids = new LinkedHashSet<>(stack.read(ledger)
        .map(b -> new String(b, StandardCharsets.UTF_8).lines().map(String::strip).filter(l -> !l.isEmpty()).toList()).orElse(List.of()));
    previous.ifPresent(p -> {
      ids.remove(p);
      ids.add(p);
    });
    ids.remove(current);
    ids.add(current);
    List<String> keep = new ArrayList<>();
    int removed = 0;
    List<String> all = new ArrayList<>(ids);
    for (int i = 0; i < all.size(); i++) {
      String id = all.get(i);
      boolean recent = i >= all.size() - 2;
      if (!recent && stack.run(stack.command(List.of("docker", "image", "rm", id))).ok()) {
        removed++;
      } else if (recent || stack.run(stack.command(List.of("docker", "image", "inspect", id))).ok()) {
        keep.add(id); // in use elsewhere or also tagged otherwise: kept, tried again next time
      }
    }
    stack.write(stack.dir() + "/" + ledger, (String.join("\n", keep) + "\n").getBytes(StandardCharsets.UTF_8), false, false);
    return removed;
  }

  private Service service(String name) {
    Service s = profile.catalogue().services().get(name);
    if (s == null || !s.enabled()) {
      throw new DeployException(DeployException.Reason.INVALID, "no enabled service '" + name + "' in profile " + profile.name() + " (services: "
          + profile.catalogue().enabledInDependencyOrder().stream().map(Service::name).toList() + ")");
    }
    return s;
  }

  private static void audit(StackDir stack, DeliveryOptions o, String action, String result, String detail) {
    AuditLog.append(stack, new AuditLog.Event(Instant.now(), o.who(), action, "", result, detail));
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }
}
