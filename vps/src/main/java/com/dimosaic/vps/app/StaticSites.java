package com.dimosaic.vps.app;

import com.dimosaic.vps.core.HostLayout;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.StaticSite;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.FileSpec;
import com.dimosaic.vps.remote.RemoteHost;
import com.dimosaic.vps.stack.AuditLog;
import com.dimosaic.vps.stack.DeployException;
import com.dimosaic.vps.stack.DeployLock;
import com.dimosaic.vps.stack.StackDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Static sites as releases: {@code /var/www/<site>/releases/<timestamp>/} uploaded in full, then
 * {@code current} switched to it by an atomic rename of a new link over the old one — Caddy (whose
 * site root is {@code /var/www/<site>/current}) serves the old release or the new one, never an empty
 * or half-copied folder. The last {@code keep} releases stay; {@link #rollback} switches back to the
 * previous one. Each delivery takes the deploy lock and is recorded in the audit log.
 *
 * <pre>{@code
 * StaticSites sites = vps.staticSites(profile);
 * sites.deploy("portal", Path.of("dist"), "ci@github");   // upload, switch, prune
 * sites.rollback("portal", "ci@github");                  // back to the previous release
 * }</pre>
 */
public final class StaticSites {
  private final RemoteHost host;
  private final Profile profile;
  private final int keep;
  private final Duration lockWait;

  /** Static sites of {@code profile} on {@code host}, keeping the last {@code keep} releases. */
  public StaticSites(RemoteHost host, Profile profile, int keep, Duration lockWait) {
    if (keep < 2) {
      throw new IllegalArgumentException("keep at least 2 releases (the current one and one to roll back to)");
    }
    this.host = Objects.requireNonNull(host, "host == null");
    this.profile = Objects.requireNonNull(profile, "profile == null");
    this.keep = keep;
    this.lockWait = Objects.requireNonNull(lockWait, "lockWait == null");
  }

  /**
   * A release.
   *
   * @param site the site
   * @param name the release folder's name (a timestamp)
   * @param files how many files it holds (0 when not counted)
   * @param current whether {@code current} points at it
   */
  public record Release(String site, String name, int files, boolean current) {}

  /** Uploads {@code folder} as a new release of {@code site} and switches to it. */
  public Release deploy(String site, Path folder, String who) {
    String dir = siteDir(site);
    List<Path> files = files(folder);
    if (files.isEmpty()) {
      throw new DeployException(DeployException.Reason.INVALID, folder + " holds no files; an empty release would take " + site + " offline");
    }
    StackDir stack = StackDir.of(host);
    try (DeployLock lock = DeployLock.acquire(stack, new DeployLock.Holder(who, Instant.now(), "app", "static " + site), lockWait)) {
      String stamp = StackDir.STAMP.format(Instant.now());
      String name = stamp;
      for (int n = 2; host.exists(dir + "/releases/" + name); n++) {
        name = stamp + "-" + n; // two deliveries within a second
      }
      String release = dir + "/releases/" + name;
      List<String> mkdir = new ArrayList<>(List.of("mkdir", "-p", release));
      files.stream().map(f -> folder.relativize(f).getParent()).filter(Objects::nonNull).distinct()
          .forEach(p -> mkdir.add(release + "/" + p.toString().replace('\\', '/')));
      run(mkdir);
      for (Path f : files) {
        try {
          host.upload(release + "/" + folder.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f), FileSpec.DEFAULT);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      if (stack.asApp()) { // a root session: the release belongs to app like the rest of the site
        run(List.of("chown", "-R", HostLayout.APP_USER + ":" + HostLayout.APP_USER, release));
      }
      switchTo(stack, dir, "releases/" + name);
      prune(site, dir);
      AuditLog.append(stack, new AuditLog.Event(Instant.now(), who, "deploy-static", "", "success", site + " → " + name + " ("
          + files.size() + " files)"));
      return new Release(site, name, files.size(), true);
    }
  }

  /** Switches {@code site} back to the release before the current one. */
  public Release rollback(String site, String who) {
    String dir = siteDir(site);
    StackDir stack = StackDir.of(host);
    try (DeployLock lock = DeployLock.acquire(stack, new DeployLock.Holder(who, Instant.now(), "app", "static rollback " + site), lockWait)) {
      List<Release> all = releases(site);
      int at = -1;
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).current()) {
          at = i;
        }
      }
      if (at <= 0) {
        throw new DeployException(DeployException.Reason.NO_SUCH_POINT, site + " has no release before the current one to roll back to (releases: "
            + all.stream().map(Release::name).toList() + ")");
      }
      Release previous = all.get(at - 1);
      switchTo(stack, dir, "releases/" + previous.name());
      AuditLog.append(stack, new AuditLog.Event(Instant.now(), who, "rollback-static", "", "success", site + " → " + previous.name()));
      return new Release(site, previous.name(), 0, true);
    }
  }

  /** The releases of {@code site}, oldest first. */
  public List<Release> releases(String site) {
    String dir = siteDir(site);
    String current = host.run(Command.of("readlink", dir + "/current")).stdout().strip();
    List<Release> out = new ArrayList<>();
    for (String name : host.run(Command.of("sh", "-c", "ls -1 \"$1\" 2>/dev/null | sort", "sh", dir + "/releases")).stdout().split("\n")) {
      if (!name.isBlank()) {
        out.add(new Release(site, name.strip(), 0, current.equals("releases/" + name.strip())));
      }
    }
    return out;
  }

  private void switchTo(StackDir stack, String dir, String target) {
    // a new link renamed over the old one: rename(2) is atomic, so every request sees one release or the other
    run(List.of("ln", "-sfn", target, dir + "/current.next"));
    if (stack.asApp()) { // a root session: the link belongs to app like the rest of the site
      run(List.of("chown", "-h", HostLayout.APP_USER + ":" + HostLayout.APP_USER, dir + "/current.next"));
    }
    run(List.of("mv", "-T", "-f", dir + "/current.next", dir + "/current"));
  }

  private void prune(String site, String dir) {
    List<Release> all = releases(site);
    for (int i = 0; i < all.size() - keep; i++) {
      if (!all.get(i).current()) {
        run(List.of("rm", "-rf", dir + "/releases/" + all.get(i).name()));
      }
    }
  }

  private String siteDir(String site) {
    StaticSite s = profile.catalogue().sites().stream().filter(x -> x.name().equals(site)).findFirst()
        .orElseThrow(() -> new DeployException(DeployException.Reason.INVALID, "no static site '" + site + "' in the profile (sites: "
            + profile.catalogue().sites().stream().map(StaticSite::name).toList() + ")"));
    String root = s.root();
    return root.substring(0, root.lastIndexOf('/'));
  }

  private void run(List<String> argv) {
    host.run(Command.of(argv)).requireSuccess();
  }

  private static List<Path> files(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new DeployException(DeployException.Reason.INVALID, folder + " is not a folder");
    }
    try (Stream<Path> s = Files.walk(folder)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
