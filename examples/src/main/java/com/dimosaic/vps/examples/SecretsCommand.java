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

  SecretsCommand(PrintWriter out) {
    this.out = out;
  }

  int run(List<String> argv) {
    if (argv.isEmpty()) {
      throw new Args.UsageException("secrets needs a subcommand: decrypt or encrypt");
    }
    List<String> rest = argv.subList(1, argv.size());
    return switch (argv.get(0)) {
      case "decrypt" -> decrypt(rest);
      case "encrypt" -> encrypt(rest);
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
}
