package com.dimosaic.vps.remote;

import com.dimosaic.vps.core.VpsException;
import com.dimosaic.vps.secrets.Redactor;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A host whose text is redacted with a profile's secrets, and which refuses to carry a secret where
 * the host shows it to everyone: a command whose arguments or environment hold a secret value (in
 * {@code ps}, {@code /proc/<pid>/cmdline} and the transport's debug log) is refused before it is
 * sent, naming the secret, never its value. Secrets travel on stdin or in files with mode 0600.
 *
 * <p>Redacted: live output lines given to a listener, every result's standard error (messages and
 * failures are built from it), and the messages of the exceptions the transport throws. Standard
 * output and file contents are left as they are: steps parse them.
 *
 * <pre>{@code
 * RemoteHost h = RedactingRemoteHost.wrap(ssh, Redactor.of(profile.secrets()));
 * }</pre>
 */
public final class RedactingRemoteHost implements RemoteHost {
  /** Values shorter than this are redacted in text but never the reason to refuse a command (an exit code, a port). */
  static final int MIN_REFUSED_LENGTH = 6;

  private final RemoteHost delegate;
  private final Redactor redactor;

  private RedactingRemoteHost(RemoteHost delegate, Redactor redactor) {
    this.delegate = Objects.requireNonNull(delegate, "delegate == null");
    this.redactor = Objects.requireNonNull(redactor, "redactor == null");
  }

  /** {@code host} redacted with {@code redactor} (an already redacting host is unwrapped first). */
  public static RemoteHost wrap(RemoteHost host, Redactor redactor) {
    RemoteHost inner = host instanceof RedactingRemoteHost r ? r.delegate : host;
    return new RedactingRemoteHost(inner, redactor);
  }

  @Override
  public Redactor redactor() {
    return redactor;
  }

  @Override
  public CommandResult run(Command command, OutputListener listener) {
    Optional<String> carried = redactor.findIn(String.join("\n", command.argv()) + "\n" + String.join("\n", command.environment().values())
        + "\n" + command.directory().orElse(""), MIN_REFUSED_LENGTH);
    if (carried.isPresent()) {
      throw new RemoteException(RemoteException.Reason.FAILED, "refusing to run a command that carries the value of secret "
          + carried.get() + " in its arguments or environment, where the host shows it to every user (ps, /proc/*/cmdline): "
          + redactor.apply(command.toString()) + "; pass it on stdin or in a file with mode 0600");
    }
    OutputListener lines = listener == OutputListener.NONE ? listener : (stream, line) -> listener.line(stream, redactor.apply(line));
    try {
      CommandResult r = delegate.run(command, lines);
      return new CommandResult(r.command(), r.exitCode(), r.stdout(), redactor.apply(r.stderr()), r.took());
    } catch (VpsException e) {
      throw e.redact(redactor);
    }
  }

  @Override
  public void upload(String path, byte[] content, FileSpec spec) {
    try {
      delegate.upload(path, content, spec);
    } catch (VpsException e) {
      throw e.redact(redactor);
    }
  }

  @Override
  public void download(String remotePath, Path localPath) {
    try {
      delegate.download(remotePath, localPath);
    } catch (VpsException e) {
      throw e.redact(redactor);
    }
  }

  @Override
  public Optional<byte[]> read(String path) {
    try {
      return delegate.read(path);
    } catch (VpsException e) {
      throw e.redact(redactor);
    }
  }

  @Override
  public boolean exists(String path) {
    return delegate.exists(path);
  }

  @Override
  public Optional<String> sha256(String path) {
    return delegate.sha256(path);
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  /** Closes the underlying connection. */
  @Override
  public void close() {
    delegate.close();
  }
}
