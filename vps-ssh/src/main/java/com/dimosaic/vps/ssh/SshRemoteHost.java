package com.dimosaic.vps.ssh;

import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.remote.CommandTimeoutException;
import com.dimosaic.vps.remote.ConnectionLostException;
import com.dimosaic.vps.remote.FileSpec;
import com.dimosaic.vps.remote.OutputListener;
import com.dimosaic.vps.remote.RemoteException;
import com.dimosaic.vps.remote.RemoteHost;
import com.dimosaic.vps.remote.Shell;
import com.dimosaic.vps.ssh.internal.NoDelaySocketFactory;
import com.dimosaic.vps.ssh.internal.StrictHostKeyVerifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.PasswordUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RemoteHost} over one SSH connection (sshj): commands run in parallel on multiplexed
 * channels, capped at {@link SshTarget#maxSessions()}; files go over SFTP with atomic replace.
 *
 * <pre>{@code
 * try (SshRemoteHost host = SshRemoteHost.connect(target)) {
 *   host.run(Command.of("uname", "-r")).requireSuccess();
 * }
 * }</pre>
 *
 * <ul>
 *   <li>Host keys are verified strictly ({@link SshTarget}); a mismatch throws {@link HostKeyMismatchException}.
 *   <li>Each command runs under {@code timeout} on the host, which kills its whole process group when
 *       {@link Command#timeout()} passes ({@link CommandTimeoutException}).
 *   <li>If the connection dropped between commands, the next command reconnects once; a command that
 *       was running when it dropped fails with {@link ConnectionLostException}.
 *   <li>A channel slot is released only after the server confirmed the channel's close, so the
 *       server's {@code MaxSessions} is never exceeded.
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} is idempotent.
 */
public final class SshRemoteHost implements RemoteHost {
  private static final Logger log = LoggerFactory.getLogger(SshRemoteHost.class);
  private static final Duration KILL_GRACE = Duration.ofSeconds(5);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SshTarget target;
  private final Semaphore slots;
  private final ExecutorService pumps;
  private final Object lock = new Object();
  private Connection connection;
  private volatile boolean closed;

  private record Connection(SSHClient client, SSHClient jump, SFTPClient[] sftp) {}

  private SshRemoteHost(SshTarget target) {
    this.target = target;
    this.slots = new Semaphore(target.maxSessions(), true);
    this.pumps = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "vps-ssh-io");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Connects and authenticates.
   *
   * @throws HostKeyMismatchException when the host key is unknown or changed
   * @throws SshAuthenticationException when no key is accepted
   * @throws SshConnectException when the host cannot be reached
   */
  public static SshRemoteHost connect(SshTarget target) {
    SshRemoteHost h = new SshRemoteHost(target);
    h.connection = open(target);
    return h;
  }

  /** The target. */
  public SshTarget target() {
    return target;
  }

  // ------------------------------------------------------------------ connecting

  private static Connection open(SshTarget t) {
    SSHClient jump = t.jumpHost().map(j -> client(j, null)).orElse(null);
    try {
      return new Connection(client(t, jump), jump, new SFTPClient[1]);
    } catch (RuntimeException e) {
      quietly(jump);
      throw e;
    }
  }

  private static SSHClient client(SshTarget t, SSHClient via) {
    SSHClient c = new SSHClient(new DefaultConfig());
    StrictHostKeyVerifier verifier = new StrictHostKeyVerifier(t.pinnedFingerprints(), t.knownHosts(), t.trustOnFirstUse());
    c.addHostKeyVerifier(verifier);
    c.setSocketFactory(new NoDelaySocketFactory());
    int timeoutMs = (int) t.connectTimeout().toMillis();
    c.setConnectTimeout(timeoutMs);
    c.setTimeout(timeoutMs); // bounds the wait for the server's banner; reset after login
    try {
      if (via != null) {
        c.connectVia(via.newDirectConnection(t.host(), t.port()));
      } else {
        c.connect(t.host(), t.port());
      }
    } catch (IOException e) {
      quietly(c);
      if (verifier.rejected()) {
        throw new HostKeyMismatchException(t.host() + ":" + t.port(), verifier.expected(), verifier.actual());
      }
      boolean timeout = e instanceof SocketTimeoutException || e.getCause() instanceof SocketTimeoutException;
      throw new SshConnectException("cannot connect to " + t + ": " + (e instanceof ConnectException ? "connection refused"
          : timeout ? "timed out after " + t.connectTimeout().toSeconds() + " s" : e.getMessage()), timeout, e);
    }
    try {
      c.authPublickey(t.user(), keys(c, t));
      if (c.getSocket() != null) {
        c.getSocket().setSoTimeout(0);
      }
      if (!t.keepAlive().isZero()) {
        c.getConnection().getKeepAlive().setKeepAliveInterval((int) t.keepAlive().toSeconds());
      }
    } catch (UserAuthException e) {
      quietly(c);
      throw new SshAuthenticationException("authentication failed for " + t + ": the server accepted none of the offered keys", e);
    } catch (IOException e) {
      quietly(c);
      throw new SshConnectException("cannot log in to " + t + ": " + e.getMessage(), false, e);
    }
    log.debug("connected to {}", t);
    return c;
  }

  private static List<KeyProvider> keys(SSHClient c, SshTarget t) throws IOException {
    PasswordFinder pw = t.passphrase().map(PasswordUtils::createOneOff).orElse(null);
    List<KeyProvider> out = new ArrayList<>();
    if (t.identityPem().isPresent()) {
      out.add(c.loadKeys(t.identityPem().get(), null, pw));
    } else if (t.identityFile().isPresent()) {
      out.add(c.loadKeys(t.identityFile().get().toString(), pw));
    } else {
      String env = System.getenv(SshTarget.KEY_ENV);
      if (env != null && !env.isBlank()) {
        out.add(c.loadKeys(env, null, pw));
      }
      for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
        Path p = Path.of(System.getProperty("user.home"), ".ssh", name);
        if (Files.isReadable(p)) {
          out.add(c.loadKeys(p.toString(), pw));
        }
      }
    }
    if (out.isEmpty()) {
      throw new UserAuthException("no identity: set identityFile, identityPem or " + SshTarget.KEY_ENV);
    }
    return out;
  }

  private Connection current() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("closed");
      }
      return connection;
    }
  }

  /** Replaces a dead connection once; concurrent callers share the new one. */
  private Connection reconnect(Connection dead) {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("closed");
      }
      if (connection != dead) {
        return connection;
      }
      log.info("connection to {} was lost; reconnecting", target);
      close(dead);
      connection = open(target);
      return connection;
    }
  }

  private Session startSession() {
    Connection c = current();
    if (!c.client().isConnected()) {
      c = reconnect(c); // dropped between commands: reconnect once and go on
    }
    for (int attempt = 0; ; attempt++) {
      try {
        return c.client().startSession();
      } catch (OpenFailException e) {
        // the server refused a channel (MaxSessions): never let that take the connection down; wait and retry
        if (attempt > 100) {
          throw new RemoteException("the server keeps refusing new channels on " + target + ": " + e.getMessage(), e);
        }
        sleep(20);
      } catch (ConnectionException | TransportException | IllegalStateException e) {
        if (c.client().isConnected() && c.client().isAuthenticated() && attempt == 0) {
          sleep(20);
          continue;
        }
        if (c != current()) {
          c = current();
          continue;
        }
        c = reconnect(c);
        try {
          return c.client().startSession();
        } catch (IOException again) {
          throw new ConnectionLostException("cannot open a channel on " + target + " after reconnecting", again);
        }
      }
    }
  }

  // ------------------------------------------------------------------ commands

  @Override
  public CommandResult run(Command command, OutputListener listener) {
    String remote = Shell.join(List.of("timeout", "-k", seconds(KILL_GRACE), seconds(command.timeout()), "sh", "-c",
        command.toShellLine()));
    log.debug("{} $ {}", target, command);
    acquire();
    long start = System.nanoTime();
    try {
      Session session = startSession();
      try {
        return exec(session, remote, command, listener, start);
      } finally {
        try {
          session.close(); // waits for the server's close: only then is the slot free again
        } catch (IOException e) {
          log.debug("closing a channel: {}", e.getMessage());
        }
      }
    } finally {
      slots.release();
    }
  }

  private CommandResult exec(Session session, String remote, Command command, OutputListener listener, long start) {
    Session.Command cmd;
    try {
      cmd = session.exec(remote);
    } catch (IOException e) {
      throw lost(command, e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Future<?> outPump = pumps.submit(() -> pump(cmd.getInputStream(), out, OutputListener.Stream.STDOUT, listener));
    Future<?> errPump = pumps.submit(() -> pump(cmd.getErrorStream(), err, OutputListener.Stream.STDERR, listener));
    try {
      sendStdin(cmd, command.stdin());
      long budget = command.timeout().plus(KILL_GRACE).plusSeconds(10).toMillis();
      outPump.get(budget, TimeUnit.MILLISECONDS);
      errPump.get(budget, TimeUnit.MILLISECONDS);
      cmd.join(budget, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      kill(cmd);
      throw new CommandTimeoutException(command.toString(), command.timeout());
    } catch (ExecutionException | IOException e) {
      throw lost(command, e instanceof ExecutionException ? e.getCause() : e);
    } catch (InterruptedException e) {
      kill(cmd);
      Thread.currentThread().interrupt();
      throw new RemoteException("interrupted while running: " + command, e);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    Integer status = cmd.getExitStatus();
    int exit = status != null ? status : cmd.getExitSignal() != null ? 128 + 9 : -1;
    if ((exit == 124 || exit == 137) && took.compareTo(command.timeout()) >= 0) {
      throw new CommandTimeoutException(command.toString(), command.timeout());
    }
    return new CommandResult(command.toString(), exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
        took);
  }

  /**
   * Sends stdin and EOF. A command may finish without reading its input, and then the channel is
   * already closed: that is not a transport failure, so a closed stream is ignored here (a real
   * transport failure shows in the output pumps and the join).
   */
  private static void sendStdin(Session.Command cmd, byte[] stdin) {
    OutputStream out = cmd.getOutputStream();
    try {
      if (stdin.length > 0) {
        out.write(stdin);
        out.flush();
      }
    } catch (IOException e) {
      log.debug("stdin not fully sent (the command did not read it): {}", e.getMessage());
    }
    try {
      out.close();
    } catch (IOException e) {
      log.debug("stdin already closed: {}", e.getMessage());
    }
  }

  private RemoteException lost(Command command, Throwable e) {
    return new ConnectionLostException("the connection to " + target + " failed while running: " + command
        + " (" + e.getMessage() + "); it may or may not have completed", e);
  }

  private static void kill(Session.Command cmd) {
    try {
      cmd.signal(Signal.KILL);
      cmd.close();
    } catch (IOException ignored) {
      // the remote timeout wrapper kills the process tree anyway
    }
  }

  private static Void pump(InputStream in, ByteArrayOutputStream all, OutputListener.Stream stream, OutputListener listener)
      throws IOException {
    byte[] buf = new byte[32 * 1024];
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    boolean lines = listener != OutputListener.NONE;
    int n;
    while ((n = in.read(buf)) != -1) {
      all.write(buf, 0, n);
      if (lines) {
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            listener.line(stream, line.toString(StandardCharsets.UTF_8));
            line.reset();
          } else {
            line.write(buf[i]);
          }
        }
      }
    }
    if (lines && line.size() > 0) {
      listener.line(stream, line.toString(StandardCharsets.UTF_8));
    }
    return null;
  }

  private void acquire() {
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteException("interrupted while waiting for a channel", e);
    }
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.3fs", d.toMillis() / 1000.0);
  }

  // ------------------------------------------------------------------ files

  private SFTPClient sftp() {
    Connection c = current();
    synchronized (c.sftp()) {
      if (c.sftp()[0] == null) {
        try {
          c.sftp()[0] = c.client().newSFTPClient();
        } catch (IOException e) {
          c = reconnect(c);
          synchronized (c.sftp()) {
            try {
              c.sftp()[0] = c.client().newSFTPClient();
            } catch (IOException again) {
              throw new ConnectionLostException("cannot open SFTP on " + target, again);
            }
            return c.sftp()[0];
          }
        }
      }
      return c.sftp()[0];
    }
  }

  @Override
  public void upload(String path, byte[] content, FileSpec spec) {
    upload(path, spec, out -> out.write(content));
  }

  /** Uploads a local file, atomically replacing {@code path}. */
  public void upload(String path, Path localFile, FileSpec spec) {
    upload(path, spec, out -> Files.copy(localFile, out));
  }

  @FunctionalInterface
  private interface Writer {
    void write(OutputStream out) throws IOException;
  }

  private void upload(String path, FileSpec spec, Writer writer) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("remote path must be absolute: " + path);
    }
    int slash = path.lastIndexOf('/');
    String dir = slash == 0 ? "/" : path.substring(0, slash);
    String tmp = (dir.equals("/") ? "" : dir) + "/." + path.substring(slash + 1) + ".vps-" + HexFormat.of().toHexDigits(RANDOM.nextInt())
        + ".tmp";
    // SFTP requests travel on one long-lived channel and open no new ones: they take no command slot.
    try {
      SFTPClient sftp = sftp();
      if (sftp.statExistence(dir) == null) {
        run(Command.of("mkdir", "-p", "--", dir)).requireSuccess();
      }
      try (RemoteFile f = sftp.open(tmp, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.TRUNC),
          new FileAttributes.Builder().withPermissions(0600).build());
          OutputStream out = new ChunkedOutputStream(f.new RemoteFileOutputStream(0, 16))) {
        writer.write(out);
      }
    } catch (IOException e) {
      throw new RemoteException("cannot upload " + path + " to " + target + ": " + e.getMessage(), e);
    }
    List<String> steps = new ArrayList<>();
    steps.add(Shell.join(List.of("chmod", Integer.toOctalString(spec.mode()), "--", tmp)));
    if (spec.owner().isPresent()) {
      steps.add(Shell.join(List.of("chown", spec.owner().get() + spec.group().map(g -> ":" + g).orElse(""), "--", tmp)));
    }
    steps.add(Shell.join(List.of("mv", "-f", "--", tmp, path)));
    CommandResult r = run(Command.sh(Shell.and(steps.toArray(String[]::new))));
    if (!r.ok()) {
      run(Command.of("rm", "-f", "--", tmp));
      r.requireSuccess();
    }
  }

  /**
   * Feeds SFTP at most 32 KiB per write: one large write into sshj's {@code RemoteFileOutputStream}
   * outruns the channel window and fails with "Timeout when trying to expand the window size"
   * (measured here with 20 MB in one call; 32 KiB pieces go through).
   */
  private static final class ChunkedOutputStream extends java.io.FilterOutputStream {
    ChunkedOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      for (int i = 0; i < len; i += 32 * 1024) {
        out.write(b, off + i, Math.min(32 * 1024, len - i));
      }
    }
  }

  @Override
  public Optional<byte[]> read(String path) {
    try {
      SFTPClient sftp = sftp();
      if (sftp.statExistence(path) == null) {
        return Optional.empty();
      }
      try (RemoteFile f = sftp.open(path, EnumSet.of(OpenMode.READ));
          InputStream in = f.new ReadAheadRemoteFileInputStream(16)) {
        return Optional.of(in.readAllBytes());
      }
    } catch (IOException e) {
      throw new RemoteException("cannot read " + path + " on " + target + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void download(String remotePath, Path localPath) {
    try {
      SFTPClient sftp = sftp();
      Path tmp = Files.createTempFile(localPath.toAbsolutePath().getParent(), ".download", ".tmp");
      try (RemoteFile f = sftp.open(remotePath, EnumSet.of(OpenMode.READ));
          InputStream in = f.new ReadAheadRemoteFileInputStream(16)) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, localPath, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new RemoteException("cannot download " + remotePath + " from " + target + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean exists(String path) {
    try {
      return sftp().statExistence(path) != null;
    } catch (IOException e) {
      throw new RemoteException("cannot check " + path + " on " + target + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<String> sha256(String path) {
    CommandResult r = run(Command.of("sha256sum", "--", path));
    if (!r.ok()) {
      if (r.stderr().contains("No such file")) {
        return Optional.empty();
      }
      r.requireSuccess();
    }
    return Optional.of(r.stdout().substring(0, 64));
  }

  @Override
  public String describe() {
    return target.toString();
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (connection != null) {
        close(connection);
      }
    }
    pumps.shutdownNow();
  }

  private static void close(Connection c) {
    SFTPClient s = c.sftp()[0];
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    quietly(c.client());
    quietly(c.jump());
  }

  private static void quietly(SSHClient c) {
    if (c != null) {
      try {
        c.disconnect();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
