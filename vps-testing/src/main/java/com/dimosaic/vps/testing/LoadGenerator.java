package com.dimosaic.vps.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.internal.http2.ConnectionShutdownException;
import okhttp3.internal.http2.ErrorCode;
import okhttp3.internal.http2.StreamResetException;
import org.jetbrains.annotations.NotNull;

/**
 * A bounded, fixed-rate HTTPS load on one URL, as a zero-downtime test needs it: {@code perSecond}
 * GET requests a second (never more than {@code perSecond} × {@code max} in all), each started on
 * schedule whether or not the previous ones have answered, to a host name that resolves to
 * {@code 127.0.0.1} only (SNI and {@code Host} as a browser would send them), trusting one CA
 * certificate (Caddy's {@code tls internal} root). Every request is kept as a {@link Sample}. Like a
 * browser, the client sends a request again that HTTP/2 says the server never processed (a stream
 * refused during a graceful reload); such retries are counted and shown, and any other retry counts
 * as a failure.
 *
 * <pre>{@code
 * try (LoadGenerator load = LoadGenerator.start("hello.example.com", port, "/", rootCa, 20, Duration.ofSeconds(120))) {
 *   ... switch ...
 *   LoadGenerator.Result r = load.stop();
 * }
 * }</pre>
 */
public final class LoadGenerator implements AutoCloseable {
  private final OkHttpClient client;
  private final ScheduledExecutorService ticker;
  private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
  private final AtomicInteger started = new AtomicInteger();
  private final CountDownLatch done;
  private final int limit;
  private final long t0 = System.nanoTime();
  private final java.util.Map<Call, List<String>> retried = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * One request's outcome.
   *
   * @param start nanoseconds since the load started
   * @param end nanoseconds since the load started, when the answer (or the error) came
   * @param status the HTTP status, 0 on a transport error
   * @param body the response body, stripped
   * @param error the transport error, empty when there was an answer
   * @param retries what the client retried the request after, as HTTP/2 allows it (RFC 9113 §8.7):
   *     a stream the server refused unprocessed ({@code REFUSED_STREAM}) or not sent before the
   *     connection's GOAWAY — what a browser retries unseen; any other retry makes the sample a failure
   */
  public record Sample(long start, long end, int status, String body, String error, List<String> retries) {
    /** Copies the retries. */
    public Sample {
      retries = List.copyOf(retries);
    }

    /** Whether the request got a 200, without a retry HTTP/2 does not allow. */
    public boolean ok() {
      return status == 200 && error.isEmpty() && retries.stream().allMatch(LoadGenerator::safeRetry);
    }

    /** How long it took. */
    public Duration latency() {
      return Duration.ofNanos(end - start);
    }
  }

  private LoadGenerator(OkHttpClient.Builder builder, String url, int perSecond, Duration max) {
    this.client = builder.eventListener(new EventListener() {
      @Override
      public void retryDecision(@NotNull Call call, @NotNull IOException exception, boolean retry) {
        if (retry) {
          retried.computeIfAbsent(call, c -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(describe(exception));
        }
      }
    }).build();
    this.limit = (int) Math.max(1, perSecond * max.toSeconds());
    this.done = new CountDownLatch(limit);
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "load-generator");
      t.setDaemon(true);
      return t;
    });
    Request request = new Request.Builder().url(url).header("Cache-Control", "no-cache").build();
    ticker.scheduleAtFixedRate(() -> {
      if (started.getAndIncrement() >= limit) {
        ticker.shutdown();
        return;
      }
      long start = System.nanoTime() - t0;
      client.newCall(request).enqueue(new Callback() {
        @Override
        public void onResponse(@NotNull Call call, @NotNull Response response) {
          String body;
          try (response) {
            body = response.body().string().strip();
          } catch (IOException e) {
            record(new Sample(start, System.nanoTime() - t0, 0, "", "reading the body: " + e, retries(call)));
            return;
          }
          record(new Sample(start, System.nanoTime() - t0, response.code(), body, "", retries(call)));
        }

        @Override
        public void onFailure(@NotNull Call call, @NotNull IOException e) {
          record(new Sample(start, System.nanoTime() - t0, 0, "", e.toString(), retries(call)));
        }
      });
    }, 0, 1_000_000_000L / perSecond, TimeUnit.NANOSECONDS);
  }

  private List<String> retries(Call call) {
    List<String> r = retried.remove(call);
    return r == null ? List.of() : r;
  }

  private static String describe(IOException e) {
    if (e instanceof StreamResetException r) {
      return "stream reset: " + r.errorCode;
    }
    return e instanceof ConnectionShutdownException ? "connection shut down (GOAWAY) before the stream was sent" : e.toString();
  }

  static boolean safeRetry(String reason) {
    return reason.equals("stream reset: " + ErrorCode.REFUSED_STREAM) || reason.startsWith("connection shut down (GOAWAY)");
  }

  private void record(Sample s) {
    samples.add(s);
    done.countDown();
  }

  /**
   * Starts the load on {@code https://<host>:<port><path>}.
   *
   * @param trustedCaPem the CA certificate (PEM) the server's certificate must chain to
   */
  public static LoadGenerator start(String host, int port, String path, String trustedCaPem, int perSecond, Duration max) {
    if (perSecond < 1 || perSecond > 200 || max.isNegative() || max.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException("a bounded load: 1 to 200 requests/s for at most 5 min");
    }
    X509TrustManager trust = trustManager(trustedCaPem);
    SSLContext tls;
    try {
      tls = SSLContext.getInstance("TLS");
      tls.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(256);
    dispatcher.setMaxRequestsPerHost(256);
    OkHttpClient.Builder client = new OkHttpClient.Builder()
        .dns(name -> List.of(InetAddress.getLoopbackAddress())) // only ever this machine's loopback
        .sslSocketFactory(tls.getSocketFactory(), trust)
        .dispatcher(dispatcher)
        // a browser retries a request HTTP/2 says was not processed; every retry is recorded, and any other kind is a failure
        .retryOnConnectionFailure(true)
        .connectTimeout(Duration.ofSeconds(5)).callTimeout(Duration.ofSeconds(15));
    return new LoadGenerator(client, "https://" + host + ":" + port + path, perSecond, max);
  }

  private static X509TrustManager trustManager(String pem) {
    try {
      X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      ks.setCertificateEntry("ca", ca);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      return (X509TrustManager) tmf.getTrustManagers()[0];
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
    }
  }

  /** Stops starting requests, waits (at most 20 s) for those in flight, and returns every sample. */
  public Result stop() {
    ticker.shutdownNow();
    int issued = Math.min(started.get(), limit);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (samples.size() < issued && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    List<Sample> all = new ArrayList<>(samples);
    all.sort(Comparator.comparingLong(Sample::start));
    return new Result(all, issued - all.size());
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  /**
   * What the load saw.
   *
   * @param samples every answered (or failed) request, in the order they started
   * @param unanswered requests still without an answer when the load stopped
   */
  public record Result(List<Sample> samples, int unanswered) {
    /** Copies the samples. */
    public Result {
      samples = List.copyOf(samples);
    }

    /** Requests that failed: a transport error, a status other than 200, or no answer. */
    public int failed() {
      return (int) samples.stream().filter(s -> !s.ok()).count() + unanswered;
    }

    /** The failures, one line each (at most 10). */
    public List<String> failures() {
      return samples.stream().filter(s -> !s.ok()).limit(10).map(s -> String.format(Locale.ROOT, "at %.2f s: %s%s", s.start() / 1e9,
          s.error().isEmpty() ? "HTTP " + s.status() + " " + s.body() : s.error(), s.retries().isEmpty() ? "" : " (retried after "
          + s.retries() + ")")).toList();
    }

    /** The distinct bodies of the successful answers, in the order they first appeared. */
    public List<String> bodies() {
      return List.copyOf(new LinkedHashSet<>(samples.stream().filter(Sample::ok).map(Sample::body).toList()));
    }

    /**
     * Whether the answers went from {@code before} to {@code after} once: the first answer is
     * {@code before}, the last is {@code after}, nothing else was answered, and no request started
     * more than {@code overlap} after the first {@code after} answer was answered {@code before}.
     * With {@code before} equal to {@code after}: every answer is that one.
     */
    public boolean switchedOnce(String before, String after, Duration overlap) {
      List<Sample> ok = samples.stream().filter(Sample::ok).toList();
      if (before.equals(after)) {
        return !ok.isEmpty() && ok.stream().allMatch(s -> s.body().equals(before));
      }
      if (ok.isEmpty() || !ok.get(0).body().equals(before) || !ok.get(ok.size() - 1).body().equals(after)
          || ok.stream().anyMatch(s -> !s.body().equals(before) && !s.body().equals(after))) {
        return false;
      }
      long firstAfter = ok.stream().filter(s -> s.body().equals(after)).mapToLong(Sample::end).min().orElse(Long.MAX_VALUE);
      return ok.stream().noneMatch(s -> s.body().equals(before) && s.start() > firstAfter + overlap.toNanos());
    }

    /** A latency percentile ({@code 0 < p <= 100}) over the successful answers. */
    public Duration percentile(double p) {
      List<Long> l = samples.stream().filter(Sample::ok).map(s -> s.end() - s.start()).sorted().toList();
      if (l.isEmpty()) {
        return Duration.ZERO;
      }
      int i = (int) Math.ceil(p / 100.0 * l.size()) - 1;
      return Duration.ofNanos(l.get(Math.max(0, Math.min(l.size() - 1, i))));
    }

    /** Requests the client sent again because the server refused them unprocessed (allowed by HTTP/2, done by browsers). */
    public int retried() {
      return (int) samples.stream().filter(s -> !s.retries().isEmpty() && s.ok()).count();
    }

    /** One line: requests, failures, retries, p50/p99 latency, the bodies seen. */
    public String summary() {
      return String.format(Locale.ROOT, "%d requests, %d failed, %d retried after REFUSED_STREAM/GOAWAY, p50 %d ms, p99 %d ms, answers %s",
          samples.size() + unanswered, failed(), retried(), percentile(50).toMillis(), percentile(99).toMillis(), bodies());
    }
  }
}
