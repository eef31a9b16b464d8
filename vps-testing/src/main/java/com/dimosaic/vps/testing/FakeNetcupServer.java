package com.dimosaic.vps.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * A stateful stand-in for Netcup's CCP DNS API (legacy JSON endpoint), built from the behaviour
 * recorded in {@code shared/reference/netcup/API-NOTES.md} §7: one POST endpoint, HTTP 200 with the
 * outcome in {@code status}/{@code statuscode}, sessions with an idle TTL, the 180-per-minute rate
 * limit, delta semantics of {@code updateDnsRecords} (create without id, update by id, delete with
 * {@code deleterecord}), string-typed numbers, serial bumps, and the real error texts.
 *
 * <p>Fault injection: {@link #expireSessionsNow()}, {@link #rateLimitNext(int)}, {@link #htmlNext()}.
 * Every request is recorded ({@link #requests()}). Records seeded with {@link #addRecord} have
 * {@code state: "unknown"}, as every record in the recorded traffic has; created records too.
 *
 * <p>Where its answers come from. <b>Recorded</b>: seen in the live recordings of
 * {@code shared/reference/netcup/recorded/} (dns-lexicon, 2019), which {@code FakeNetcupRecordingsTest}
 * replays against this server: the login, infoDnsZone, infoDnsRecords, updateDnsRecords and 5031
 * answers. <b>Quoted</b>: real answers quoted in issue threads ({@code fixtures.md} §3): 4001, the
 * rate-limit text, 4013 domainname, "Customer account not found", "Api key missing", 5028, 5029, the
 * empty-host message and the quotation-marks message for TXT. <b>Not seen in any recording</b> (texts
 * made up here, behaviour from client code or audits): the logout answer (lego's fixture), "Message
 * is empty." (lego's fixture), the updateDnsZone answer, an unknown action, an unknown record id, an
 * unsupported type, an empty destination, a {@code ;} in a CAA value (DNSControl's audit says Netcup
 * rejects it), an MX without priority; and that backslashes in TXT are stripped (DNSControl's audit:
 * "Netcup API seems to strip backslashes").
 *
 * <pre>{@code
 * try (FakeNetcupServer netcup = FakeNetcupServer.start()) {
 *   netcup.addCustomer("12345", "key", "password").addZone("example.com");
 *   ... NetcupDns.session(credentials, netcup.endpoint()) ...
 * }
 * }</pre>
 */
public final class FakeNetcupServer implements AutoCloseable {
  /** The path of the endpoint, as on the real host. */
  public static final String PATH = "/run/webservice/servers/endpoint.php";
  static final Set<String> TYPES = Set.of("A", "AAAA", "MX", "CNAME", "CAA", "SRV", "TXT", "TLSA", "NS", "DS", "OPENPGPKEY",
      "SMIMEA", "SSHFP");
  static final Pattern DOMAIN = Pattern.compile("^[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}$");
  static final String RATE_TEXT = "More than 180 requests per minute. Please wait and retry later. Please contact our customer "
      + "service to find out if the limitation of requests can be increased.";

  /**
   * One recorded request.
   *
   * @param action the action
   * @param body the JSON body
   * @param at when it arrived
   * @param answered the status code of the answer (2000, 4013, …)
   * @param message the answer's long message
   */
  public record Request(String action, JsonNode body, Instant at, int answered, String message) {
    /** Whether the answer was the rate-limit error. */
    public boolean rateLimited() {
      return answered == 4013 && message.equals(RATE_TEXT);
    }
  }

  /** One stored record. */
  public record Rec(String id, String hostname, String type, String priority, String destination, String state) {}

  private record Customer(String apiKey, String password) {}

  private record Session(String customer, String apiKey, Instant[] lastUse) {}

  /** A zone with its records and SOA-ish settings. */
  public static final class Zone {
    final String name;
    final List<Rec> records = new ArrayList<>();
    long serial = 2026112801L;
    String ttl = "86400";
    String refresh = "28800";
    String retry = "7200";
    String expire = "1209600";

    Zone(String name) {
      this.name = name;
    }

    /** The serial. */
    public synchronized long serial() {
      return serial;
    }

    /** The zone TTL. */
    public synchronized String ttl() {
      return ttl;
    }

    /** A snapshot of the records. */
    public synchronized List<Rec> records() {
      return List.copyOf(records);
    }
  }

  private final HttpServer server;
  private final ObjectMapper json = new ObjectMapper();
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Customer> customers = new HashMap<>();
  private final Map<String, Zone> zones = new LinkedHashMap<>();
  private final Map<String, Session> sessions = new HashMap<>();
  private final Map<String, Deque<Instant>> window = new HashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private long nextId = 11758160L;
  private Duration sessionTtl = Duration.ofMinutes(15);
  private int rateLimit = 180;
  private int forcedRateLimits;
  private boolean forceHtml;
  private Clock clock = Clock.systemUTC();

  private FakeNetcupServer(HttpServer server) {
    this.server = server;
  }

  /** Starts on a free 127.0.0.1 port. */
  public static FakeNetcupServer start() {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      FakeNetcupServer fake = new FakeNetcupServer(s);
      s.createContext(PATH, fake::handle);
      s.start();
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The endpoint URL ({@code http://127.0.0.1:<port>/run/webservice/servers/endpoint.php?JSON}). */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PATH + "?JSON";
  }

  /** Adds a customer. */
  public synchronized FakeNetcupServer addCustomer(String number, String apiKey, String password) {
    customers.put(number, new Customer(apiKey, password));
    return this;
  }

  /** Adds an empty zone to the account. */
  public synchronized FakeNetcupServer addZone(String name) {
    zones.put(name, new Zone(name));
    return this;
  }

  /** Adds a record to a zone (as if created earlier; {@code state: "unknown"}, as in the recordings). */
  public synchronized FakeNetcupServer addRecord(String zone, String hostname, String type, String destination, String priority) {
    Zone z = zones.get(zone);
    synchronized (z) {
      z.records.add(new Rec(String.valueOf(nextId++), hostname, type, priority, destination, "unknown"));
    }
    return this;
  }

  /**
   * Changes a zone's records as a click in the provider's panel would (no API call is recorded): each
   * record {@code edit} returns something else for is replaced by that.
   */
  public synchronized FakeNetcupServer editRecords(String zone, java.util.function.UnaryOperator<Rec> edit) {
    Zone z = zones.get(zone);
    synchronized (z) {
      z.records.replaceAll(edit);
      z.serial++;
    }
    return this;
  }

  /** Adds a record exactly as a real zone holds it (its id and state), e.g. from a recording. */
  public synchronized FakeNetcupServer seedRecord(String zone, Rec record) {
    Zone z = zones.get(zone);
    synchronized (z) {
      z.records.add(record);
      try {
        nextId = Math.max(nextId, Long.parseLong(record.id()) + 1);
      } catch (NumberFormatException e) {
        // ids are digits in every recording; keep counting otherwise
      }
    }
    return this;
  }

  /** Sets a zone's SOA serial (e.g. to a recording's). */
  public synchronized FakeNetcupServer serial(String zone, long serial) {
    Zone z = zones.get(zone);
    synchronized (z) {
      z.serial = serial;
    }
    return this;
  }

  /** A zone. */
  public synchronized Zone zone(String name) {
    return zones.get(name);
  }

  /** Every request so far. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** How many requests had this action. */
  public long count(String action) {
    return requests.stream().filter(r -> r.action().equals(action)).count();
  }

  /** Sets the idle session lifetime. */
  public synchronized FakeNetcupServer sessionTtl(Duration ttl) {
    this.sessionTtl = ttl;
    return this;
  }

  /** Sets the requests allowed per sliding minute and customer. */
  public synchronized FakeNetcupServer rateLimit(int perMinute) {
    this.rateLimit = perMinute;
    return this;
  }

  /** Makes every current session invalid (the next call gets 4001), like the real API's early expiry. */
  public synchronized void expireSessionsNow() {
    sessions.clear();
  }

  /** Answers the next {@code n} requests with the rate-limit error. */
  public synchronized void rateLimitNext(int n) {
    forcedRateLimits = n;
  }

  /** Answers the next request with an HTML error page instead of JSON (seen in production). */
  public synchronized void htmlNext() {
    forceHtml = true;
  }

  // ------------------------------------------------------------------ HTTP

  private void handle(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    String response;
    synchronized (this) {
      if (forceHtml) {
        forceHtml = false;
        send(ex, "text/html", "<html>\r\n<head><title>502 Bad Gateway</title></head><body></body></html>");
        return;
      }
      int before = requests.size();
      response = respond(body);
      if (requests.size() > before) {
        Request r = requests.get(requests.size() - 1);
        try {
          JsonNode answer = json.readTree(response);
          requests.set(requests.size() - 1, new Request(r.action(), r.body(), r.at(), answer.path("statuscode").asInt(),
              answer.path("longmessage").asText("")));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    send(ex, "application/json", response);
  }

  private static void send(HttpExchange ex, String type, String text) throws IOException {
    byte[] out = text.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type);
    ex.getResponseHeaders().add("Cache-Control", "no-store, no-cache, must-revalidate, max-age=0");
    ex.sendResponseHeaders(200, out.length);
    ex.getResponseBody().write(out);
    ex.close();
  }

  private String respond(byte[] body) {
    if (body.length == 0) {
      return error("", "", 4013, "Validation Error.", "Message is empty.");
    }
    JsonNode req;
    try {
      req = json.readTree(body);
    } catch (IOException e) {
      return error("undefined", "", 4013, "Validation Error.", "Api key missing. JSON decode failed while validating request.");
    }
    String action = req.path("action").asText("");
    JsonNode p = req.path("param");
    String crid = p.path("clientrequestid").asText("");
    requests.add(new Request(action, req, clock.instant(), 0, ""));
    String customer = p.path("customernumber").asText("");
    if (forcedRateLimits > 0 || overLimit(customer)) {
      if (forcedRateLimits > 0) {
        forcedRateLimits--;
      }
      return error("", crid, 4013, "Validation Error.", RATE_TEXT);
    }
    if (action.equals("login")) {
      Customer c = customers.get(customer);
      if (c == null) {
        return error(action, crid, 4013, "Validation Error.", "Customer account not found. JSON decode failed while validating request.");
      }
      if (!c.apiKey().equals(p.path("apikey").asText()) || !c.password().equals(p.path("apipassword").asText())) {
        return error(action, crid, 4013, "Validation Error.", RATE_TEXT); // the production quirk for a wrong key
      }
      String id = sessionId();
      sessions.put(id, new Session(customer, c.apiKey(), new Instant[] {clock.instant()}));
      ObjectNode data = json.createObjectNode().put("apisessionid", id);
      return ok(action, crid, "Login successful", "Session has been created successful.", data);
    }
    Session s = sessions.get(p.path("apisessionid").asText(""));
    if (s == null || !s.customer().equals(customer) || !s.apiKey().equals(p.path("apikey").asText())
        || s.lastUse()[0].plus(sessionTtl).isBefore(clock.instant())) {
      return error(action, crid, 4001, "Api session id in invalid format", "The session id is not in a valid format.");
    }
    s.lastUse()[0] = clock.instant();
    if (action.equals("logout")) {
      sessions.remove(p.path("apisessionid").asText());
      return okString(action, crid, "Logout successful", "Session has been terminated successful.");
    }
    String domain = p.path("domainname").asText("");
    if (!DOMAIN.matcher(domain).matches()) {
      return error("", crid, 4013, "Validation Error.", "Value in field domainname does not match requirements of type: domainname. ");
    }
    Zone z = zones.get(domain);
    return switch (action) {
      case "infoDnsZone" -> z == null
          ? error(action, crid, 5031, "Getting DNS zone failed", "Can not get DNS records for zone.  Domain not found.")
          : ok(action, crid, "DNS zone found", "DNS zone was found.", zoneJson(z));
      case "infoDnsRecords" -> {
        if (z == null || z.records().isEmpty()) {
          yield error(action, crid, 5029, "Getting DNS records failed",
              "Can not get DNS records for zone.  The zone does not " + domain + " contain any DNS records.");
        }
        yield ok(action, crid, "DNS records found", "DNS Records for this zone were found.", recordsJson(z));
      }
      case "updateDnsRecords" -> z == null
          ? error(action, crid, 5028, "Update of DNS records failed",
              "Can not update (all) DNS records for zone. The zone " + domain + " could not be found.")
          : update(action, crid, z, p.path("dnsrecordset").path("dnsrecords"));
      case "updateDnsZone" -> z == null
          ? error(action, crid, 5031, "Getting DNS zone failed", "Can not get DNS records for zone.  Domain not found.")
          : updateZone(action, crid, z, p.path("dnszone"));
      default -> error(action, crid, 4013, "Validation Error.", "Action " + action + " is not supported.");
    };
  }

  private String update(String action, String crid, Zone z, JsonNode records) {
    synchronized (z) {
      List<String> problems = new ArrayList<>();
      for (JsonNode r : records) {
        boolean delete = isTrue(r.path("deleterecord"));
        String id = r.path("id").asText("");
        if (delete || !id.isEmpty()) {
          if (z.records.stream().noneMatch(x -> x.id().equals(id))) {
            problems.add("The DNS record with id " + id + " could not be found.");
          }
          if (delete) {
            continue;
          }
        }
        String type = r.path("type").asText("").toUpperCase(Locale.ROOT);
        String host = r.path("hostname").asText("");
        String dest = r.path("destination").asText("");
        if (!TYPES.contains(type)) {
          problems.add("Record type " + type + " is not supported.");
        }
        if (relative(host, z.name).isEmpty()) {
          problems.add("der Host darf nicht leer sein oder aus Sonderzeichen bestehen");
        }
        if (dest.isEmpty()) {
          problems.add("destination must not be empty");
        }
        if (type.equals("TXT") && dest.contains("\"")) {
          problems.add("Please put quotation marks in front of a backslash. The name server automatically sets quotation marks "
              + "at the beginning and end.");
        }
        if (type.equals("CAA") && dest.contains(";")) {
          problems.add("CAA record destination must not contain a semicolon."); // not seen in any recording
        }
        String prio = r.path("priority").asText("");
        if (type.equals("MX") && (prio.isEmpty() || !prio.matches("[0-9]{1,5}"))) {
          problems.add("MX records need a priority."); // not seen in any recording
        }
      }
      if (!problems.isEmpty()) {
        return error(action, crid, 4013, "Validation Error.", String.join(" ", problems));
      }
      boolean changed = false;
      for (JsonNode r : records) {
        String id = r.path("id").asText("");
        if (isTrue(r.path("deleterecord"))) {
          changed |= z.records.removeIf(x -> x.id().equals(id));
          continue;
        }
        String type = r.path("type").asText().toUpperCase(Locale.ROOT);
        String dest = r.path("destination").asText();
        if (type.equals("TXT")) {
          dest = dest.replace("\\", ""); // Netcup strips backslashes in TXT (DNSControl's audit); not seen in any recording
        }
        Rec rec = new Rec(id.isEmpty() ? String.valueOf(nextId++) : id, relative(r.path("hostname").asText(), z.name),
            type, r.path("priority").asText("0").isEmpty() ? "0" : r.path("priority").asText("0"), dest, "unknown");
        if (id.isEmpty()) {
          z.records.add(rec);
          changed = true;
        } else {
          for (int i = 0; i < z.records.size(); i++) {
            Rec old = z.records.get(i);
            if (old.id().equals(id)) {
              Rec updated = new Rec(id, rec.hostname(), rec.type(), rec.priority(), rec.destination(), old.state());
              if (!updated.equals(old)) {
                z.records.set(i, updated);
                changed = true;
              }
            }
          }
        }
      }
      if (changed) {
        z.serial++;
      }
      return ok(action, crid, "DNS records successful updated", "The given DNS records for this zone were updated.", recordsJson(z));
    }
  }

  private String updateZone(String action, String crid, Zone z, JsonNode dz) {
    synchronized (z) {
      if (dz.has("ttl")) {
        z.ttl = dz.get("ttl").asText();
      }
      if (dz.has("refresh")) {
        z.refresh = dz.get("refresh").asText();
      }
      if (dz.has("retry")) {
        z.retry = dz.get("retry").asText();
      }
      if (dz.has("expire")) {
        z.expire = dz.get("expire").asText();
      }
      z.serial++;
      return ok(action, crid, "DNS zone was updated", "DNS zone was updated.", zoneJson(z));
    }
  }

  private static String relative(String host, String zone) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (h.equals(zone)) {
      return "@";
    }
    if (h.endsWith("." + zone)) {
      return h.substring(0, h.length() - zone.length() - 1);
    }
    return h.matches("[a-z0-9_*@.-]+") ? h : "";
  }

  private static boolean isTrue(JsonNode n) {
    return n.isBoolean() ? n.asBoolean() : n.asText("").equalsIgnoreCase("true");
  }

  private boolean overLimit(String customer) {
    Deque<Instant> w = window.computeIfAbsent(customer, k -> new ArrayDeque<>());
    Instant now = clock.instant();
    while (!w.isEmpty() && w.peekFirst().isBefore(now.minusSeconds(60))) {
      w.pollFirst();
    }
    if (w.size() >= rateLimit) {
      return true;
    }
    w.addLast(now);
    return false;
  }

  private ObjectNode zoneJson(Zone z) {
    return json.createObjectNode().put("name", z.name).put("ttl", z.ttl).put("serial", String.valueOf(z.serial))
        .put("refresh", z.refresh).put("retry", z.retry).put("expire", z.expire).put("dnssecstatus", false);
  }

  private ObjectNode recordsJson(Zone z) {
    ArrayNode arr = json.createArrayNode();
    z.records.stream().sorted(Comparator.comparing((Rec r) -> sortKey(r.hostname())).thenComparing(Rec::type))
        .forEach(r -> arr.addObject().put("id", r.id()).put("hostname", r.hostname()).put("type", r.type())
            .put("priority", r.priority()).put("destination", r.destination()).put("deleterecord", false).put("state", r.state()));
    ObjectNode data = json.createObjectNode();
    data.set("dnsrecords", arr);
    return data;
  }

  private static String sortKey(String host) {
    return (host.equals("*") || host.equals("@") ? "0" : host.startsWith("_") ? "2" : "1") + host.toLowerCase(Locale.ROOT);
  }

  private String envelope(String action, String crid, String status, int code, String shortMsg, String longMsg, Object data) {
    ObjectNode n = json.createObjectNode();
    n.put("serverrequestid", sessionId().substring(0, 28));
    n.put("clientrequestid", crid);
    n.put("action", action);
    n.put("status", status);
    n.put("statuscode", code);
    n.put("shortmessage", shortMsg);
    n.put("longmessage", longMsg);
    if (data instanceof JsonNode j) {
      n.set("responsedata", j);
    } else {
      n.put("responsedata", "");
    }
    return n.toString();
  }

  private String ok(String action, String crid, String s, String l, JsonNode data) {
    return envelope(action, crid, "success", 2000, s, l, data);
  }

  private String okString(String action, String crid, String s, String l) {
    return envelope(action, crid, "success", 2000, s, l, null);
  }

  private String error(String action, String crid, int code, String s, String l) {
    return envelope(action, crid, "error", code, s, l, null);
  }

  private String sessionId() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
