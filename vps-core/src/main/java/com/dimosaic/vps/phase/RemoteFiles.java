package com.dimosaic.vps.phase;

import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.FileSpec;
import com.dimosaic.vps.remote.RemoteHost;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** The idempotent file step every phase uses: write a file only when its SHA-256 on the host differs. */
public final class RemoteFiles {
  private RemoteFiles() {}

  /** Writes {@code content} to {@code path} unless the host already has exactly that; says which. */
  public static StepResult ensure(RemoteHost host, String path, byte[] content, FileSpec spec, String step) {
    Optional<String> have = host.sha256(path);
    if (have.isPresent() && have.get().equals(sha256(content))) {
      return StepResult.unchanged(step);
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
      return StepResult.unchanged(step);
    }
    if (have.isEmpty()) {
      host.upload(path, content, spec);
      return StepResult.changed(step, "created");
    }
    host.run(Command.of("sh", "-c", "cat > \"$1\"", "sh", path).withStdin(content)).requireSuccess();
    return StepResult.changed(step, "updated in place");
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
