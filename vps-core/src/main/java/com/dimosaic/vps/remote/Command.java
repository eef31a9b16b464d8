package com.dimosaic.vps.remote;

import com.dimosaic.vps.secrets.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A remote command: an argument list plus how to run it. Immutable; derive variants with the
 * {@code with*} methods. Secrets never go into the arguments or environment: pass them as
 * {@link #withStdin(byte[]) stdin} or in an uploaded file.
 *
 * <pre>{@code
 * CommandResult r = host.run(Command.of("docker", "compose", "ps").asUser("app").inDirectory("/home/app/docker"));
 * r.requireSuccess();
 * }</pre>
 *
 * @param argv the program and its arguments
 * @param stdin bytes fed to standard input (may hold secrets; never logged)
 * @param environment extra environment variables (not secret)
 * @param directory working directory
 * @param user run as this user via {@code sudo -u} (or {@code runuser} as root)
 * @param timeout kill the remote process after this long
 */
public record Command(
    List<String> argv, byte[] stdin, Map<String, String> environment, Optional<String> directory, Optional<String> user,
    Duration timeout) {
  /** The default timeout: 10 minutes. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  /** Validates and copies. */
  public Command {
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv is empty");
    }
    stdin = stdin.clone();
    environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    for (String k : environment.keySet()) {
      if (!k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("invalid environment variable name: " + k);
      }
    }
    Objects.requireNonNull(directory, "directory == null");
    Objects.requireNonNull(user, "user == null");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }

  /** A command from its words. */
  public static Command of(String... argv) {
    return new Command(Arrays.asList(argv), new byte[0], Map.of(), Optional.empty(), Optional.empty(), DEFAULT_TIMEOUT);
  }

  /** A command from its words. */
  public static Command of(List<String> argv) {
    return new Command(argv, new byte[0], Map.of(), Optional.empty(), Optional.empty(), DEFAULT_TIMEOUT);
  }

  /** A shell script run by {@code sh -c}; the script text is one quoted word. */
  public static Command sh(String script) {
    return of("sh", "-c", script);
  }

  /** The same command with standard input. */
  public Command withStdin(byte[] bytes) {
    return new Command(argv, bytes, environment, directory, user, timeout);
  }

  /** The same command with one more environment variable. */
  public Command withEnv(String name, String value) {
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.put(name, value);
    return new Command(argv, stdin, env, directory, user, timeout);
  }

  /**
   * Refused: an environment variable of a command is visible to every user of the host
   * ({@code /proc/<pid>/environ} of the {@code env} wrapper, {@code ps e}) and in the transport's log.
   * Give a secret as {@link #withStdin(byte[]) stdin} or in an uploaded file with mode 0600.
   *
   * @throws IllegalArgumentException always
   * @deprecated a secret never goes into a command's environment
   */
  @Deprecated
  public Command withEnv(String name, Secret value) {
    throw new IllegalArgumentException("secret " + value.name() + " cannot be passed as environment variable " + name
        + ": give it on stdin (withStdin) or in a file with mode 0600");
  }

  /** The same command in a working directory. */
  public Command inDirectory(String dir) {
    return new Command(argv, stdin, environment, Optional.of(dir), user, timeout);
  }

  /** The same command as another user. */
  public Command asUser(String name) {
    return new Command(argv, stdin, environment, directory, Optional.of(name), timeout);
  }

  /** The same command with a timeout. */
  public Command withTimeout(Duration t) {
    return new Command(argv, stdin, environment, directory, user, t);
  }

  /**
   * The full {@code sh} line, built only through {@link Shell}: {@code cd}, {@code env}, the user
   * switch and the quoted words.
   */
  public String toShellLine() {
    List<String> words = new ArrayList<>();
    if (user.isPresent()) {
      words.addAll(List.of("sudo", "-n", "-H", "-u", user.get(), "--"));
    }
    if (!environment.isEmpty()) {
      words.add("env");
      environment.forEach((k, v) -> words.add(k + "=" + v));
    }
    words.addAll(argv);
    String line = Shell.join(words);
    return directory.map(d -> Shell.join(List.of("cd", d)) + " && " + line).orElse(line);
  }

  /** The command line for logs: arguments as given, stdin shown only by its size. */
  @Override
  public String toString() {
    return toShellLine() + (stdin.length > 0 ? " <stdin " + stdin.length + " bytes>" : "");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Command c && argv.equals(c.argv) && Arrays.equals(stdin, c.stdin)
        && environment.equals(c.environment) && directory.equals(c.directory) && user.equals(c.user)
        && timeout.equals(c.timeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(argv, Arrays.hashCode(stdin), environment, directory, user, timeout);
  }
}
