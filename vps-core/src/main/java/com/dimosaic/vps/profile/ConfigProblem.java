package com.dimosaic.vps.profile;

import java.util.Objects;

/**
 * One problem found while loading a profile: where it is (file, 1-based line and column, the key
 * path inside the document) and what is wrong.
 *
 * <pre>{@code services.yaml:12:5: services.caddy.imgae: unknown key (did you mean 'image'?)}</pre>
 *
 * @param file the file name relative to the profile folder, e.g. {@code services.yaml}
 * @param line 1-based line, 0 when the problem concerns the whole file
 * @param column 1-based column, 0 when the problem concerns the whole file
 * @param keyPath dotted key path such as {@code services.caddy.routes[0].port}; empty for the root
 * @param message what is wrong, never containing a secret value
 */
public record ConfigProblem(String file, int line, int column, String keyPath, String message) {
  /** Validates the components. */
  public ConfigProblem {
    Objects.requireNonNull(file, "file == null");
    Objects.requireNonNull(keyPath, "keyPath == null");
    Objects.requireNonNull(message, "message == null");
  }

  /** The problem as one line, {@code file:line:column: key: message}. */
  @Override
  public String toString() {
    String where = line > 0 ? file + ":" + line + ":" + column : file;
    return keyPath.isEmpty() ? where + ": " + message : where + ": " + keyPath + ": " + message;
  }
}
