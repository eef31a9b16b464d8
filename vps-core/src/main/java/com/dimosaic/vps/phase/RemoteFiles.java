package com.dimosaic.vps.phase;

import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.remote.FileSpec;
import com.dimosaic.vps.remote.RemoteHost;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The idempotent file step every phase uses: write a file only when its SHA-256 on the host differs. */
public final class RemoteFiles {
  private RemoteFiles() {}

  /**
   * Writes {@code content} to {@code path} unless the host already has exactly that; a file with the
   * right content but another mode, owner or group (where {@code spec} names them) gets those back.
   * Says which.
   */
  public static StepResult ensure(RemoteHost host, String path, byte[] content, FileSpec spec, String step) {
    Optional<String> have = host.sha256(path);
    if (have.isPresent() && have.get().equals(sha256(content))) {
      return attributes(host, path, spec, step);
    }
    host.upload(path, content, spec);
    return StepResult.changed(step, have.isPresent() ? "updated" : "created");
  }

  /**
   * Like {@link #ensure}, but an existing file is rewritten in place (same inode) rather than
   * replaced: for files bind-mounted one by one into running containers (a Caddyfile), which would
   * otherwise keep seeing the old file after an atomic replace.
   */
  public static StepResult ensureInPlace(RemoteHost host, String path, byte[] content, FileSpec spec, String step) {
    Optional<String> have = host.sha256(path);
    if (have.isPresent() && have.get().equals(sha256(content))) {
      return attributes(host, path, spec, step);
    }
    if (have.isEmpty()) {
      host.upload(path, content, spec);
      return StepResult.changed(step, "created");
    }
    host.run(Command.of("sh", "-c", "cat > \"$1\"", "sh", path).withStdin(content)).requireSuccess();
    return StepResult.changed(step, "updated in place");
  }

  /** Puts back the mode, owner and group {@code spec} names on a file whose content is right. */
  private static StepResult attributes(RemoteHost host, String path, FileSpec spec, String step) {
    CommandResult st = host.run(Command.of("stat", "-c", "%a %U %G", "--", path));
    String[] w = st.stdout().strip().split(" ");
    if (!st.ok() || w.length < 3 || !w[0].matches("[0-7]{1,4}")) {
      return StepResult.unchanged(step);
    }
    List<String> changes = new ArrayList<>();
    if (Integer.parseInt(w[0], 8) != spec.mode()) {
      host.run(Command.of("chmod", Integer.toOctalString(spec.mode()), "--", path)).requireSuccess();
      changes.add("mode " + w[0] + " → " + Integer.toOctalString(spec.mode()));
    }
    boolean owner = spec.owner().isPresent() && !spec.owner().get().equals(w[1]);
    boolean group = spec.group().isPresent() && !spec.group().get().equals(w[2]);
    if (owner || group) {
      String to = spec.owner().orElse(w[1]) + ":" + spec.group().orElse(w[2]);
      host.run(Command.of("chown", to, "--", path)).requireSuccess();
      changes.add("owner " + w[1] + ":" + w[2] + " → " + to);
    }
    return changes.isEmpty() ? StepResult.unchanged(step) : StepResult.changed(step, String.join(", ", changes));
  }

  /** The same for text (UTF-8). */
  public static StepResult ensure(RemoteHost host, String path, String content, FileSpec spec, String step) {
    return ensure(host, path, content.getBytes(StandardCharsets.UTF_8), spec, step);
  }

  /** SHA-256 in lower-case hex, as {@code sha256sum} prints it. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
