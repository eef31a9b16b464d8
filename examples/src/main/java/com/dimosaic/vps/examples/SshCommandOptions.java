package com.dimosaic.vps.examples;

import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.ssh.SshTarget;
import java.nio.file.Path;

/** The SSH flags shared by commands that talk to a host: {@code --host --port --user --identity --known-hosts --host-key}. */
final class SshCommandOptions {
  private SshCommandOptions() {}

  /** The SSH target from the flags, else the profile; a flag with a malformed value is a usage error naming it. */
  static SshTarget target(Args a, Profile profile) {
    SshTarget.Builder b = option("--host", () -> SshTarget.builder(a.option("--host").orElse(profile.host().address())));
    option("--port", () -> b.port(Args.integer(a, "--port", profile.host().ssh().port())));
    b.user(a.option("--user").orElse(profile.host().ssh().user()));
    if (a.option("--identity").isPresent()) {
      b.identityFile(Path.of(a.option("--identity").get()));
    } else if (System.getenv(SshTarget.KEY_ENV) != null) {
      b.identityFromEnvironment();
    }
    a.option("--known-hosts").map(Path::of).or(() -> profile.host().ssh().knownHosts()).ifPresent(b::knownHosts);
    option("--host-key", () -> {
      a.option("--host-key").or(() -> profile.host().ssh().hostKey()).ifPresent(b::hostKeyFingerprint);
      return b;
    });
    if (a.flag("--trust-on-first-use")) {
      if (a.option("--known-hosts").isEmpty()) {
        throw new Args.UsageException("--trust-on-first-use needs --known-hosts <file>, where the key it sees is recorded");
      }
      b.trustOnFirstUse(true);
    }
    return b.build();
  }

  private static <T> T option(String flag, java.util.function.Supplier<T> set) {
    try {
      return set.get();
    } catch (IllegalArgumentException e) {
      throw new Args.UsageException(flag + ": " + e.getMessage());
    }
  }
}
