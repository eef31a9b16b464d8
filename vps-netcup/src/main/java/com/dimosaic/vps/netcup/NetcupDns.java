package com.dimosaic.vps.netcup;

import java.time.Duration;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * Entry point to Netcup's CCP DNS API. A session logs in on first use and logs out on close.
 *
 * <pre>{@code
 * try (NetcupSession s = NetcupDns.session(NetcupCredentials.fromProfile(profile))) {
 *   List<NetcupRecord> records = s.records("example.com");
 * }
 * }</pre>
 *
 * <p>Defaults follow the API's documented behaviour: requests are paced to stay under 180 per minute
 * (one every 334 ms), a rate-limit answer is retried after a back-off, an invalid session (4001,
 * which the API also returns early at random) is answered by logging in again once.
 */
public final class NetcupDns {
  /** The production endpoint. */
  public static final String ENDPOINT = "https://ccp.netcup.net/run/webservice/servers/endpoint.php?JSON";

  private final String endpoint;
  private final OkHttpClient http;
  private final Duration pacing;
  private final Duration rateLimitBackoff;
  private final int rateLimitRetries;

  private NetcupDns(Builder b) {
    this.endpoint = b.endpoint;
    this.http = b.http;
    this.pacing = b.pacing;
    this.rateLimitBackoff = b.rateLimitBackoff;
    this.rateLimitRetries = b.rateLimitRetries;
  }

  /** A session against the production endpoint with default options. */
  public static NetcupSession session(NetcupCredentials credentials) {
    return builder().build().newSession(credentials);
  }

  /** A session against another endpoint (a proxy, a local fake). */
  public static NetcupSession session(NetcupCredentials credentials, String endpoint) {
    return builder().endpoint(endpoint).build().newSession(credentials);
  }

  /** A builder for options. */
  public static Builder builder() {
    return new Builder();
  }

  /** Opens a session (logs in on the first call). */
  public NetcupSession newSession(NetcupCredentials credentials) {
    return new NetcupSession(Objects.requireNonNull(credentials, "credentials == null"), endpoint, http, pacing,
        rateLimitBackoff, rateLimitRetries);
  }

  /** Options. */
  public static final class Builder {
    private String endpoint = ENDPOINT;
    private OkHttpClient http;
    private Duration pacing = Duration.ofMillis(334);
    private Duration rateLimitBackoff = Duration.ofSeconds(20);
    private int rateLimitRetries = 3;

    private Builder() {}

    /** The endpoint URL. */
    public Builder endpoint(String url) {
      if (!url.matches("https?://.+")) {
        throw new IllegalArgumentException("not an http(s) URL: " + url);
      }
      this.endpoint = url;
      return this;
    }

    /** The HTTP client (timeouts, proxies). */
    public Builder httpClient(OkHttpClient client) {
      this.http = Objects.requireNonNull(client, "client == null");
      return this;
    }

    /** Minimum time between two requests (default 334 ms: 180 per minute). */
    public Builder pacing(Duration d) {
      this.pacing = Objects.requireNonNull(d, "d == null");
      return this;
    }

    /** How long to wait after a rate-limit answer (default 20 s), and how often to retry (default 3). */
    public Builder rateLimitBackoff(Duration d, int retries) {
      this.rateLimitBackoff = Objects.requireNonNull(d, "d == null");
      this.rateLimitRetries = retries;
      return this;
    }

    /** Builds. */
    public NetcupDns build() {
      if (http == null) {
        http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(60)).build();
      }
      return new NetcupDns(this);
    }
  }
}
