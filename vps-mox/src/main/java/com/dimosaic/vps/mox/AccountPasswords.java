package com.dimosaic.vps.mox;

import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.MailAccount;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.remote.FileSpec;
import com.dimosaic.vps.remote.RemoteHost;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sets the passwords of the profile's mail accounts in a running mox, each only when it changed.
 * mox keeps only its own hashes, so the SDK remembers a salted SHA-256 of each password it set in
 * {@code <home>/.vps-account-passwords} (root, 0600; the salt is random per host). Passwords travel
 * on the standard input of {@code mox setaccountpassword}, never on a command line.
 */
final class AccountPasswords {
  private static final String FILE = ".vps-account-passwords";

  private final String home;
  private final Profile profile;

  AccountPasswords(String home, Profile profile) {
    this.home = home;
    this.profile = profile;
  }

  StepResult apply(RemoteHost host) {
    String path = home + "/" + FILE;
    Map<String, String> known = new LinkedHashMap<>();
    Optional<byte[]> file = host.read(path);
    String salt = null;
    if (file.isPresent()) {
      for (String line : new String(file.get(), StandardCharsets.UTF_8).split("\n")) {
        String[] f = line.strip().split(" ");
        if (f.length == 2 && f[0].equals("salt")) {
          salt = f[1];
        } else if (f.length == 2) {
          known.put(f[0], f[1]);
        }
      }
    }
    if (salt == null) {
      byte[] b = new byte[16];
      new SecureRandom().nextBytes(b);
      salt = HexFormat.of().formatHex(b);
    }
    List<String> set = new ArrayList<>();
    Map<String, String> now = new LinkedHashMap<>();
    for (MailAccount a : profile.mail().accounts()) {
      String password = a.password().resolve(profile.secrets());
      if (password.length() < 8) {
        throw new MoxException(MoxException.Reason.CONFIG, "mail account " + a.address() + ": mox needs a password of at least 8 characters (secret "
            + a.password().references().get(0) + ")");
      }
      String hash = hash(salt, a.account(), password);
      now.put(a.account(), hash);
      if (!hash.equals(known.get(a.account()))) {
        CommandResult r = host.run(Command.of(home + "/mox", "setaccountpassword", a.account()).inDirectory(home)
            .withStdin(password.getBytes(StandardCharsets.UTF_8)));
        if (!r.ok()) {
          throw new MoxException(MoxException.Reason.INSTALL, "mox setaccountpassword " + a.account() + " failed: " + CommandResult.tail(r.stderr() + r.stdout(), 5));
        }
        set.add(a.account());
      }
    }
    if (set.isEmpty() && now.equals(known)) {
      return StepResult.unchanged("mail account passwords (" + String.join(", ", now.keySet()) + ")");
    }
    StringBuilder sb = new StringBuilder("salt " + salt + "\n");
    now.forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
    host.upload(path, sb.toString().getBytes(StandardCharsets.UTF_8), new FileSpec(0600, Optional.of("root"), Optional.of("root")));
    return set.isEmpty() ? StepResult.changed("mail account passwords", "records updated")
        : StepResult.changed("mail account passwords", "set for " + String.join(", ", set));
  }

  private static String hash(String salt, String account, String password) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update((salt + "\0" + account + "\0").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest(password.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
