package com.dimosaic.vps.ssh;

import com.dimosaic.vps.remote.RemoteException;

/**
 * The server's host key is not the expected one (or is not known at all, when {@link #expected()}
 * is empty). Either the host was reinstalled or someone is in the middle: nothing was sent to it.
 */
public final class HostKeyMismatchException extends RemoteException {
  private static final long serialVersionUID = 1L;
  private final String expected;
  private final String actual;

  /** Creates the exception. */
  public HostKeyMismatchException(String host, String expected, String actual) {
    super(Reason.HOST_KEY, expected.isEmpty()
        ? "host key of " + host + " is not known (" + actual + "); add it to known_hosts, pin it (SshTarget.hostKeyFingerprint; the runner's --host-key), or accept it once"
            + " (SshTarget.trustOnFirstUse with a known_hosts file; --trust-on-first-use --known-hosts FILE)"
        : "host key of " + host + " does not match: expected " + expected + ", got " + actual);
    this.expected = expected;
    this.actual = actual;
  }

  /** The expected fingerprint(s), empty when the host was unknown. */
  public String expected() {
    return expected;
  }

  /** The fingerprint the server presented. */
  public String actual() {
    return actual;
  }
}
