package com.dimosaic.vps.examples;

import com.dimosaic.vps.core.VpsException;
import com.dimosaic.vps.secrets.age.AgeRecipient;
import com.dimosaic.vps.secrets.sops.Sops;
import com.dimosaic.vps.secrets.sops.SopsDocument;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code secrets decrypt <file> [--age-key-file F]} prints the decrypted document (like {@code sops -d});
 * {@code secrets encrypt <plain.yaml> --recipient age1… [--recipient …] --out <file>} writes a SOPS file.
 */
final class SecretsCommand {
  private final PrintWriter out;
  private final java.util.Map<String, String> env;

  SecretsCommand(PrintWriter out, java.util.Map<String, String> env) {
    this.out = out;
    this.env = env;
  }

  int run(List<String> argv) {
    if (argv.isEmpty()) {
      throw new Args.UsageException("secrets needs a subcommand: decrypt, edit or encrypt");
    }
    List<String> rest = argv.subList(1, argv.size());
    return switch (argv.get(0)) {
      case "decrypt" -> decrypt(rest);
      case "encrypt" -> encrypt(rest);
      case "edit" -> edit(rest);
      default -> throw new Args.UsageException("unknown secrets subcommand '" + argv.get(0) + "'");
    };
  }

  private int decrypt(List<String> argv) {
    Args a = new Args(argv, CommandHelp.of("secrets decrypt"));
    if (a.positionals.size() != 1) {
      throw new Args.UsageException("secrets decrypt takes one file");
    }
    SopsDocument doc = Sops.decrypt(Path.of(a.positionals.get(0)), ProfileFlags.keys(a).load());
    out.print(Sops.toYaml(doc));
    return Main.OK;
  }

  private int encrypt(List<String> argv) {
    List<String> recipients = new ArrayList<>();
    List<String> filtered = new ArrayList<>();
    for (int i = 0; i < argv.size(); i++) {
      if (argv.get(i).equals("--recipient") && i + 1 < argv.size()) {
        recipients.add(argv.get(++i));
      } else {
        filtered.add(argv.get(i));
      }
    }
    Args a = new Args(filtered, CommandHelp.of("secrets encrypt"));
    if (a.positionals.size() != 1 || recipients.isEmpty()) {
      throw new Args.UsageException("secrets encrypt takes one plain YAML file and at least one --recipient");
    }
    Path target = Path.of(a.option("--out").orElseThrow(() -> new Args.UsageException("secrets encrypt needs --out")));
    try {
      String plain = Files.readString(Path.of(a.positionals.get(0)), StandardCharsets.UTF_8);
      List<AgeRecipient> rs = recipients.stream().map(AgeRecipient::parse).toList();
      String sealed = Sops.encrypt(Sops.readPlain(plain), rs, Sops.EncryptOptions.DEFAULT);
      Path dir = target.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".sops", ".tmp");
      Files.writeString(tmp, sealed);
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new VpsException("cannot encrypt: " + e.getMessage(), e);
    }
    out.println("wrote " + target + " for " + String.join(", ", recipients));
    return Main.OK;
  }

  /**
   * Decrypts the profile's {@code secrets.enc.yaml} into a 0600 file in a private 0700 folder, runs
   * {@code $EDITOR} on it, and encrypts the result to the same recipients (a new data key and MAC);
   * the plain file is removed whatever happens. An unchanged file is left alone.
   */
  private int edit(List<String> argv) {
    Args a = new Args(argv, CommandHelp.of("secrets edit"));
    if (a.positionals.size() != 1) {
      throw new Args.UsageException("secrets edit takes one profile folder");
    }
    String editor = env.getOrDefault("EDITOR", env.getOrDefault("VISUAL", ""));
    if (editor.isBlank()) {
      throw new Args.UsageException("secrets edit needs $EDITOR (e.g. EDITOR=nano)");
    }
    Path file = Path.of(a.positionals.get(0)).resolve("secrets.enc.yaml");
    SopsDocument doc = Sops.decrypt(file, ProfileFlags.keys(a).load());
    Path dir = null;
    try {
      dir = Files.createTempDirectory("vps-secrets-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path plain = Files.createFile(dir.resolve("secrets.yaml"),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      String before = Sops.toYaml(doc);
      Files.writeString(plain, before);
      // the editor gets the file's path as an argument: its name, not a secret
      Process p = new ProcessBuilder("sh", "-c", editor + " \"$1\"", "sh", plain.toString()).inheritIO().start();
      int rc = p.waitFor();
      if (rc != 0) {
        throw new VpsException("the editor exited with " + rc + "; " + file + " is unchanged");
      }
      String after = Files.readString(plain);
      if (after.equals(before)) {
        out.println(file + " unchanged");
        return Main.OK;
      }
      List<AgeRecipient> rs = doc.recipients().stream().map(AgeRecipient::parse).toList();
      String sealed = Sops.encrypt(Sops.readPlain(after), rs, Sops.EncryptOptions.DEFAULT);
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".sops", ".tmp");
      Files.writeString(tmp, sealed);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      out.println("encrypted " + file + " again for " + String.join(", ", doc.recipients()));
      return Main.OK;
    } catch (IOException e) {
      throw new VpsException("secrets edit: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VpsException("secrets edit: interrupted; " + file + " is unchanged", e);
    } finally {
      if (dir != null) {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
          s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
          out.println("warning: could not remove " + dir + ": " + e.getMessage());
        }
      }
    }
  }
}
