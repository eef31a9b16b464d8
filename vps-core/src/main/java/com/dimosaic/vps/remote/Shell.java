package com.dimosaic.vps.remote;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one quoting helper: every remote command line is built here from an argument list, never by
 * concatenating strings. Words made only of safe characters stay as they are; everything else is
 * single-quoted for POSIX {@code sh}, with embedded single quotes written as {@code '\''}.
 *
 * <pre>{@code Shell.join(List.of("printf", "%s", "it's $(not) run")) → printf %s 'it'\''s $(not) run'}</pre>
 */
public final class Shell {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private Shell() {}

  /**
   * Quotes one word.
   *
   * @throws IllegalArgumentException when the word contains NUL, which no shell word can carry
   */
  public static String quote(String word) {
    Objects.requireNonNull(word, "word == null");
    if (word.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a shell word cannot contain NUL");
    }
    if (SAFE.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** Quotes each word and joins them with spaces. */
  public static String join(List<String> words) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException("no command");
    }
    return words.stream().map(Shell::quote).collect(Collectors.joining(" "));
  }

  /** Joins already-built command lines with {@code &&}. */
  public static String and(String... lines) {
    return String.join(" && ", lines);
  }
}
