package com.dimosaic.vps.render;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A generated file to upload to the host.
 *
 * @param path path relative to the deployment folder, with {@code /} separators
 * @param content the bytes
 * @param mode octal permission bits, e.g. {@code 0644}, {@code 0755}, {@code 0600}
 * @param secret whether the content holds secret values (then mode is 0600 and outputs mask it)
 */
public record RenderedFile(String path, byte[] content, int mode, boolean secret) {
  /** Validates and copies. */
  public RenderedFile {
    Objects.requireNonNull(path, "path == null");
    if (path.startsWith("/") || path.contains("..") || path.contains("\\")) {
      throw new IllegalArgumentException("path must be relative and inside the folder: " + path);
    }
    content = content.clone();
    if (secret && mode != 0600) {
      throw new IllegalArgumentException("a secret file must have mode 0600: " + path);
    }
  }

  /** A text file (UTF-8). */
  public static RenderedFile text(String path, String content, int mode, boolean secret) {
    return new RenderedFile(path, content.getBytes(StandardCharsets.UTF_8), mode, secret);
  }

  /** The content as UTF-8 text. */
  public String text() {
    return new String(content, StandardCharsets.UTF_8);
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RenderedFile f && path.equals(f.path) && java.util.Arrays.equals(content, f.content)
        && mode == f.mode && secret == f.secret;
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, java.util.Arrays.hashCode(content), mode, secret);
  }

  /** Shows path, size and mode, never the content. */
  @Override
  public String toString() {
    return "RenderedFile[" + path + ", " + content.length + " bytes, mode " + Integer.toOctalString(mode)
        + (secret ? ", secret" : "") + "]";
  }
}
