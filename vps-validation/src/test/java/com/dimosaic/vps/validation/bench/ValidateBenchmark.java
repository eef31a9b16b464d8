package com.dimosaic.vps.validation.bench;

import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.profile.ProfileLoader;
import com.dimosaic.vps.ssh.SshRemoteHost;
import com.dimosaic.vps.ssh.SshTarget;
import com.dimosaic.vps.testing.LocalPostgres;
import com.dimosaic.vps.testing.LocalRedis;
import com.dimosaic.vps.testing.LocalSshd;
import com.dimosaic.vps.validation.Check;
import com.dimosaic.vps.validation.Checks;
import com.dimosaic.vps.validation.ServiceAccess;
import com.dimosaic.vps.validation.ValidationReport;
import com.dimosaic.vps.validation.Validator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * All checks against one host over one SSH connection: wall time with parallel checks versus one at a
 * time, in one run. The host is a local sshd with real PostgreSQL and Redis. Run with {@code bench/validate.sh}.
 */
public final class ValidateBenchmark {
  private ValidateBenchmark() {}

  public static void main(String[] args) throws Exception {
    String user = System.getProperty("bench.user", System.getProperty("user.name"));
    Profile profile = ProfileLoader.load(Path.of("vps-core/src/test/resources/profiles/minimal"));
    try (LocalSshd sshd = LocalSshd.start(); LocalPostgres pg = LocalPostgres.start(); LocalRedis redis = LocalRedis.start()) {
      Path key = sshd.newUserKey("ed25519");
      try (SshRemoteHost host = SshRemoteHost.connect(SshTarget.builder("127.0.0.1").port(sshd.port()).user(user).identityFile(key)
          .hostKeyFingerprint(sshd.hostKeyFingerprint()).build())) {
        List<Check> checks = new ArrayList<>(List.of(Checks.diskFree("/", 5), Checks.memoryUsage(99), Checks.load(100)));
        for (int port : new int[] {sshd.port(), pg.port(), redis.port()}) {
          checks.add(Checks.portListening(port, Checks.INFRA));
        }
        for (int i = 0; i < 15; i++) {
          checks.add(Checks.probe("postgres" + i, List.of(LocalPostgres.binDir() + "/pg_isready", "-h", "127.0.0.1", "-p",
              String.valueOf(pg.port())), "accepting connections"));
          checks.add(Checks.probe("redis" + i, List.of("redis-cli", "-p", String.valueOf(redis.port()), "ping"), "PONG"));
        }
        Validator.builder(profile, host).checks(checks).services(ServiceAccess.host()).build().validate(); // warm-up
        ValidationReport seq = Validator.builder(profile, host).checks(checks).services(ServiceAccess.host()).parallelism(1).build().validate();
        ValidationReport par = Validator.builder(profile, host).checks(checks).services(ServiceAccess.host()).parallelism(8).build().validate();
        System.out.printf("%d checks over one SSH connection: sequential %.2f s, parallel (8 channels) %.2f s, %.1fx faster; status %s%n",
            checks.size(), seq.took().toMillis() / 1000.0, par.took().toMillis() / 1000.0,
            (double) seq.took().toMillis() / par.took().toMillis(), par.status());
      }
    }
  }
}
