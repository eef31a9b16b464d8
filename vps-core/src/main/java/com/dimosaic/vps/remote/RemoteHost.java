package com.dimosaic.vps.remote;

import com.dimosaic.vps.secrets.Redactor;
import java.util.Optional;

/**
 * The seam every workflow uses to talk to a host. The SSH implementation lives in {@code vps-ssh};
 * tests may use any other. Implementations must be safe for concurrent use (commands may run in
 * parallel) and {@link #close()} must be idempotent.
 *
 * <pre>{@code
 * try (RemoteHost host = ...) {
 *   host.run(Command.of("uname", "-r")).requireSuccess();
 *   host.upload("/home/app/docker/.env", bytes, FileSpec.of(0600, "app"));
 * }
 * }</pre>
 */
public interface RemoteHost extends AutoCloseable {
  /**
   * Runs a command and waits for it.
   *
   * @return the result; a non-zero exit code is a result, not an exception
   * @throws RemoteException when the transport fails or the command times out
   */
  default CommandResult run(Command command) {
    return run(command, OutputListener.NONE);
  }

  /**
   * Runs a command, streaming its output lines to {@code listener} while it runs.
   *
   * @return the result (stdout and stderr are also collected in it)
   * @throws RemoteException when the transport fails or the command times out
   */
  CommandResult run(Command command, OutputListener listener);

  /**
   * Writes a file atomically (temporary file, then rename) with mode and owner.
   *
   * @throws RemoteException when the transfer or the rename fails
   */
  void upload(String path, byte[] content, FileSpec spec);

  /**
   * Copies a remote file to a local path (replacing it).
   *
   * @throws RemoteException when the file cannot be read or written
   */
  void download(String remotePath, java.nio.file.Path localPath);

  /** Reads a file, empty when it does not exist. */
  Optional<byte[]> read(String path);

  /** Whether a path exists. */
  boolean exists(String path);

  /** The SHA-256 (hex) of a remote file, empty when it does not exist. */
  Optional<String> sha256(String path);

  /** A description for logs, e.g. {@code root@203.0.113.50:22}. */
  String describe();

  /** Releases the connection. Idempotent. */
  /**
   * The redactor for text from this host: a session opened for a profile redacts that profile's
   * secrets ({@link RedactingRemoteHost}); a plain transport redacts nothing.
   */
  default Redactor redactor() {
    return Redactor.NONE;
  }

  @Override
  void close();
}
