package com.dimosaic.vps.stack;

import com.dimosaic.vps.remote.CommandResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The deploy lock on the host: an atomic {@code mkdir} of {@code .vps-state/lock} with a
 * {@code holder.json} inside (who, since, version, message). A second deploy waits up to a timeout
 * and then fails naming the holder; a lock older than a TTL (its holder presumably gone) can be
 * broken explicitly — never silently.
 */
public final class DeployLock implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Who holds the lock.
   *
   * @param who user and machine of the holder
   * @param since when it was taken
   * @param version the SDK version that took it
   * @param message what the holder is doing
   */
  public record Holder(String who, Instant since, String version, String message) {
    /** One line for messages. */
    @Override
    public String toString() {
      return who + " since " + since + " (" + message + ", vps " + version + ")";
    }
  }

  private final StackDir stack;

  private DeployLock(StackDir stack) {
    this.stack = stack;
  }

  /**
   * Takes the lock, polling every second up to {@code wait}.
   *
   * @throws DeployException naming the holder when the lock stays taken
   */
  public static DeployLock acquire(StackDir stack, Holder me, Duration wait) {
    String lock = stack.stateDir() + "/lock";
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      CommandResult r = stack.run(stack.command(List.of("sh", "-c", "mkdir -p \"$(dirname \"$1\")\" && mkdir \"$1\" 2>/dev/null", "sh", lock)));
      if (r.ok()) {
        try {
          stack.write(lock + "/holder.json", JSON.writeValueAsBytes(JSON.createObjectNode().put("who", me.who())
              .put("since", me.since().toString()).put("version", me.version()).put("message", me.message())), false, false);
        } catch (IOException e) {
          throw new DeployException("cannot write the lock holder: " + e.getMessage(), e);
        }
        return new DeployLock(stack);
      }
      if (System.nanoTime() > deadline) {
        throw new DeployException(DeployException.Reason.LOCKED, "the deploy lock on the host is held by " + holder(stack).map(Holder::toString).orElse("an unknown holder")
            + "; wait, or break a stale lock with DeployLock.breakStale");
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DeployException("interrupted while waiting for the deploy lock", e);
      }
    }
  }

  /** The current holder, if the lock is taken. */
  public static Optional<Holder> holder(StackDir stack) {
    Optional<byte[]> raw = stack.host().read(stack.stateDir() + "/lock/holder.json");
    if (raw.isEmpty()) {
      return stack.host().exists(stack.stateDir() + "/lock") ? Optional.of(new Holder("unknown", Instant.EPOCH, "?", "no holder file"))
          : Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(new String(raw.get(), StandardCharsets.UTF_8));
      return Optional.of(new Holder(n.path("who").asText(), Instant.parse(n.path("since").asText()), n.path("version").asText(),
          n.path("message").asText()));
    } catch (IOException | RuntimeException e) {
      return Optional.of(new Holder("unknown", Instant.EPOCH, "?", "unreadable holder file"));
    }
  }

  /**
   * Breaks the lock if it is older than {@code ttl}; returns the holder it broke.
   *
   * @throws DeployException when the lock is younger than the TTL
   */
  public static Optional<Holder> breakStale(StackDir stack, Duration ttl) {
    Optional<Holder> h = holder(stack);
    if (h.isEmpty()) {
      return Optional.empty();
    }
    if (h.get().since().plus(ttl).isAfter(Instant.now())) {
      throw new DeployException(DeployException.Reason.LOCKED, "the lock held by " + h.get() + " is younger than " + ttl.toMinutes() + " min; not breaking it");
    }
    release(stack);
    return h;
  }

  private static void release(StackDir stack) {
    stack.run(stack.command(List.of("rm", "-rf", stack.stateDir() + "/lock"))).requireSuccess();
  }

  /** Releases the lock. */
  @Override
  public void close() {
    release(stack);
  }
}
