package com.dimosaic.vps.examples;

import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.ProfileLoader;
import com.dimosaic.vps.secrets.sops.AgeKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the commands share about their input: the age keys ({@code --age-key-file} plus the usual
 * sources), the profile folder given as the one positional argument, and a yes/no prompt.
 */
final class ProfileFlags {
  private ProfileFlags() {}

  /** The age keys: {@code --age-key-file} when given, combined with SOPS_AGE_KEY, SOPS_AGE_KEY_FILE and the user's keys file. */
  static AgeKeys keys(Args a) {
    AgeKeys.Builder keys = AgeKeys.builder();
    a.option("--age-key-file").ifPresent(f -> keys.identityFile(Path.of(f)));
    return keys.build();
  }

  /** The profile in the folder given as the first positional argument, loaded strictly. */
  static Profile load(Args a) {
    return ProfileLoader.builder().ageKeys(keys(a)).build().loadFrom(Path.of(a.positionals.get(0)));
  }

  /** Asks {@code question}; true only for {@code y} or {@code yes}. */
  static boolean confirm(BufferedReader in, PrintWriter out, String question) {
    out.print(question);
    out.flush();
    try {
      String line = in.readLine();
      return line != null && List.of("y", "yes").contains(line.strip().toLowerCase(Locale.ROOT));
    } catch (IOException e) {
      return false;
    }
  }
}
