package com.dimosaic.vps.provision;

import com.dimosaic.vps.phase.RemoteFiles;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.remote.FileSpec;
import com.dimosaic.vps.remote.RemoteHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Idempotent building blocks shared by the phases: each looks first, changes only what differs, and says which. */
public final class Steps {
  private static final Duration APT = Duration.ofMinutes(20);

  private Steps() {}

  /** apt-get with the non-interactive settings every phase uses. */
  public static Command apt(String... args) {
    List<String> argv = new ArrayList<>(List.of("apt-get", "-q", "-y", "-o", "Dpkg::Options::=--force-confdef", "-o",
        "Dpkg::Options::=--force-confold"));
    argv.addAll(List.of(args));
    return Command.of(argv).withEnv("DEBIAN_FRONTEND", "noninteractive").withTimeout(APT);
  }

  /** Packages not yet installed, in the given order. */
  public static List<String> missingPackages(RemoteHost host, List<String> packages) {
    List<String> argv = new ArrayList<>(List.of("dpkg-query", "-W", "-f", "${Package} ${db:Status-Status}\\n"));
    argv.addAll(packages);
    CommandResult r = host.run(Command.of(argv));
    List<String> installed = r.stdout().lines().filter(l -> l.endsWith(" installed")).map(l -> l.substring(0, l.indexOf(' '))).toList();
    return packages.stream().filter(p -> !installed.contains(p)).toList();
  }

  /** Installs missing packages (one apt call, without recommends); unchanged when all are there. */
  public static StepResult ensurePackages(RemoteHost host, List<String> packages) {
    return ensurePackages(host, packages, false);
  }

  /** Installs missing packages (one apt call, with or without their recommends); unchanged when all are there. */
  public static StepResult ensurePackages(RemoteHost host, List<String> packages, boolean recommends) {
    List<String> missing = missingPackages(host, packages);
    String step = "packages " + String.join(" ", packages);
    if (missing.isEmpty()) {
      return StepResult.unchanged(step);
    }
    List<String> args = new ArrayList<>(List.of("install", recommends ? "--install-recommends" : "--no-install-recommends"));
    args.addAll(missing);
    host.run(apt(args.toArray(String[]::new))).requireSuccess();
    return StepResult.changed(step, "installed " + String.join(" ", missing));
  }

  /** Whether the host's package lists know {@code pkg} (a real package with a candidate version). */
  public static boolean packageAvailable(RemoteHost host, String pkg) {
    String policy = host.run(Command.of("apt-cache", "policy", pkg)).stdout();
    return policy.contains("Candidate:") && !policy.contains("Candidate: (none)");
  }

  /** Writes a file when its content differs (see {@link RemoteFiles#ensure}). */
  public static StepResult ensureFile(RemoteHost host, String path, String content, FileSpec spec, String step) {
    return RemoteFiles.ensure(host, path, content, spec, step);
  }

  /** Writes a file when its content differs (see {@link RemoteFiles#ensure}). */
  public static StepResult ensureFile(RemoteHost host, String path, byte[] bytes, FileSpec spec, String step) {
    return RemoteFiles.ensure(host, path, bytes, spec, step);
  }
}
