package com.dimosaic.vps.provision;

import com.dimosaic.vps.phase.RemoteFiles;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.remote.FileSpec;
import com.dimosaic.vps.remote.OutputListener;
import com.dimosaic.vps.remote.RemoteHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    return ensurePackages(host, packages, recommends, OutputListener.NONE);
  }

  /** The same, with apt's output to {@code output} as it runs. */
  public static StepResult ensurePackages(RemoteHost host, List<String> packages, boolean recommends, OutputListener output) {
    List<String> missing = missingPackages(host, packages);
    String step = "packages " + String.join(" ", packages);
    if (missing.isEmpty()) {
      return StepResult.unchanged(step);
    }
    List<String> args = new ArrayList<>(List.of("install", recommends ? "--install-recommends" : "--no-install-recommends"));
    args.addAll(missing);
    host.run(apt(args.toArray(String[]::new)), output).requireSuccess();
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

  /** The fields of {@code /etc/os-release}, quotes removed. */
  static Map<String, String> osRelease(String text) {
    Map<String, String> m = new java.util.HashMap<>();
    for (String l : text.split("\n")) {
      int eq = l.indexOf('=');
      if (eq > 0) {
        m.put(l.substring(0, eq), l.substring(eq + 1).replaceAll("^\"|\"$", ""));
      }
    }
    return m;
  }

  /** Compares dotted versions numerically ({@code 22.04} vs {@code 22.4} are equal; {@code 13} > {@code 12}). */
  static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      long xi = i < x.length ? parse(x[i]) : 0;
      long yi = i < y.length ? parse(y[i]) : 0;
      if (xi != yi) {
        return Long.compare(xi, yi);
      }
    }
    return 0;
  }

  private static long parse(String s) {
    String d = s.replaceAll("[^0-9].*", "");
    return d.isEmpty() ? 0 : Long.parseLong(d);
  }
}
