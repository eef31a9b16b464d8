package com.dimosaic.vps.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Small helpers for running local programs in tests. */
public final class Processes {
  private Processes() {}

  /**
   * The result of a finished program.
   *
   * @param exitCode exit code
   * @param output standard output and error, merged
   */
  public record Result(int exitCode, String output) {
    /** Throws when the exit code is not 0. */
    public Result requireSuccess() {
      if (exitCode != 0) {
        throw new IllegalStateException("exit code " + exitCode + ":\n" + output);
      }
      return this;
    }
  }

  /** Whether the tests run as root (CI does). */
  public static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** A free TCP port on 127.0.0.1. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a program to completion (60 s at most) with extra environment variables. */
  public static Result run(List<String> command, Map<String, String> env, Path dir) {
    return run(command, env, dir, java.time.Duration.ofSeconds(60));
  }

  /** Runs a program to completion ({@code timeout} at most) with extra environment variables. */
  public static Result run(List<String> command, Map<String, String> env, Path dir, java.time.Duration timeout) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      // read on a thread of its own (not the common pool, which has one thread on 2 cores) so a full pipe never blocks the child
      java.util.concurrent.CompletableFuture<byte[]> out = new java.util.concurrent.CompletableFuture<>();
      Thread reader = new Thread(() -> {
        try {
          out.complete(p.getInputStream().readAllBytes());
        } catch (IOException e) {
          out.completeExceptionally(e);
        }
      }, "process-output");
      reader.setDaemon(true);
      reader.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command + " (is it installed?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs a program as the given user: through {@code runuser} when the tests run as root, directly otherwise. */
  public static List<String> asUser(String user, List<String> command) {
    if (!isRoot()) {
      return command;
    }
    List<String> c = new ArrayList<>(List.of("runuser", "--preserve-environment", "-u", user, "--"));
    c.addAll(command);
    return c;
  }

  /** A fresh folder under the system temp folder that {@code owner} can use (chowned when root). */
  public static Path tempDirFor(String prefix, String owner) {
    try {
      Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), prefix);
      Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      if (isRoot() && !owner.equals("root")) {
        run(List.of("chown", owner + ":", dir.toString()), Map.of(), null).requireSuccess();
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops a process: TERM, then KILL after {@code seconds}. Null-safe. */
  public static void stop(Process process, int seconds) {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Deletes a folder tree, ignoring errors. */
  public static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort
    }
  }

  /** Waits until something accepts TCP connections on 127.0.0.1:port, or fails after the timeout. */
  public static void awaitPort(int port, long timeoutMillis, Process process, Path log) {
    long end = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < end) {
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException("process exited with " + process.exitValue() + ":\n" + read(log));
      }
      try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException e) {
        sleep(50);
      }
    }
    throw new IllegalStateException("nothing listens on 127.0.0.1:" + port + " after " + timeoutMillis + " ms:\n" + read(log));
  }

  /** A log file's text, empty when absent. */
  public static String read(Path log) {
    try {
      return log == null || !Files.exists(log) ? "" : Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  /** Sleeps, keeping the interrupt flag. */
  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
