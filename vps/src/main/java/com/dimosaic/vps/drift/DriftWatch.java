package com.dimosaic.vps.drift;

import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.provision.ProvisionOptions;
import com.dimosaic.vps.remote.RedactingRemoteHost;
import com.dimosaic.vps.remote.RemoteHost;
import com.dimosaic.vps.secrets.Redactor;
import com.dimosaic.vps.validation.Outcome;
import com.dimosaic.vps.validation.Status;
import com.dimosaic.vps.validation.ValidationOptions;
import com.dimosaic.vps.validation.ValidationReport;
import com.dimosaic.vps.validation.Validator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validation and drift on a schedule, for one host or many, with the last results served over HTTP
 * so that an existing monitoring stack can scrape and alert on them ({@code goss serve}, for the whole
 * profile):
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus text — {@code vps_check_status{host,check}} (0 pass, 1 warn,
 *       2 fail), {@code vps_drift_items{host,kind}}, {@code vps_watch_duration_seconds{host,what}},
 *       {@code vps_watch_last_run_timestamp_seconds{host}}, {@code vps_watch_up{host}};</li>
 *   <li>{@code GET /health}: JSON per host, 200 when every host ran, has no failed check and no
 *       drift, 503 otherwise (and before the first run);</li>
 *   <li>a {@link Change} goes to the notifier when a host's status changes (healthy, unhealthy, down).</li>
 * </ul>
 *
 * <pre>{@code
 * try (DriftWatch w = DriftWatch.builder().every(Duration.ofMinutes(5)).serve(new InetSocketAddress("127.0.0.1", 9464))
 *     .host("prod", DriftWatch.probe("prod", () -> SshRemoteHost.connect(target), profile, options, ValidationOptions.DEFAULT))
 *     .notifier(Notifiers.webhook(URI.create("https://hooks.example.com/vps"))).start()) {
 *   ...
 * }
 * }</pre>
 */
public final class DriftWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DriftWatch.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One run's result for one host.
   *
   * @param host the host's name in the watch
   * @param at when the run finished
   * @param validation the validation report, when it ran
   * @param drift the drift report, when it ran
   * @param took how long each part took ({@code validation}, {@code drift})
   * @param error why the run failed (the host unreachable, …)
   */
  public record Result(String host, Instant at, Optional<ValidationReport> validation, Optional<DriftReport> drift, Map<String, Duration> took,
      Optional<String> error) {
    /** Copies the durations. */
    public Result {
      took = Map.copyOf(took);
    }

    /** {@code healthy}, {@code unhealthy} (a failed check or drift), or {@code down} (the run failed). */
    public String status() {
      if (error.isPresent()) {
        return "down";
      }
      boolean failed = validation.map(v -> v.status() == Status.FAIL).orElse(false);
      boolean drifted = drift.map(d -> !d.clean()).orElse(false);
      return failed || drifted ? "unhealthy" : "healthy";
    }
  }

  /**
   * A host's status changed.
   *
   * @param host the host
   * @param from the status before ({@code unknown} at the first run)
   * @param to the status now
   * @param summary one line: drift items and failed checks, or the error
   */
  public record Change(String host, String from, String to, String summary) {}

  private final Duration every;
  private final Optional<InetSocketAddress> address;
  private final Map<String, Supplier<Result>> probes;
  private final Consumer<Change> notifier;
  private final Map<String, Result> last = new ConcurrentHashMap<>();
  private ScheduledExecutorService scheduler;
  private HttpServer server;

  private DriftWatch(Builder b) {
    this.every = b.every;
    this.address = Optional.ofNullable(b.address);
    this.probes = Map.copyOf(b.probes);
    this.notifier = b.notifier;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A probe that connects ({@code connect} opens a new connection each run, e.g.
   * {@code () -> SshRemoteHost.connect(target)}), validates with {@code validation} and checks drift
   * with {@code options} on the host as the profile's workflows see it (its secrets redacted), then
   * closes the connection; a failure becomes the result's error.
   */
  public static Supplier<Result> probe(String host, Supplier<? extends RemoteHost> connect, Profile profile, ProvisionOptions options,
      ValidationOptions validation) {
    return () -> {
      Map<String, Duration> took = new LinkedHashMap<>();
      try (RemoteHost connection = connect.get()) {
        RemoteHost h = RedactingRemoteHost.wrap(connection, Redactor.of(profile.secrets()));
        long t0 = System.nanoTime();
        ValidationReport v = Validator.builder(profile, h).options(validation).build().validate();
        took.put("validation", Duration.ofNanos(System.nanoTime() - t0));
        long t1 = System.nanoTime();
        DriftReport d = new Drift(h, profile, options).check(ProgressListener.NONE);
        took.put("drift", Duration.ofNanos(System.nanoTime() - t1));
        return new Result(host, Instant.now(), Optional.of(v), Optional.of(d), took, Optional.empty());
      } catch (RuntimeException e) {
        return new Result(host, Instant.now(), Optional.empty(), Optional.empty(), took, Optional.of(String.valueOf(e.getMessage())));
      }
    };
  }

  /** Starts the schedule (the first run at once) and the HTTP server; returns this. */
  public synchronized DriftWatch start() {
    if (scheduler != null) {
      throw new IllegalStateException("already started");
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "vps-watch");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(this::runOnce, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    if (address.isPresent()) {
      try {
        server = HttpServer.create(address.get(), 16);
      } catch (IOException e) {
        throw new IllegalStateException("cannot listen on " + address.get() + ": " + e.getMessage(), e);
      }
      server.createContext("/metrics", x -> reply(x, 200, "text/plain; version=0.0.4; charset=utf-8", metrics()));
      server.createContext("/health", x -> {
        Map.Entry<Integer, String> h = health();
        reply(x, h.getKey(), "application/json", h.getValue());
      });
      server.start();
    }
    return this;
  }

  /** The address the HTTP server listens on (its port when 0 was asked for). */
  public Optional<InetSocketAddress> address() {
    return Optional.ofNullable(server).map(HttpServer::getAddress);
  }

  /** Runs every probe once, now, and keeps the results (the schedule calls this). */
  public void runOnce() {
    for (Map.Entry<String, Supplier<Result>> p : probes.entrySet()) {
      Result r;
      try {
        r = p.getValue().get();
      } catch (RuntimeException e) {
        r = new Result(p.getKey(), Instant.now(), Optional.empty(), Optional.empty(), Map.of(), Optional.of(String.valueOf(e.getMessage())));
      }
      Result before = last.put(p.getKey(), r);
      String from = before == null ? "unknown" : before.status();
      if (!from.equals(r.status())) {
        Change c = new Change(p.getKey(), from, r.status(), summary(r));
        log.info("{}: {} → {} ({})", c.host(), c.from(), c.to(), c.summary());
        try {
          notifier.accept(c);
        } catch (RuntimeException e) {
          log.warn("the notifier failed for {}: {}", c.host(), e.getMessage());
        }
      }
    }
  }

  /** The last result per host. */
  public Map<String, Result> results() {
    return Map.copyOf(last);
  }

  /** The Prometheus text of the last results. */
  public String metrics() {
    StringBuilder sb = new StringBuilder();
    sb.append("# HELP vps_check_status Validation check status: 0 pass, 1 warn, 2 fail.\n# TYPE vps_check_status gauge\n");
    for (Result r : sorted()) {
      r.validation().ifPresent(v -> {
        for (Outcome o : v.outcomes()) {
          sb.append("vps_check_status{host=\"").append(label(r.host())).append("\",check=\"").append(label(o.id())).append("\"} ")
              .append(switch (o.result().status()) {
                case PASS -> 0;
                case WARN -> 1;
                case FAIL -> 2;
              }).append('\n');
        }
      });
    }
    sb.append("# HELP vps_drift_items Items of drift by kind.\n# TYPE vps_drift_items gauge\n");
    for (Result r : sorted()) {
      r.drift().ifPresent(d -> d.countByKind().forEach((k, n) -> sb.append("vps_drift_items{host=\"").append(label(r.host()))
          .append("\",kind=\"").append(k.name().toLowerCase(Locale.ROOT)).append("\"} ").append(n).append('\n')));
    }
    sb.append("# HELP vps_watch_duration_seconds How long the last run's parts took.\n# TYPE vps_watch_duration_seconds gauge\n");
    for (Result r : sorted()) {
      r.took().forEach((what, d) -> sb.append("vps_watch_duration_seconds{host=\"").append(label(r.host())).append("\",what=\"")
          .append(label(what)).append("\"} ").append(String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0)).append('\n'));
    }
    sb.append("# HELP vps_watch_last_run_timestamp_seconds When the last run finished.\n# TYPE vps_watch_last_run_timestamp_seconds gauge\n");
    for (Result r : sorted()) {
      sb.append("vps_watch_last_run_timestamp_seconds{host=\"").append(label(r.host())).append("\"} ").append(r.at().getEpochSecond())
          .append('\n');
    }
    sb.append("# HELP vps_watch_up Whether the last run reached the host.\n# TYPE vps_watch_up gauge\n");
    for (Result r : sorted()) {
      sb.append("vps_watch_up{host=\"").append(label(r.host())).append("\"} ").append(r.error().isPresent() ? 0 : 1).append('\n');
    }
    return sb.toString();
  }

  /** The health answer: 200 when every host is healthy, else 503; the body is JSON per host. */
  public Map.Entry<Integer, String> health() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode hosts = root.putArray("hosts");
    boolean ok = !probes.isEmpty() && last.keySet().containsAll(probes.keySet());
    for (Result r : sorted()) {
      ok &= r.status().equals("healthy");
      ObjectNode n = hosts.addObject().put("host", r.host()).put("status", r.status()).put("at", r.at().toString())
          .put("summary", summary(r));
      r.drift().ifPresent(d -> n.put("drift", d.drift().size()));
      r.validation().ifPresent(v -> n.put("failedChecks", v.count(Status.FAIL)));
    }
    root.put("status", ok ? "healthy" : "unhealthy");
    return Map.entry(ok ? 200 : 503, root.toString());
  }

  private List<Result> sorted() {
    List<Result> rs = new ArrayList<>(last.values());
    rs.sort(java.util.Comparator.comparing(Result::host));
    return rs;
  }

  private static String summary(Result r) {
    if (r.error().isPresent()) {
      return r.error().get();
    }
    return r.drift().map(d -> d.drift().size()).orElse(0) + " drift item(s), " + r.validation().map(v -> v.count(Status.FAIL)).orElse(0L)
        + " failed check(s)";
  }

  private static String label(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static void reply(HttpExchange x, int code, String type, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", type);
    x.sendResponseHeaders(code, b.length);
    try (OutputStream o = x.getResponseBody()) {
      o.write(b);
    }
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  /** Options. */
  public static final class Builder {
    private Duration every = Duration.ofMinutes(5);
    private InetSocketAddress address;
    private final Map<String, Supplier<Result>> probes = new LinkedHashMap<>();
    private Consumer<Change> notifier = c -> { };

    private Builder() {}

    /** How often (the time between the end of a run and the start of the next). */
    public Builder every(Duration d) {
      if (Objects.requireNonNull(d, "every == null").compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("every: at least 1 s");
      }
      this.every = d;
      return this;
    }

    /** Serves {@code /metrics} and {@code /health} on this address (e.g. 127.0.0.1:9464; port 0 for any). */
    public Builder serve(InetSocketAddress address) {
      this.address = Objects.requireNonNull(address, "address == null");
      return this;
    }

    /** A host to watch, by name, with its probe (see {@link DriftWatch#probe}). */
    public Builder host(String name, Supplier<Result> probe) {
      probes.put(Objects.requireNonNull(name, "name == null"), Objects.requireNonNull(probe, "probe == null"));
      return this;
    }

    /** Told each status change ({@link Notifiers}). */
    public Builder notifier(Consumer<Change> n) {
      this.notifier = Objects.requireNonNull(n, "notifier == null");
      return this;
    }

    /** Builds (not started). */
    public DriftWatch build() {
      if (probes.isEmpty()) {
        throw new IllegalArgumentException("no host to watch");
      }
      return new DriftWatch(this);
    }

    /** Builds and starts. */
    public DriftWatch start() {
      return build().start();
    }
  }
}
