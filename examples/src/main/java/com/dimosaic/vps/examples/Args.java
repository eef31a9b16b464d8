package com.dimosaic.vps.examples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Minimal argument parsing: positionals, {@code --flag}, {@code --option value}. Unknown ones are usage errors. */
final class Args {
  /** A usage error (exit code 2). */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  final List<String> positionals = new ArrayList<>();
  private final Map<String, String> options = new HashMap<>();
  private final Set<String> flags = new HashSet<>();

  /** Parses the options {@code entry} documents (and nothing else). */
  Args(List<String> args, CommandHelp.Entry entry) {
    this(args, entry.flags(), entry.valued());
  }

  Args(List<String> args, Set<String> knownFlags, Set<String> knownOptions) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.startsWith("--")) {
        String name = a;
        String value = null;
        int eq = a.indexOf('=');
        if (eq > 0) {
          name = a.substring(0, eq);
          value = a.substring(eq + 1);
        }
        if (knownFlags.contains(name) && value == null) {
          flags.add(name);
        } else if (knownOptions.contains(name)) {
          if (value == null) {
            if (i + 1 >= args.size()) {
              throw new UsageException(name + " needs a value");
            }
            value = args.get(++i);
          }
          options.put(name, value);
        } else {
          Set<String> known = new java.util.TreeSet<>(knownFlags);
          known.addAll(knownOptions);
          throw new UsageException("unknown option " + name + suggestion(name, known));
        }
      } else {
        positionals.add(a);
      }
    }
    profileFlag();
  }

  /**
   * {@code --profile DIR}, where a command accepts it, is the same as the profile folder given as
   * the first positional argument (CI steps read better with the flag).
   */
  private void profileFlag() {
    if (options.containsKey("--profile")) {
      positionals.add(0, options.get("--profile"));
    }
  }

  /** {@code " (did you mean '--host-key'?)"} for the nearest known name, else empty. */
  static String suggestion(String name, Set<String> known) {
    return com.dimosaic.vps.core.Suggest.hint(name, known);
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name));
  }

  /** An integer option, {@code fallback} when absent; a value that is no integer is a usage error naming the option. */
  static int integer(Args a, String name, int fallback) {
    String v = a.option(name).orElse(null);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new UsageException(name + ": expected a whole number, got '" + v + "'");
    }
  }
}
