package com.dimosaic.vps.stack;

import com.dimosaic.vps.remote.CommandResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A checkout of an application repository on the host, kept by {@code app}: cloned when missing,
 * then fetched and hard-reset to a ref (a branch of the remote, a tag or a commit), with untracked
 * files removed — the build context is exactly the commit, whatever a previous build left behind.
 * The repository is reached with the host's own credentials (a deploy key of {@code app}, or a
 * public URL); nothing secret passes through here.
 */
public final class Checkout {
  private static final Duration GIT = Duration.ofMinutes(10);

  private Checkout() {}

  /**
   * Where a checkout stands after an update.
   *
   * @param previous the commit it was at, empty for a fresh clone
   * @param commit the commit it is at now
   * @param subject that commit's subject line
   */
  public record Result(Optional<String> previous, String commit, String subject) {
    /** Whether the commit changed. */
    public boolean changed() {
      return previous.isEmpty() || !previous.get().equals(commit);
    }
  }

  /** Clones {@code url} into {@code dir} when it is not a checkout yet, leaving it at {@code ref}; otherwise leaves it alone. */
  public static Optional<Result> ensure(StackDir stack, String dir, String url, String ref) {
    if (stack.host().exists(dir + "/.git")) {
      return Optional.empty();
    }
    return Optional.of(update(stack, dir, url, ref));
  }

  /** Fetches and resets the checkout in {@code dir} to {@code ref}, cloning {@code url} first when needed. */
  public static Result update(StackDir stack, String dir, String url, String ref) {
    if (ref.isBlank() || ref.startsWith("-")) {
      throw new DeployException(DeployException.Reason.INVALID, "invalid ref '" + ref + "'");
    }
    Optional<String> previous = Optional.empty();
    if (stack.host().exists(dir + "/.git")) {
      previous = Optional.of(git(dir, stack, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")).filter(r -> r.ok())
          .map(r -> r.stdout().strip()).filter(s -> !s.isEmpty());
      String origin = git(dir, stack, "remote", "get-url", "origin").stdout().strip();
      if (!origin.equals(url)) {
        ok(git(dir, stack, "remote", "set-url", "origin", url), "set the remote of " + dir + " to " + url);
      }
    } else {
      if (stack.host().exists(dir) && !stack.run(stack.command(List.of("sh", "-c", "[ -z \"$(ls -A \"$1\")\" ]", "sh", dir))).ok()) {
        throw new DeployException(dir + " exists and is not a git checkout; move it away or change build.context");
      }
      ok(stack.run(stack.command(List.of("mkdir", "-p", dir.substring(0, dir.lastIndexOf('/'))))), "create the parent of " + dir);
      ok(stack.run(stack.command(List.of("git", "clone", "--quiet", "--no-checkout", "--", url, dir)).withTimeout(GIT)), "clone " + url);
    }
    ok(git(dir, stack, "fetch", "--quiet", "--prune", "--force", "--tags", "origin", "+refs/heads/*:refs/remotes/origin/*"),
        "fetch " + url);
    String commit = resolve(stack, dir, ref).orElseThrow(() -> new DeployException(DeployException.Reason.NO_SUCH_POINT, "ref '" + ref + "' is neither a branch, a tag nor a"
        + " commit of " + url + " (branches: " + String.join(", ", git(dir, stack, "branch", "-r", "--format=%(refname:lstrip=3)").stdout()
            .lines().map(String::strip).filter(b -> !b.isEmpty() && !b.equals("HEAD")).toList()) + ")"));
    ok(git(dir, stack, "reset", "--quiet", "--hard", commit), "reset " + dir + " to " + commit);
    ok(git(dir, stack, "clean", "-ffdxq"), "clean " + dir);
    String subject = git(dir, stack, "log", "-1", "--format=%s").stdout().strip();
    return new Result(previous, commit, subject);
  }

  /** Puts the checkout back at {@code commit} (after a failed build or health gate). */
  public static void reset(StackDir stack, String dir, String commit) {
    ok(git(dir, stack, "reset", "--quiet", "--hard", commit), "reset " + dir + " to " + commit);
    ok(git(dir, stack, "clean", "-ffdxq"), "clean " + dir);
  }

  private static Optional<String> resolve(StackDir stack, String dir, String ref) {
    for (String candidate : List.of("refs/remotes/origin/" + ref, "refs/tags/" + ref, ref)) {
      CommandResult r = git(dir, stack, "rev-parse", "--verify", "--quiet", candidate + "^{commit}");
      if (r.ok() && !r.stdout().isBlank()) {
        return Optional.of(r.stdout().strip());
      }
    }
    return Optional.empty();
  }

  private static CommandResult git(String dir, StackDir stack, String... args) {
    List<String> argv = new ArrayList<>(List.of("git", "-C", dir));
    argv.addAll(List.of(args));
    return stack.run(stack.command(argv).withTimeout(GIT));
  }

  private static void ok(CommandResult r, String what) {
    if (!r.ok()) {
      throw new DeployException("git: could not " + what + ": " + CommandResult.tail(r.stderr() + r.stdout(), 10));
    }
  }
}
