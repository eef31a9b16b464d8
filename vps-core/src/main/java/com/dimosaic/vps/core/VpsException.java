package com.dimosaic.vps.core;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The root of every exception the SDK throws for a failure it detects. Unchecked: most provisioning
 * failures cannot be recovered at the call site, and the runner maps them to exit codes in one place
 * (by {@link #category()}).
 *
 * <p>Each family (profile, secrets, DNS, remote, deploy, provision, mox, ...) has its own exception
 * type with a {@code Reason} enum that implements {@link Reason}; {@link #reason()} is overridden with
 * that enum type, so callers switch over it without casts:
 *
 * <pre>{@code
 * catch (DeployException e) {
 *   if (e.reason() == DeployException.Reason.LOCKED) { retryLater(); }
 * }
 * }</pre>
 *
 * <p>Arguments a caller passes that break a method's documented contract (a null, a port out of
 * range in a builder) are programming errors and stay {@link IllegalArgumentException} or
 * {@link NullPointerException}, as in the JDK and OkHttp. Everything that comes from a file, a host,
 * a provider or a user is a {@code VpsException}.
 *
 * <p>Messages never contain secret values.
 */
public class VpsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What a failure means to a caller; the runner maps each to one exit code. */
  public enum Category {
    /** An operation failed (exit 1). */
    FAILED,
    /** Input (a profile, a file, an option value) is invalid; nothing was changed (exit 1). */
    INVALID_INPUT,
    /** Refused by a lock or a safety rule (threshold, confirmation); nothing was changed (exit 4). */
    REFUSED,
    /** The host could not be reached (refused, timed out, no route); nothing was changed (exit 5). */
    UNREACHABLE
  }

  /** A reason for a failure. Every family's {@code Reason} enum implements this. */
  public interface Reason {
    /** The reason's name (enum constant). */
    String name();

    /** What it means to a caller. */
    Category category();
  }

  /** Reasons of failures that belong to no family. */
  public enum General implements Reason {
    /** An operation failed. */
    FAILED(Category.FAILED),
    /** Invalid input. */
    INVALID_INPUT(Category.INVALID_INPUT),
    /** Refused by a lock or a safety rule. */
    REFUSED(Category.REFUSED),
    /** The host could not be reached. */
    UNREACHABLE(Category.UNREACHABLE);

    private final Category category;

    General(Category category) {
      this.category = category;
    }

    @Override
    public Category category() {
      return category;
    }
  }

  private final Reason reason;
  private volatile String redactedMessage;

  /** Creates an exception with a message; the reason is {@link General#FAILED}. */
  public VpsException(String message) {
    this(General.FAILED, message, null);
  }

  /** Creates an exception with a message and the cause it wraps; the reason is {@link General#FAILED}. */
  public VpsException(String message, Throwable cause) {
    this(General.FAILED, message, cause);
  }

  /** Creates an exception with a reason and a message. */
  public VpsException(Reason reason, String message) {
    this(reason, message, null);
  }

  /** Creates an exception with a reason, a message and the cause it wraps (may be null). */
  public VpsException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why it failed; families override this with their own enum type. */
  public Reason reason() {
    return reason;
  }

  /** What the failure means to a caller. */
  public final Category category() {
    return reason.category();
  }

  @Override
  public String getMessage() {
    String r = redactedMessage;
    return r != null ? r : super.getMessage();
  }

  /**
   * Passes this exception's message, and those of the SDK exceptions in its cause chain and among its
   * suppressed ones, through {@code redactor} (in place: the exception is about to be rethrown, and
   * its type and reason must survive). The SDK's facade does this with the profile's secrets before
   * an exception leaves it. Returns this exception.
   */
  public final VpsException redact(UnaryOperator<String> redactor) {
    redact(this, redactor, new IdentityHashMap<>());
    return this;
  }

  private static void redact(Throwable t, UnaryOperator<String> redactor, Map<Throwable, Boolean> seen) {
    if (t == null || seen.put(t, Boolean.TRUE) != null) {
      return;
    }
    if (t instanceof VpsException v && v.getMessage() != null) {
      v.redactedMessage = redactor.apply(v.getMessage());
    }
    redact(t.getCause(), redactor, seen);
    for (Throwable s : t.getSuppressed()) {
      redact(s, redactor, seen);
    }
  }
}
