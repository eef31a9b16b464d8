package com.dimosaic.vps.examples;

import com.dimosaic.vps.Vps;
import com.dimosaic.vps.VpsSession;
import com.dimosaic.vps.app.Delivery;
import com.dimosaic.vps.app.DeliveryOptions;
import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.provision.ProvisionReport;
import com.dimosaic.vps.rollout.Switch;
import com.dimosaic.vps.testing.FakeNetcupServer;
import com.dimosaic.vps.testing.LoadGenerator;
import com.dimosaic.vps.testing.Processes;
import com.dimosaic.vps.testing.VpsBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The cost of a zero-downtime switch on a provisioned "VPS in a box": the same small app (the stack's
 * Caddy image answering a fixed body) redeployed {@code BENCH_ROUNDS} times (default 5) between two
 * images already in the box's registry, once as {@code blue}, whose rollout is blue/green, and once as
 * {@code red}, whose profile asks for a restart; each under 20 requests/s from this machine through
 * Caddy. Prints, per strategy, the median time from "new image pulled" to "old container gone" (the
 * switch itself: for blue/green {@link Switch#total()}, for a restart the delivery's time less its
 * pull), the parts of a blue/green switch (new container healthy, drain), and the failed requests,
 * next to Kamal 2's documented defaults. Run by {@code bench/zero-downtime.sh}.
 */
public final class ZeroDowntimeBench {
  private static final String APPS = String.join("\n",
      "",
      "  blue:",
      "    kind: generic",
      "    image: 127.0.0.1:5000/vps/bench:one",
      AppDeliveryE2eIT.HEALTH,
      "    rollout: { strategy: blue-green, health: / }",
      "    routes:",
      "      - { host: blue, port: 8080 }",
      "  red:",
      "    kind: generic",
      "    image: 127.0.0.1:5000/vps/bench:one",
      AppDeliveryE2eIT.HEALTH,
      "    rollout: { strategy: restart }",
      "    routes:",
      "      - { host: red, port: 8080 }",
      "");

  private ZeroDowntimeBench() {}

  /** Runs the benchmark and prints the table. */
  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(System.getenv().getOrDefault("BENCH_ROUNDS", "5"));
    Path tmp = Files.createTempDirectory("vps-bench-zero");
    try {
      run(tmp, rounds);
    } finally {
      Processes.deleteTree(tmp);
    }
  }

  private record Round(Delivery delivery, LoadGenerator.Result load, Duration pull) {}

  private static void run(Path tmp, int rounds) throws Exception {
    E2eFixture e2e = new E2eFixture(tmp);
    try (VpsBox box = e2e.box(); FakeNetcupServer netcup = E2eFixture.netcup()) {
      int registry = box.publishedPort(5000);
      AppDeliveryE2eIT.pushImage(registry, "bench:one", "one", false);
      AppDeliveryE2eIT.pushImage(registry, "bench:two", "two", false);
      Path dir = e2e.profileDir("", "");
      Files.writeString(dir.resolve("services.yaml"), Files.readString(dir.resolve("services.yaml")) + APPS);
      Profile profile = E2eFixture.load(dir);
      List<Round> blue = new ArrayList<>();
      List<Round> red = new ArrayList<>();
      try (VpsSession vps = Vps.connect(e2e.target(box))) {
        ProvisionReport r = vps.provision(profile, e2e.options(box, netcup), ProgressListener.NONE);
        if (r.result() != ProvisionReport.Result.SUCCESS) {
          throw new IllegalStateException(r.toText());
        }
        String ca = box.exec("cat /var/lib/docker/volumes/e2e_caddy_data/_data/caddy/pki/authorities/local/root.crt").requireSuccess()
            .output();
        for (int i = 0; i < rounds; i++) {
          String image = "127.0.0.1:5000/vps/bench:" + (i % 2 == 0 ? "two" : "one");
          blue.add(round(vps, box, profile, ca, "blue", image));
          red.add(round(vps, box, profile, ca, "red", image));
        }
      }
      print(rounds, blue, red);
    }
  }

  private static Round round(VpsSession vps, VpsBox box, Profile profile, String ca, String service, String image) {
    // the pull alone, timed the same way, so that a restart's switch time is the delivery's time less it
    long p0 = System.nanoTime();
    box.exec("docker pull -q " + image + " >/dev/null").requireSuccess();
    Duration pull = Duration.ofNanos(System.nanoTime() - p0);
    try (LoadGenerator load = LoadGenerator.start(service + ".example.com", box.publishedPort(443), "/", ca, 20, Duration.ofSeconds(120))) {
      Processes.sleep(1000);
      Delivery d = vps.containerApps(profile).redeploy(service, DeliveryOptions.builder().image(image).who("bench").build());
      Processes.sleep(1000);
      if (!d.changed()) {
        throw new IllegalStateException(d.toText());
      }
      return new Round(d, load.stop(), pull);
    }
  }

  private static void print(int rounds, List<Round> blue, List<Round> red) {
    long bgSwitch = median(blue, r -> r.delivery().switched().orElseThrow().total().toMillis());
    long bgReady = median(blue, r -> r.delivery().switched().orElseThrow().ready().toMillis());
    long bgDrain = median(blue, r -> r.delivery().switched().orElseThrow().drained().toMillis());
    long bgTook = median(blue, r -> r.delivery().took().toMillis());
    long rsSwitch = median(red, r -> Math.max(0, r.delivery().took().minus(r.pull()).toMillis()));
    long rsTook = median(red, r -> r.delivery().took().toMillis());
    System.out.printf(Locale.ROOT, "%nZero-downtime switch of a small app, %d rounds each, 20 requests/s during each (medians)%n%n", rounds);
    System.out.printf(Locale.ROOT, "%-34s %12s %12s %12s%n", "", "blue-green", "restart", "Kamal 2");
    System.out.printf(Locale.ROOT, "%-34s %11.1fs %11.1fs %12s%n", "new image pulled → old gone", bgSwitch / 1e3, rsSwitch / 1e3,
        "≤ 30 s + 30 s");
    System.out.printf(Locale.ROOT, "%-34s %11.1fs %12s %12s%n", "  of which: new container healthy", bgReady / 1e3, "-", "poll 1 s");
    System.out.printf(Locale.ROOT, "%-34s %11.1fs %12s %12s%n", "  of which: drain", bgDrain / 1e3, "-", "≤ 30 s");
    System.out.printf(Locale.ROOT, "%-34s %11.1fs %11.1fs %12s%n", "whole delivery (lock, pull, …)", bgTook / 1e3, rsTook / 1e3, "");
    System.out.printf(Locale.ROOT, "%-34s %12d %12d %12s%n", "failed requests (all rounds)", blue.stream().mapToInt(r -> r.load().failed())
        .sum(), red.stream().mapToInt(r -> r.load().failed()).sum(), "0");
    System.out.printf(Locale.ROOT, "%-34s %10dms %10dms %12s%n", "p99 latency during the switch", median(blue, r -> r.load().percentile(99)
        .toMillis()), median(red, r -> r.load().percentile(99).toMillis()), "");
    System.out.printf(Locale.ROOT, "%nadded time of blue-green over stop-start: %.1f s (medians of the whole deliveries, measured the same"
        + " way)%nKamal 2's documented defaults: health check every 1 s, deploy timeout 30 s, drain timeout 30 s%n", (bgTook - rsTook) / 1e3);
  }

  private static long median(List<Round> rounds, ToLongFunction<Round> f) {
    long[] xs = rounds.stream().mapToLong(f).sorted().toArray();
    return xs.length == 0 ? 0 : xs[xs.length / 2];
  }
}
