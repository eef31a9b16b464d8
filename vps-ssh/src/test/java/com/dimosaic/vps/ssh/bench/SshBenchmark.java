package com.dimosaic.vps.ssh.bench;

import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.ssh.SshRemoteHost;
import com.dimosaic.vps.ssh.SshTarget;
import com.dimosaic.vps.testing.LocalSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * 100 small commands ({@code true}) over one multiplexed SshRemoteHost connection, sequentially and
 * over parallel channels, against 100 invocations of the OpenSSH client (no ControlMaster) to the
 * same local sshd. Prints times and ratios. Run with {@code bench/ssh-commands.sh}, which logs in as a
 * throwaway user whose shell is {@code /bin/sh}: a heavy login shell (this image's root runs
 * {@code pyenv init} from {@code ~/.bashrc} on every {@code bash -c}, ~150 ms) would measure the shell,
 * not the transport.
 */
public final class SshBenchmark {
  private SshBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    try (LocalSshd sshd = LocalSshd.start()) {
      Path key = sshd.newUserKey("ed25519");
      Path kh = Files.createTempFile("bench", "known_hosts");
      Files.writeString(kh, sshd.knownHostsLine() + "\n");
      String user = System.getProperty("bench.user", System.getProperty("user.name"));
      SshTarget target = SshTarget.builder("127.0.0.1").port(sshd.port()).user(user).identityFile(key)
          .hostKeyFingerprint(sshd.hostKeyFingerprint()).build();
      try (SshRemoteHost h = SshRemoteHost.connect(target)) {
        for (int i = 0; i < 20; i++) {
          h.run(Command.of("true")); // warm-up (JIT, session setup paths)
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          h.run(Command.of("true")).requireSuccess();
        }
        double seq = (System.nanoTime() - t0) / 1e9;
        ExecutorService pool = Executors.newFixedThreadPool(target.maxSessions());
        long t1 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          fs.add(pool.submit(() -> h.run(Command.of("true")).requireSuccess()));
        }
        for (Future<?> f : fs) {
          f.get();
        }
        double par = (System.nanoTime() - t1) / 1e9;
        pool.shutdown();

        long t2 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          Process p = new ProcessBuilder("ssh", "-i", key.toString(), "-p", String.valueOf(sshd.port()),
              "-o", "UserKnownHostsFile=" + kh, "-o", "BatchMode=yes", "-o", "ControlMaster=no", "-o", "ControlPath=none",
              user + "@127.0.0.1", "true").redirectErrorStream(true).start();
          p.getInputStream().readAllBytes();
          if (p.waitFor() != 0) {
            throw new IllegalStateException("ssh failed");
          }
        }
        double ssh = (System.nanoTime() - t2) / 1e9;
        System.out.printf("%d x 'true' over one SshRemoteHost connection, sequential:        %6.2f s (%5.1f ms each)%n", n, seq, seq * 1000 / n);
        System.out.printf("%d x 'true' over one SshRemoteHost connection, %d channels:       %6.2f s (%5.1f ms each)%n", n,
            target.maxSessions(), par, par * 1000 / n);
        System.out.printf("%d x OpenSSH client process (no ControlMaster):                   %6.2f s (%5.1f ms each)%n", n, ssh, ssh * 1000 / n);
        System.out.printf("ratio sequential: %.1fx faster (goal >= 30x); parallel: %.1fx faster (goal >= 60x)%n", ssh / seq, ssh / par);
      }
    }
  }
}
