package com.dimosaic.vps.netcup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logged-in conversation with the API: {@code infoDnsZone}, {@code infoDnsRecords},
 * {@code updateDnsRecords}, {@code updateDnsZone}; {@link #close()} logs out. Every answer's
 * {@code statuscode} is checked (errors arrive as HTTP 200). Thread-safe (requests are serialised,
 * as the API's pacing wants anyway).
 */
public final class NetcupSession implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NetcupSession.class);
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NetcupCredentials credentials;
  private final String endpoint;
  private final OkHttpClient http;
  private final Duration pacing;
  private final Duration backoff;
  private final int retries;
  private String sessionId;
  private boolean loggedIn;
  private long lastRequestNanos;
  private boolean closed;

  NetcupSession(NetcupCredentials credentials, String endpoint, OkHttpClient http, Duration pacing, Duration backoff, int retries) {
    this.credentials = credentials;
    this.endpoint = endpoint;
    this.http = http;
    this.pacing = pacing;
    this.backoff = backoff;
    this.retries = retries;
  }

  /**
   * The zone's settings (TTL is zone-wide).
   *
   * @throws NetcupException e.g. 5031 when the account has no such zone
   */
  public synchronized NetcupZone zone(String zone) {
    JsonNode d = call("infoDnsZone", zone, null);
    return new NetcupZone(d.path("name").asText(), d.path("ttl").asInt(), d.path("serial").asLong(), d.path("refresh").asInt(),
        d.path("retry").asInt(), d.path("expire").asInt(), d.path("dnssecstatus").asBoolean());
  }

  /** The zone's records; an empty zone (5029) is an empty list, not an error. */
  public synchronized List<NetcupRecord> records(String zone) {
    try {
      return parse(call("infoDnsRecords", zone, null).path("dnsrecords"));
    } catch (NetcupException e) {
      if (e.code() == 5029) {
        return List.of();
      }
      throw e;
    }
  }

  /**
   * Sends creates (no id), updates (id) and deletes (id and {@code deleteRecord}) in one call. Records
   * not sent are untouched.
   *
   * @return the whole zone after the change
   */
  public synchronized List<NetcupRecord> updateRecords(String zone, List<NetcupRecord> records) {
    ArrayNode arr = JSON.createArrayNode();
    for (NetcupRecord r : records) {
      ObjectNode o = arr.addObject();
      o.put("id", r.id());
      o.put("hostname", r.hostname());
      o.put("type", r.type());
      o.put("priority", r.priority());
      o.put("destination", r.destination());
      o.put("deleterecord", r.deleteRecord());
    }
    ObjectNode set = JSON.createObjectNode();
    set.set("dnsrecords", arr);
    return parse(call("updateDnsRecords", zone, p -> p.set("dnsrecordset", set)).path("dnsrecords"));
  }

  /** Changes the zone's TTL and SOA timers. */
  public synchronized NetcupZone updateZone(NetcupZone z) {
    ObjectNode dz = JSON.createObjectNode().put("name", z.name()).put("ttl", String.valueOf(z.ttl()))
        .put("refresh", String.valueOf(z.refresh())).put("retry", String.valueOf(z.retry())).put("expire", String.valueOf(z.expire()))
        .put("dnssecstatus", z.dnssec());
    JsonNode d = call("updateDnsZone", z.name(), p -> p.set("dnszone", dz));
    return d.isObject() && d.has("name") ? new NetcupZone(d.path("name").asText(), d.path("ttl").asInt(), d.path("serial").asLong(),
        d.path("refresh").asInt(), d.path("retry").asInt(), d.path("expire").asInt(), d.path("dnssecstatus").asBoolean()) : zone(z.name());
  }

  /**
   * The response data of an answer, or the error it carries: the HTTP status is 200 either way, so
   * {@code status} and {@code statuscode} decide.
   *
   * @throws NetcupException for {@code status: "error"} or a status code outside 2xxx
   */
  static JsonNode checked(String action, JsonNode answer) {
    int code = answer.path("statuscode").asInt();
    if (!"success".equals(answer.path("status").asText()) || code < 2000 || code >= 3000) {
      throw new NetcupException(action, code, answer.path("shortmessage").asText(""), answer.path("longmessage").asText(""));
    }
    return answer.path("responsedata");
  }

  static List<NetcupRecord> parse(JsonNode arr) {
    List<NetcupRecord> out = new ArrayList<>();
    for (JsonNode r : arr) {
      out.add(new NetcupRecord(r.path("id").asText(), r.path("hostname").asText(), r.path("type").asText(),
          r.path("priority").asText("0"), r.path("destination").asText(), false, r.path("state").asText("")));
    }
    return out;
  }

  private interface Params {
    void add(ObjectNode p);
  }

  /** One call with re-login on 4001 (once) and back-off on the rate limit. */
  private JsonNode call(String action, String zone, Params extra) {
    if (closed) {
      throw new IllegalStateException("session closed");
    }
    boolean relogged = false;
    int rateLimited = 0;
    while (true) {
      if (sessionId == null) {
        login();
      }
      ObjectNode p = JSON.createObjectNode();
      p.put("domainname", zone);
      p.put("customernumber", credentials.customerNumber());
      p.put("apikey", credentials.apiKey().reveal());
      p.put("apisessionid", sessionId);
      p.put("clientrequestid", "");
      if (extra != null) {
        extra.add(p);
      }
      try {
        return send(action, p);
      } catch (NetcupException e) {
        if (e.isSessionInvalid() && !relogged) {
          log.debug("netcup session invalid during {}; logging in again", action);
          sessionId = null;
          relogged = true;
          continue;
        }
        if (e.isRateLimit() && rateLimited < retries) {
          rateLimited++;
          log.info("netcup rate limit reached; waiting {} s", backoff.toSeconds());
          sleep(backoff);
          continue;
        }
        throw e;
      }
    }
  }

  private void login() {
    ObjectNode p = JSON.createObjectNode();
    p.put("customernumber", credentials.customerNumber());
    p.put("apikey", credentials.apiKey().reveal());
    p.put("apipassword", credentials.apiPassword().reveal());
    p.put("clientrequestid", "");
    int rateLimited = 0;
    while (true) {
      try {
        sessionId = send("login", p).path("apisessionid").asText();
        loggedIn = true;
        return;
      } catch (NetcupException e) {
        if (!loggedIn) {
          // the rate-limit text is also Netcup's answer to a wrong API key or password: at the first login it most
          // likely means that, so it is reported at once instead of being waited out
          throw NetcupException.loginRefused(e);
        }
        if (e.isRateLimit() && rateLimited < retries) {
          rateLimited++;
          log.info("netcup rate limit reached at a new login; waiting {} s", backoff.toSeconds());
          sleep(backoff);
          continue;
        }
        throw e;
      }
    }
  }

  private JsonNode send(String action, ObjectNode params) {
    pace();
    ObjectNode body = JSON.createObjectNode().put("action", action);
    body.set("param", params);
    Request req = new Request.Builder().url(endpoint).post(RequestBody.create(body.toString(), JSON_TYPE)).build();
    for (int attempt = 0; ; attempt++) {
      try (Response resp = http.newCall(req).execute()) {
        String text = resp.body().string();
        JsonNode n;
        try {
          n = JSON.readTree(text);
        } catch (IOException e) {
          n = null;
        }
        if (n == null || !n.isObject() || !n.has("statuscode")) {
          if (attempt == 0) {
            log.debug("netcup {} answered with something that is not its JSON (HTTP {}); retrying once", action, resp.code());
            sleep(backoff.dividedBy(4));
            continue;
          }
          throw new NetcupException(action, 0, "unexpected response", "HTTP " + resp.code() + ", not JSON");
        }
        log.debug("netcup {} {} -> {} {}", action, params.path("domainname").asText(""), n.path("statuscode").asInt(),
            n.path("shortmessage").asText());
        return checked(action, n);
      } catch (IOException e) {
        throw new NetcupException(action, 0, "request failed", e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }

  private void pace() {
    long wait = lastRequestNanos + pacing.toNanos() - System.nanoTime();
    if (wait > 0) {
      sleep(Duration.ofNanos(wait));
    }
    lastRequestNanos = System.nanoTime();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetcupException("wait", 0, "interrupted", "");
    }
  }

  /** Logs out (best effort). Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (sessionId != null) {
      try {
        ObjectNode p = JSON.createObjectNode();
        p.put("customernumber", credentials.customerNumber());
        p.put("apikey", credentials.apiKey().reveal());
        p.put("apisessionid", sessionId);
        p.put("clientrequestid", "");
        send("logout", p);
      } catch (NetcupException e) {
        log.debug("netcup logout failed: {}", e.getMessage());
      } finally {
        sessionId = null;
      }
    }
  }

  @Override
  public String toString() {
    return "NetcupSession[" + credentials + ", " + endpoint + "]";
  }
}
