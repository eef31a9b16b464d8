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
      err.println("usage error: " + e.getMessage());
      err.println("see 'vps --help'");
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
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
      usage(args.length == 0 ? err : out);
      return args.length == 0 ? USAGE : OK;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    return switch (args[0]) {
      case "plan" -> new PlanCommand(out, err).run(rest);
      case "secrets" -> new SecretsCommand(out).run(rest);
      case "dns" -> new DnsCommand(in, out, err).run(rest);
      case "validate" -> new ValidateCommand(out).run(rest);
      case "provision" -> new ProvisionCommand(out).run(rest);
      case "deploy" -> new DeployCommand(in, out, err).deploy(rest);
      case "rollback" -> new DeployCommand(in, out, err).rollback(rest);
      case "app" -> new AppCommand(out, err, env).run(rest);
      default -> throw new Args.UsageException("unknown command '" + args[0] + "'");
    };
  }

  private static void usage(PrintWriter w) {
    w.println("usage: vps <command> [options]");
    w.println();
    w.println("commands:");
    w.println("  plan <profile-dir> --out <dir> [--json] [--reveal-secrets] [--age-key-file F]");
    w.println("      Validate the profile and write every file a deploy would upload, the provisioning");
    w.println("      steps and the DNS plan into <dir>. Needs no server or network. Secret values are masked");
    w.println("      unless --reveal-secrets; SOPS secrets are verified when an age key is available.");
    w.println("  dns plan|sync <profile-dir> [--zone Z] [--provider netcup|file] [--endpoint URL] [--yes] [--no-wait] [--expect-no-changes]");
    w.println("      [--force] [--purge] [--resolver host[:port]]... [--nameserver host[:port]]... [--age-key-file F]");
    w.println("      [--host H [--port P] [--user U] [--identity F] [--known-hosts F] [--host-key SHA256:...]]");
    w.println("      Show the DNS changes the profile needs; sync applies them (asks unless --yes) and waits");
    w.println("      until the zone's authoritative servers serve them, then any --resolver (unless --no-wait).");
    w.println("      With --host, DKIM records are read from mox on the host; without, DKIM is not managed.");
    w.println("  provision <profile-dir> [--host H] [--port P] [--user U] [--identity F] [--known-hosts F]");
    w.println("      [--host-key SHA256:...] [--mox-url URL | --mox-binary F --mox-sum S] [--dns-endpoint URL]");
    w.println("      [--docker-repository URL] [--health-timeout SECONDS] [--no-validate] [--json] [VALIDATION]");
    w.println("      Take a bare Debian/Ubuntu host to the running stack, phase by phase; exit 0 on SUCCESS.");
    w.println("  deploy <profile-dir> [--host H] [SSH flags] [--yes] [--dry-run [--expect-no-changes]] [--json] [--message M]");
    w.println("      [--lock-wait SECONDS] [--health-timeout SECONDS] [--mox-url URL | --mox-binary F --mox-sum S]");
    w.println("      [--no-validate] [VALIDATION]");
    w.println("      Show the diff and plan, ask (unless --yes), back up, apply in stages with health gates;");
    w.println("      a failed health gate restores the backup and the previous images.");
    w.println("  rollback <profile-dir> [--host H] [SSH flags] --list | --version <timestamp>");
    w.println("      List the rollback points, or restore one (stop, restore files and images, start, wait).");
    w.println("  app deploy-static <profile-dir> --site S --dir D [--keep N] [--who W] [SSH flags]");
    w.println("  app rollback-static <profile-dir> --site S [--who W] [SSH flags]");
    w.println("      Upload a static site as a new release and switch to it atomically; or switch back.");
    w.println("  app redeploy <profile-dir> --service S [--image REF] [--registry-user U [--registry R]");
    w.println("      [--token-env NAME]] [--health-timeout SECONDS] [--who W] [SSH flags]");
    w.println("      Pull the service's image (REF is pinned over the profile's) and recreate only that service;");
    w.println("      the registry token comes from $GHCR_TOKEN (or NAME) over stdin. Unhealthy: the previous");
    w.println("      image serves again and the command fails with the container's last log lines.");
    w.println("  app build-on-host <profile-dir> --service S [--ref REF] [--health-timeout SECONDS] [--who W] [SSH flags]");
    w.println("      Reset the service's checkout (build.git) to REF, docker compose build, recreate, health-gated.");
    w.println("  validate <profile-dir> [--host H] [--port P] [--user U] [--identity F] [--known-hosts F]");
    w.println("      [--host-key SHA256:...] [--format text|json|junit] [--until-healthy SECONDS] [VALIDATION]");
    w.println("      Validate the host; exit 0 on PASS or WARN, 1 on FAIL. Keys may come from VPS_SSH_KEY.");
    w.println("      VALIDATION, for a host behind NAT, a tunnel or a port mapping: [--validation-address A]");
    w.println("      [--published 443=8443,993=8993] [--reach URL] [--caddy-data DIR]");
    w.println("  secrets decrypt <file> [--age-key-file F]");
    w.println("      Print a SOPS file decrypted (like sops -d). Keys: --age-key-file, SOPS_AGE_KEY,");
    w.println("      SOPS_AGE_KEY_FILE, ~/.config/sops/age/keys.txt (all combined).");
    w.println("  secrets encrypt <plain.yaml> --recipient age1... [--recipient ...] --out <file>");
    w.println("      Encrypt a plain YAML file with SOPS to age recipients.");
    w.println();
    w.println("Every <profile-dir> may be given as --profile <dir>. SSH keys: --identity, else $VPS_SSH_KEY; age keys:");
    w.println("--age-key-file, $SOPS_AGE_KEY, $SOPS_AGE_KEY_FILE. deploy also takes [--dns-endpoint URL] [--no-dns].");
    w.println();
    w.println("exit codes: 0 ok, 1 failure or invalid input, 2 usage, 3 changes pending with --expect-no-changes,");
    w.println("4 refused (deploy lock held, DNS safety threshold, confirmation declined; nothing was changed), 5 host unreachable");
  }
}
