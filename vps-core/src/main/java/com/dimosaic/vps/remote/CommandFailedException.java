package com.dimosaic.vps.remote;

/** A remote command exited non-zero. Carries the exit code and the last lines of its error output. */
public final class CommandFailedException extends RemoteException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;
  private final String stderrTail;

  /** Creates the exception. */
  public CommandFailedException(String command, int exitCode, String stderrTail) {
    super(Reason.COMMAND_FAILED, "command failed with exit code " + exitCode + ": " + command + (stderrTail.isBlank() ? "" : "\n" + stderrTail));
    this.exitCode = exitCode;
    this.stderrTail = stderrTail;
  }

  /** The exit code. */
  public int exitCode() {
    return exitCode;
  }

  /** The last lines of standard error. */
  public String stderrTail() {
    return stderrTail;
  }
}
