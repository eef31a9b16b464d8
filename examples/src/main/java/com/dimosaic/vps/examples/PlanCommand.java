package com.dimosaic.vps.examples;

import com.dimosaic.vps.OfflinePlan;
import com.dimosaic.vps.Vps;
import com.dimosaic.vps.compose.ComposeGenerator;
import com.dimosaic.vps.core.VpsException;
import com.dimosaic.vps.dns.RecordChange;
import com.dimosaic.vps.dns.ZonePlan;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.provision.PhaseOutline;
import com.dimosaic.vps.render.RenderedFile;
import com.dimosaic.vps.secrets.SecretsSource;
import com.dimosaic.vps.secrets.sops.SopsException;
import com.dimosaic.vps.secrets.sops.SopsSecrets;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** {@code plan <profile-dir> --out <dir> [--json] [--reveal-secrets]}. */
final class PlanCommand {
  static final String MARKER = "vps-plan.json";
  private static final String MASK = "********";

  private final PrintWriter out;
  private final PrintWriter err;

  PlanCommand(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  int run(List<String> argv) {
    Args a = new Args(argv, CommandHelp.of("plan"));
    if (a.positionals.size() != 1) {
      throw new Args.UsageException("plan takes one profile folder");
    }
    Path outDir = Path.of(a.option("--out").orElseThrow(() -> new Args.UsageException("plan needs --out <dir>")));
    checkOutDir(outDir);
    boolean reveal = a.flag("--reveal-secrets");

    Profile profile = ProfileFlags.load(a);
    List<String> notes = new ArrayList<>();
    boolean decryptable = !(profile.secrets() instanceof SopsSecrets);
    if (profile.secrets() instanceof SopsSecrets sops) {
      try {
        sops.verify(); // decrypts once and checks the MAC, so a tampered file fails the plan
        decryptable = true;
      } catch (SopsException e) {
        // only "no key anywhere" is a masked dry run; a key that was given and does not open the file, a key file
        // that is missing or garbage, a tampered file: all fail the plan (a CI gate on plan must not pass with them)
        if (e.kind() != SopsException.Kind.NO_KEY || reveal) {
          throw e;
        }
        notes.add("secrets were not decrypted (no age key found), so their MAC was not verified; values are masked");
      }
    }
    if (decryptable && !reveal) {
      // the real values, rendered once and thrown away: a secret the files cannot carry fails the plan, not the deploy
      ComposeGenerator.forProfile(profile).render();
    }
    if (!reveal) {
      profile = profile.withSecrets(SecretsSource.masked(profile.secrets()));
    }
    OfflinePlan plan = Vps.plan(profile);

    Map<String, Object> json = json(plan, reveal);
    byte[] jsonBytes = toJson(json);
    write(outDir, plan, reveal, jsonBytes);

    for (String w : plan.warnings()) {
      err.println("warning: " + w);
    }
    for (String n : notes) {
      err.println("note: " + n);
    }
    if (a.flag("--json")) {
      out.println(new String(jsonBytes, StandardCharsets.UTF_8));
    } else {
      summary(plan, outDir, reveal);
    }
    return Main.OK;
  }

  private void checkOutDir(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new Args.UsageException("--out " + dir + " is a file");
    }
    if (Files.isDirectory(dir) && !Files.exists(dir.resolve(MARKER))) {
      try (Stream<Path> s = Files.list(dir)) {
        if (s.findAny().isPresent()) {
          throw new Args.UsageException("--out " + dir + " is a non-empty folder that is not an earlier plan; "
              + "choose an empty or new folder");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void summary(OfflinePlan plan, Path outDir, boolean revealed) {
    out.println("Plan for profile '" + plan.profile() + "' (dry run: nothing was changed anywhere)");
    out.println();
    out.println("Files (" + plan.files().size() + ") written to " + outDir + ":");
    for (RenderedFile f : plan.files()) {
      out.printf("  %-34s %04o %7d bytes%s%n", f.path(), f.mode(), f.content().length, f.secret() ? (revealed ? "  secret (real values)" : "  secret (masked)") : "");
    }
    out.println();
    out.println("Provisioning phases:");
    for (PhaseOutline p : plan.phases()) {
      out.printf("  %-4s %-20s %d step%s%n", p.number(), p.name(), p.steps().size(), p.steps().size() == 1 ? "" : "s");
    }
    out.println();
    out.println("DNS (against the " + plan.dnsProvider() + " provider):");
    if (plan.dns().isEmpty()) {
      out.println("  no zones managed");
    }
    for (ZonePlan z : plan.dns()) {
      out.println("  zone " + z.zone() + ": " + (z.isEmpty() ? "converged, no changes" : z.changes().size() + " change(s)"));
      for (RecordChange c : z.changes()) {
        out.println("    " + c.display());
      }
    }
    out.println();
    out.println("Full plan: " + outDir.resolve("vps-plan.txt") + " and " + outDir.resolve(MARKER));
  }

  private static Map<String, Object> json(OfflinePlan plan, boolean reveal) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("profile", plan.profile());
    List<Map<String, Object>> files = new ArrayList<>();
    for (RenderedFile f : plan.files()) {
      Map<String, Object> fm = new LinkedHashMap<>();
      fm.put("path", f.path());
      fm.put("mode", String.format("%04o", f.mode()));
      fm.put("secret", f.secret());
      fm.put("bytes", f.content().length);
      files.add(fm);
    }
    m.put("files", files);
    m.put("phases", plan.phases());
    List<Map<String, Object>> zones = new ArrayList<>();
    for (ZonePlan z : plan.dns()) {
      Map<String, Object> zm = new LinkedHashMap<>();
      zm.put("zone", z.zone());
      List<Map<String, Object>> changes = new ArrayList<>();
      for (RecordChange c : z.changes()) {
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("action", c.action().name().toLowerCase(java.util.Locale.ROOT));
        cm.put("record", c.display());
        cm.put("reason", c.reason());
        changes.add(cm);
      }
      zm.put("changes", changes);
      zm.put("unmanaged", z.unmanaged().stream().map(e -> e.record().display()).toList());
      zm.put("notes", z.notes());
      zones.add(zm);
    }
    m.put("dnsProvider", plan.dnsProvider());
    m.put("dns", zones);
    m.put("secretsRevealed", reveal);
    m.put("warnings", plan.warnings());
    return m;
  }

  private static byte[] toJson(Object o) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes into a fresh sibling folder, then swaps it in, so a failure leaves no partial output. */
  private static void write(Path outDir, OfflinePlan plan, boolean reveal, byte[] json) {
    Path target = outDir.toAbsolutePath().normalize();
    Path parent = target.getParent();
    Path staging = null;
    try {
      Files.createDirectories(parent);
      staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp");
      for (RenderedFile f : plan.files()) {
        Path p = staging.resolve(f.path());
        Files.createDirectories(p.getParent());
        Files.write(p, f.secret() && !reveal ? mask(f.text()).getBytes(StandardCharsets.UTF_8) : f.content());
        Files.setPosixFilePermissions(p, permissions(f.mode()));
      }
      Files.writeString(staging.resolve("vps-plan.txt"), text(plan));
      Files.write(staging.resolve(MARKER), json);
      if (Files.exists(target)) {
        Path old = Files.createTempDirectory(parent, "." + target.getFileName() + ".old");
        Files.move(target, old.resolve("x"), StandardCopyOption.ATOMIC_MOVE);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
      } else {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      }
      staging = null;
    } catch (IOException e) {
      throw new VpsException("cannot write the plan to " + target + ": " + e.getMessage(), e);
    } finally {
      if (staging != null) {
        deleteTree(staging);
      }
    }
  }

  /** {@code .env} with every value replaced: names stay visible, values never. */
  static String mask(String env) {
    StringBuilder sb = new StringBuilder();
    for (String line : env.split("\n", -1)) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0) {
        sb.append(line, 0, eq + 1).append('\'').append(MASK).append('\'');
      } else {
        sb.append(line);
      }
      sb.append('\n');
    }
    return sb.substring(0, sb.length() - 1);
  }

  private static String text(OfflinePlan plan) {
    StringBuilder sb = new StringBuilder("Plan for profile '" + plan.profile() + "'\n\nProvisioning steps:\n");
    for (PhaseOutline p : plan.phases()) {
      sb.append("\n").append(p.number()).append(". ").append(p.name()).append('\n');
      p.steps().forEach(s -> sb.append("   - ").append(s).append('\n'));
    }
    sb.append("\nFiles:\n");
    plan.files().forEach(f -> sb.append(String.format("  %-34s %04o%s%n", f.path(), f.mode(), f.secret() ? " secret" : "")));
    sb.append("\nDNS (against the ").append(plan.dnsProvider()).append(" provider):\n");
    for (ZonePlan z : plan.dns()) {
      sb.append("  zone ").append(z.zone()).append(z.isEmpty() ? ": converged\n" : ":\n");
      z.changes().forEach(c -> sb.append("    ").append(c.display()).append('\n'));
      z.unmanaged().forEach(e -> sb.append("    = ").append(e.record().display()).append(" (not managed; kept)\n"));
      z.notes().forEach(n -> sb.append("    note: ").append(n).append('\n'));
    }
    return sb.toString();
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> s = new java.util.HashSet<>();
    PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_READ};
    for (int i = 0; i < order.length; i++) {
      if ((mode & (1 << i)) != 0) {
        s.add(order[i]);
      }
    }
    return s;
  }

  private static void deleteTree(Path p) {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(x);
      }
    } catch (IOException ignored) {
      // best effort: a leftover temporary folder is harmless
    }
  }
}
