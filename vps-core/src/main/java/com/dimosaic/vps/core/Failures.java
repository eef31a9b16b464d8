package com.dimosaic.vps.core;

/** Text for a failure that never loses it: an exception without a message is named by its type and its cause's message. */
public final class Failures {
  private Failures() {}

  /**
   * The exception's message; when it has none (a {@code NullPointerException}, an {@code EOFException}),
   * its simple type name, followed by the first cause that has a message.
   */
  public static String describe(Throwable e) {
    if (e == null) {
      return "unknown failure";
    }
    String m = e.getMessage();
    if (m != null && !m.isBlank()) {
      return m;
    }
    StringBuilder b = new StringBuilder(e.getClass().getSimpleName().isEmpty() ? e.getClass().getName() : e.getClass().getSimpleName());
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        b.append(": ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
        break;
      }
    }
    return b.toString();
  }
}
