package com.dimosaic.vps.examples;

import com.dimosaic.vps.core.Failures;
import com.dimosaic.vps.core.VpsException;
import com.dimosaic.vps.profile.ProfileException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The command runner: translates arguments into one library call and exceptions into exit codes.
 * Everything it does can be done from the library. The exit codes are mapped here, once:
 * <ul>
 *   <li>0 ({@link #OK}): done;</li>
 *   <li>1 ({@link #FAILED}): failed, or the input is invalid;</li>
 *   <li>2 ({@link #USAGE}): wrong usage;</li>
 *   <li>3 ({@link #CHANGES_PENDING}): {@code --expect-no-changes} was given and there are changes;</li>
 *   <li>4 ({@link #REFUSED}): refused by a lock, a safety threshold or a declined confirmation; nothing was changed;</li>
 *   <li>5 ({@link #UNREACHABLE}): the host could not be reached.</li>
 * </ul>
 *
 * <pre>
 * java -jar examples/target/vps.jar plan examples/profiles/demo --out /tmp/plan [--json] [--reveal-secrets]
 * </pre>
 */
public final class Main {
  /** Success. */
  public static final int OK = 0;
  /** Invalid input or a failed operation. */
  public static final int FAILED = 1;
  /** Wrong usage. */
  public static final int USAGE = 2;
  /** {@code --expect-no-changes} and changes are pending (DNS plan, deploy dry run). */
  public static final int CHANGES_PENDING = 3;
  /** Refused by a lock, a safety threshold or a declined confirmation; nothing was changed. */
  public static final int REFUSED = 4;
  /** The host could not be reached (connection refused, timed out, no route). */
  public static final int UNREACHABLE = 5;

  /** The exit code for a failure, by its category: refused 4, unreachable 5, everything else 1. */
  static int exitCode(VpsException e) {
    return switch (e.category()) {
      case REFUSED -> REFUSED;
      case UNREACHABLE -> UNREACHABLE;
      case FAILED, INVALID_INPUT -> FAILED;
    };
  }

  /** Prints {@code error: <what>: <message>} and returns the failure's exit code. */
  static int fail(PrintWriter err, String what, VpsException e) {
    err.println("error: " + what + ": " + e.getMessage());
    return exitCode(e);
  }

  private Main() {}

  /** Entry point. */
  public static void main(String[] args) {
    logging(Arrays.asList(args));
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8)), out, err, args));
  }

  /**
   * The console shows the runner's own progress and messages. Libraries log only warnings (sshj and
   * its transport nothing at all: the SDK says what failed), unless {@code --verbose} (everything at
   * INFO) or {@code --debug} (the SDK at DEBUG). A level set with {@code -Dorg.slf4j.simpleLogger.*}
   * is left as given. Must run before the first logger is made.
   */
  static void logging(List<String> args) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") != null) {
      return;
    }
    boolean verbose = args.contains("--verbose");
    boolean debug = args.contains("--debug");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
    if (debug) {
      System.setProperty("org.slf4j.simpleLogger.log.com.dimosaic", "debug");
    }
    if (!verbose && !debug) {
      for (String quiet : List.of("net.schmizz", "com.hierynomus")) {
        System.setProperty("org.slf4j.simpleLogger.log." + quiet, "off");
      }
    }
  }

  /** Entry point for one command ({@code command("validate", args)} is {@code main("validate", args...)}): the jbang scripts. */
  public static void command(String name, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = name;
    System.arraycopy(args, 0, all, 1, args.length);
    main(all);
  }

  /** Runs a command with no input (confirmations are declined); returns its exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(new java.io.BufferedReader(new java.io.StringReader("")), out, err, args);
  }

  /** Runs a command; returns its exit code. Tests call this directly. */
  public static int run(java.io.BufferedReader in, PrintWriter out, PrintWriter err, String... args) {
    return run(in, out, err, System.getenv(), args);
  }

  /** Runs a command with {@code env} in place of the process environment (tokens such as GHCR_TOKEN); returns its exit code. */
  public static int run(java.io.BufferedReader in, PrintWriter out, PrintWriter err, java.util.Map<String, String> env, String... args) {
    // --debug (anywhere) shows the stack trace of a failure; everything else fails with one line
    boolean debug = Arrays.asList(args).contains("--debug");
    boolean json = Arrays.asList(args).contains("--json");
    String[] rest0 = Arrays.stream(args).filter(x -> !x.equals("--debug") && !x.equals("--verbose")).toArray(String[]::new);
    try {
      return dispatch(in, out, err, env, rest0);
    } catch (Args.UsageException e) {
      String path = CommandHelp.pathOf(Arrays.asList(rest0));
      err.println("usage error: " + e.getMessage());
      err.println("see 'vps " + (path.isEmpty() ? "" : path + " ") + "--help'");
      return USAGE;
    } catch (ProfileException e) {
      // one line per problem: error: <file>:<line>:<col>: <key>: <message>
      e.problems().forEach(p -> err.println("error: " + p));
      trace(err, debug, e);
      return jsonError(out, json, e, FAILED);
    } catch (VpsException e) {
      err.println("error: " + e.getMessage());
      trace(err, debug, e);
      return jsonError(out, json, e, exitCode(e));
    } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
      // not a failure the SDK foresaw: still one line, the trace on request
      err.println("error: " + Failures.describe(e) + (debug ? "" : " (run with --debug for the stack trace)"));
      trace(err, debug, e);
      return jsonError(out, json, e, FAILED);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /**
   * With {@code --json}, a failure is also a JSON object on stdout, so that a script reading stdout
   * always gets JSON: {@code {"error": {"message", "category", "reason", "exitCode", "problems": [...]}}}.
   */
  private static int jsonError(PrintWriter out, boolean json, Throwable e, int code) {
    if (!json) {
      return code;
    }
    com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode root = m.createObjectNode();
    com.fasterxml.jackson.databind.node.ObjectNode error = root.putObject("error");
    error.put("message", e instanceof ProfileException p ? "invalid profile: " + p.problems().size() + " problem(s)" : Failures.describe(e));
    if (e instanceof VpsException v) {
      error.put("category", v.category().name()).put("reason", v.reason().name());
    }
    error.put("exitCode", code);
    if (e instanceof ProfileException p) {
      com.fasterxml.jackson.databind.node.ArrayNode problems = error.putArray("problems");
      p.problems().forEach(c -> problems.addObject().put("file", c.file()).put("line", c.line()).put("column", c.column())
          .put("key", c.keyPath()).put("message", c.message()));
    }
    try {
      out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
      throw new IllegalStateException(x);
    }
    return code;
  }

  private static void trace(PrintWriter err, boolean debug, Throwable e) {
    if (debug) {
      e.printStackTrace(err);
    }
  }

  private static int dispatch(java.io.BufferedReader in, PrintWriter out, PrintWriter err, java.util.Map<String, String> env,
      String... args) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      usage(args.length == 0 ? err : out);
      return args.length == 0 ? USAGE : OK;
    }
    if (args[0].equals("--version") || args[0].equals("-V")) {
      out.println("vps " + version());
      return OK;
    }
    List<String> all = Arrays.asList(args);
    if (all.contains("--help") || all.contains("-h")) {
      String path = CommandHelp.pathOf(all);
      if (path.isEmpty()) {
        throw new Args.UsageException("unknown command '" + args[0] + "'" + Args.suggestion(args[0], commands()));
      }
      CommandHelp.print(out, path);
      return OK;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    Command c = commands(in, out, err, env).get(args[0]);
    if (c == null) {
      throw new Args.UsageException("unknown command '" + args[0] + "'" + Args.suggestion(args[0], commands()));
    }
    return c.run(rest);
  }

  /** One command of the runner. */
  @FunctionalInterface
  interface Command {
    int run(List<String> args);
  }

  private static java.util.Map<String, Command> commands(java.io.BufferedReader in, PrintWriter out, PrintWriter err,
      java.util.Map<String, String> env) {
    java.util.Map<String, Command> c = new java.util.TreeMap<>();
    c.put("plan", a -> new PlanCommand(out, err).run(a));
    c.put("init", a -> new InitCommand(out, env).run(a));
    c.put("secrets", a -> new SecretsCommand(out, env).run(a));
    c.put("dns", a -> new DnsCommand(in, out, err).run(a));
    c.put("validate", a -> new ValidateCommand(out).run(a));
    c.put("provision", a -> new ProvisionCommand(out).run(a));
    c.put("deploy", a -> new DeployCommand(in, out, err).deploy(a));
    c.put("rollback", a -> new DeployCommand(in, out, err).rollback(a));
    c.put("app", a -> new AppCommand(out, err, env).run(a));
    c.put("backup", a -> new BackupCommand(in, out).run(a));
    c.put("drift", a -> new DriftCommand(in, out).run(a));
    c.put("watch", a -> new WatchCommand(out).run(a));
    c.put("completion", a -> {
      if (a.size() != 1 || !a.get(0).equals("bash")) {
        throw new Args.UsageException("completion takes one shell: bash");
      }
      out.print(Completion.bash());
      return OK;
    });
    return c;
  }

  /** The runner's commands, as it dispatches them (each must have help: {@link CommandHelp}). */
  static java.util.Set<String> commands() {
    return commands(null, null, null, java.util.Map.of()).keySet();
  }

  /** The runner's version, from the jar's manifest, else from the build's resource. */
  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    if (v != null) {
      return v;
    }
    try (java.io.InputStream in = Main.class.getResourceAsStream("/vps-version.properties")) {
      java.util.Properties p = new java.util.Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private static void usage(PrintWriter w) {
    w.println("usage: vps <command> [options]     (vps <command> --help for its options and an example)");
    w.println();
    w.println("commands:");
    for (String path : CommandHelp.paths()) {
      CommandHelp.Entry e = CommandHelp.of(path);
      String summary = e.summary();
      int dot = summary.indexOf(". ");
      w.printf("  %-20s %s%n", path, dot < 0 ? summary : summary.substring(0, dot + 1));
    }
    w.println();
    w.println("every command: --debug (stack traces), --verbose (library logging); vps --version");
    w.println("exit codes: 0 ok, 1 failure or invalid input, 2 usage, 3 changes pending with --expect-no-changes,");
    w.println("4 refused (deploy lock held, DNS safety threshold, confirmation declined; nothing was changed), 5 host unreachable");
  }

}
