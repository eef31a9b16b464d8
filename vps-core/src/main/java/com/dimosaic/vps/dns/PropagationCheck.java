package com.dimosaic.vps.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Waits until written records are served. It asks the zone's own authoritative servers first (found
 * through the parent zone's delegation, or given), each one directly and without recursion, until
 * every one serves every record; so no public resolver is asked before the records exist and caches
 * the absence for the zone's negative TTL (RFC 2308). Then, when asked to, it checks the configured
 * resolvers too. Addresses are compared as addresses ({@code 2001:db8::1} equals
 * {@code 2001:db8:0:0:0:0:0:1}), names without case or trailing dot, TXT as the joined strings.
 *
 * <pre>{@code
 * PropagationCheck.Report r = PropagationCheck.builder().resolvers(List.of("8.8.8.8")).build()
 *     .await(expected, Duration.ofMinutes(15));
 * r.lines().forEach(log::info);   // [✓] A www.example.com served by ns1.example.net (192.0.2.53)
 * }</pre>
 */
public final class PropagationCheck {
  private static final Logger log = LoggerFactory.getLogger(PropagationCheck.class);

  /**
   * A record expected to be visible.
   *
   * @param zone the zone the record is in (its authoritative servers are asked)
   * @param fqdn the full name, e.g. {@code www.example.com}
   * @param record the record (its value, type and priority count; its name is informational)
   */
  public record Expectation(String zone, String fqdn, DnsRecord record) {
    /** An expectation whose zone is the name's parent (or the name itself for a two-label name). */
    public Expectation(String fqdn, DnsRecord record) {
      this(fqdn.split("\\.").length <= 2 ? fqdn : fqdn.substring(fqdn.indexOf('.') + 1), fqdn, record);
    }

    /** Expectations for a zone's records. */
    public static List<Expectation> forZone(String zone, List<DnsRecord> records) {
      return records.stream().map(r -> new Expectation(zone, r.name().equals("@") ? zone : r.name() + "." + zone, r)).toList();
    }
  }

  /**
   * Visibility of one expected record.
   *
   * @param expectation the record
   * @param visible whether every server asked answers with it
   * @param missingAt servers that do not (yet)
   * @param servedBy servers that do
   */
  public record Status(Expectation expectation, boolean visible, List<String> missingAt, List<String> servedBy) {
    /** Copies the lists. */
    public Status {
      missingAt = List.copyOf(missingAt);
      servedBy = List.copyOf(servedBy);
    }
  }

  /**
   * The outcome.
   *
   * @param statuses per record
   * @param complete whether all are visible
   * @param nextRetry the poll interval, for the "retry in" hint
   * @param authoritative whether the servers asked were the zones' authoritative servers (else resolvers)
   * @param notes what a reader should know: servers that could not be found, how long caches may still
   *     hold old answers
   */
  public record Report(List<Status> statuses, boolean complete, Duration nextRetry, boolean authoritative, List<String> notes) {
    /** Copies the lists. */
    public Report {
      statuses = List.copyOf(statuses);
      notes = List.copyOf(notes);
    }

    /**
     * One line per record: {@code [✓] A www.example.com served by ns1… (…)} (authoritative),
     * {@code [✓] A www.example.com propagated} (resolvers), or {@code [✗] … not yet … (retry in N minutes)};
     * then the notes.
     */
    public List<String> lines() {
      List<String> out = new ArrayList<>();
      String retry = retryIn(nextRetry);
      for (Status s : statuses) {
        String what = s.expectation().record().type() + " " + s.expectation().fqdn();
        if (s.visible()) {
          out.add(authoritative ? "[✓] " + what + " served by " + String.join(", ", s.servedBy()) : "[✓] " + what + " propagated");
        } else {
          out.add("[✗] " + what + (authoritative ? " not yet served by " : " not yet visible at ") + String.join(", ", s.missingAt())
              + " (retry in " + retry + ")");
        }
      }
      notes.forEach(n -> out.add("note: " + n));
      return out;
    }

    /** {@code 1 s} … {@code 59 s} below a minute (rounded up), else whole minutes rounded up. */
    static String retryIn(Duration d) {
      long millis = Math.max(1, d.toMillis());
      if (millis < 60_000) {
        return (millis + 999) / 1000 + " s";
      }
      long minutes = (millis + 59_999) / 60_000;
      return minutes + " minute" + (minutes == 1 ? "" : "s");
    }
  }

  /** A server asked: its label for reports, and where to send queries. */
  private record Server(String label, String host, int port) {}

  private final List<String> resolvers;
  private final List<String> nameservers;
  private final int nameserverPort;
  private final boolean authoritativeFirst;
  private final boolean thenResolvers;
  private final Duration interval;
  private final Duration queryTimeout;
  private final Optional<Duration> zoneTtl;
  private final Consumer<Report> progress;

  private PropagationCheck(Builder b) {
    this.resolvers = List.copyOf(b.resolvers);
    this.nameservers = List.copyOf(b.nameservers);
    this.nameserverPort = b.nameserverPort;
    this.authoritativeFirst = b.authoritativeFirst;
    this.thenResolvers = b.thenResolvers;
    this.interval = b.interval;
    this.queryTimeout = b.queryTimeout;
    this.zoneTtl = b.zoneTtl;
    this.progress = b.progress;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Asks every server once: the authoritative servers when they can be found (and are asked), else the resolvers. */
  public Report checkOnce(List<Expectation> expected) {
    if (!authoritativeFirst) {
      return check(expected, Map.of(), resolverServers(), List.of());
    }
    List<String> notes = new ArrayList<>();
    Map<String, List<Server>> byZone = authoritative(expected, notes);
    return check(expected, byZone, resolverServers(), notes);
  }

  /**
   * Polls until every record is served by every authoritative server (then, if asked, visible at every
   * resolver), or {@code wait} has passed (zero: one check).
   */
  public Report await(List<Expectation> expected, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    List<String> notes = new ArrayList<>();
    Map<String, List<Server>> byZone = authoritativeFirst ? authoritative(expected, notes) : Map.of();
    boolean resolverPhase = byZone.isEmpty();
    while (true) {
      Report r = resolverPhase ? check(expected, Map.of(), resolverServers(), notes)
          : check(expected, byZone, resolverServers(), notes);
      progress.accept(r);
      if (r.complete() && !resolverPhase && thenResolvers) {
        resolverPhase = true;
        notes = cachingNotes(expected, byZone);
        continue;
      }
      if (r.complete() || System.nanoTime() + interval.toNanos() > deadline) {
        return r;
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return r;
      }
    }
  }

  private List<Server> resolverServers() {
    List<Server> out = new ArrayList<>();
    for (String r : resolvers) {
      String[] hp = hostPort(r, 53);
      out.add(new Server(r, hp[0], Integer.parseInt(hp[1])));
    }
    return out;
  }

  private Report check(List<Expectation> expected, Map<String, List<Server>> byZone, List<Server> fallback, List<String> notes) {
    List<Status> out = new ArrayList<>();
    boolean authoritative = !byZone.isEmpty();
    for (Expectation e : expected) {
      List<Server> servers = authoritative ? byZone.getOrDefault(e.zone(), fallback) : fallback;
      List<String> missing = new ArrayList<>();
      List<String> served = new ArrayList<>();
      for (Server s : servers) {
        (visibleAt(s, e, authoritative) ? served : missing).add(s.label());
      }
      out.add(new Status(e, missing.isEmpty(), missing, served));
    }
    List<String> allNotes = new ArrayList<>(notes);
    boolean complete = out.stream().allMatch(Status::visible);
    if (complete && authoritative) {
      allNotes.addAll(cachingNotes(expected, byZone));
    }
    return new Report(out, complete, interval, authoritative, dedupe(allNotes));
  }

  private static List<String> dedupe(List<String> l) {
    return List.copyOf(new LinkedHashSet<>(l));
  }

  /** How long resolvers may keep what they saw before: the zone TTL for changed records, the negative TTL for new names. */
  private List<String> cachingNotes(List<Expectation> expected, Map<String, List<Server>> byZone) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<Server>> z : byZone.entrySet()) {
      if (expected.stream().noneMatch(e -> e.zone().equals(z.getKey())) || z.getValue().isEmpty()) {
        continue;
      }
      Server s = z.getValue().get(0);
      long ttl = zoneTtl.map(Duration::toSeconds).orElse(-1L);
      long negative = -1;
      try {
        Message m = query(s, z.getKey(), Type.SOA, false);
        for (Record r : m.getSection(Section.ANSWER)) {
          if (r instanceof SOARecord soa) {
            negative = Math.min(soa.getTTL(), soa.getMinimum());
            if (ttl < 0) {
              ttl = soa.getTTL();
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        log.debug("SOA {} at {}: {}", z.getKey(), s.label(), e.toString());
      }
      if (ttl >= 0) {
        out.add("zone " + z.getKey() + ": resolvers that looked these names up before may keep the old answer for up to " + ttl
            + " s (the zone TTL)" + (negative >= 0 ? "; a name that did not exist may be cached as absent for up to " + negative
            + " s (the SOA negative TTL, RFC 2308)" : ""));
      }
    }
    return out;
  }

  /** The authoritative servers of each expected zone: configured, or found through the parent's delegation. */
  private Map<String, List<Server>> authoritative(List<Expectation> expected, List<String> notes) {
    Map<String, List<Server>> out = new LinkedHashMap<>();
    Set<String> zones = new LinkedHashSet<>();
    expected.forEach(e -> zones.add(e.zone()));
    for (String zone : zones) {
      if (!nameservers.isEmpty()) {
        List<Server> given = new ArrayList<>();
        for (String n : nameservers) {
          String[] hp = hostPort(n, nameserverPort);
          given.add(new Server(n, hp[0], Integer.parseInt(hp[1])));
        }
        out.put(zone, given);
        continue;
      }
      try {
        List<Server> found = delegation(zone);
        if (found.isEmpty()) {
          notes.add("zone " + zone + ": no authoritative servers found through its parent; asked the resolvers instead");
        } else {
          out.put(zone, found);
        }
      } catch (IOException | RuntimeException ex) {
        notes.add("zone " + zone + ": its authoritative servers could not be found (" + ex.getMessage()
            + "); asked the resolvers instead");
      }
    }
    if (out.size() < zones.size()) {
      return Map.of(); // one list of servers for all; mixing would misreport
    }
    return out;
  }

  /** The zone's NS set as its parent delegates it, with addresses (glue, else resolved). */
  private List<Server> delegation(String zone) throws IOException {
    int dot = zone.indexOf('.');
    String parent = dot < 0 ? "." : zone.substring(dot + 1);
    List<Server> parents = new ArrayList<>();
    for (String ns : names(ask(parent, Type.NS), Type.NS)) {
      for (String a : addresses(ns)) {
        parents.add(new Server(ns + " (" + a + ")", a, nameserverPort));
      }
    }
    if (parents.isEmpty()) {
      throw new IOException("no name servers found for the parent zone " + parent);
    }
    IOException last = null;
    for (Server p : parents) {
      try {
        Message m = query(p, zone, Type.NS, false);
        List<String> ns = new ArrayList<>();
        Map<String, List<String>> glue = new LinkedHashMap<>();
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
          for (Record r : m.getSection(section)) {
            if (r instanceof NSRecord n && strip(r.getName().toString()).equals(zone)) {
              ns.add(strip(n.getTarget().toString()));
            }
          }
        }
        for (Record r : m.getSection(Section.ADDITIONAL)) {
          if (r instanceof ARecord || r instanceof AAAARecord) {
            glue.computeIfAbsent(strip(r.getName().toString()), k -> new ArrayList<>()).add(r.rdataToString());
          }
        }
        List<Server> out = new ArrayList<>();
        for (String n : new LinkedHashSet<>(ns)) {
          List<String> addrs = glue.containsKey(n) ? glue.get(n) : addresses(n);
          for (String a : addrs) {
            out.add(new Server(n + " (" + a + ")", a, nameserverPort));
          }
        }
        if (!out.isEmpty()) {
          return out;
        }
      } catch (IOException e) {
        last = e;
      }
    }
    if (last != null) {
      throw last;
    }
    return List.of();
  }

  private Message ask(String name, int type) throws IOException {
    IOException last = null;
    for (Server r : resolverServers()) {
      try {
        Message m = query(r, name, type, true);
        if (m.getRcode() == Rcode.NOERROR) {
          return m;
        }
      } catch (IOException e) {
        last = e;
      }
    }
    throw last != null ? last : new IOException("no resolver answered " + Type.string(type) + " " + name);
  }

  private static List<String> names(Message m, int type) {
    List<String> out = new ArrayList<>();
    for (Record r : m.getSection(Section.ANSWER)) {
      if (r.getType() == type && r instanceof NSRecord n) {
        out.add(strip(n.getTarget().toString()));
      }
    }
    return out;
  }

  private List<String> addresses(String host) {
    List<String> out = new ArrayList<>();
    for (int type : new int[] {Type.A, Type.AAAA}) {
      try {
        for (Record r : ask(host, type).getSection(Section.ANSWER)) {
          if (r.getType() == type) {
            out.add(r.rdataToString());
          }
        }
      } catch (IOException e) {
        log.debug("{} {}: {}", Type.string(type), host, e.toString());
      }
    }
    return out;
  }

  private Message query(Server s, String name, int type, boolean recursive) throws IOException {
    SimpleResolver sr = new SimpleResolver(s.host());
    sr.setPort(s.port());
    sr.setTimeout(queryTimeout);
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name.endsWith(".") ? name : name + "."), type, DClass.IN));
    if (!recursive) {
      q.getHeader().unsetFlag(Flags.RD);
    }
    return sr.send(q);
  }

  private boolean visibleAt(Server s, Expectation e, boolean authoritative) {
    try {
      int type = Type.value(e.record().type());
      Message resp = query(s, e.fqdn(), type, !authoritative);
      if (resp.getRcode() != Rcode.NOERROR) {
        return false;
      }
      for (Record rec : resp.getSection(Section.ANSWER)) {
        if (rec.getType() == type && matches(rec, e.record())) {
          return true;
        }
      }
      return false;
    } catch (IOException | RuntimeException ex) {
      log.debug("query {} {} at {} failed: {}", e.record().type(), e.fqdn(), s.label(), ex.getMessage());
      return false;
    }
  }

  /** Whether an answer carries the expected value (addresses as addresses). */
  static boolean matches(Record rec, DnsRecord want) {
    if (rec instanceof TXTRecord t) {
      return String.join("", t.getStrings()).equals(want.value());
    }
    if (rec instanceof MXRecord mx) {
      return mx.getPriority() == want.priority() && strip(mx.getTarget().toString()).equals(strip(want.value()));
    }
    if (rec instanceof ARecord a) {
      return sameAddress(a.getAddress(), want.value());
    }
    if (rec instanceof AAAARecord a) {
      return sameAddress(a.getAddress(), want.value());
    }
    return strip(rec.rdataToString()).equalsIgnoreCase(strip(want.value()));
  }

  private static boolean sameAddress(InetAddress got, String want) {
    try {
      if (!want.matches("[0-9a-fA-F:.]+")) {
        return false;
      }
      return InetAddress.getByName(want).equals(got);
    } catch (IOException e) {
      return false;
    }
  }

  private static String strip(String s) {
    String t = s.toLowerCase(Locale.ROOT);
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
  }

  /** {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port} or a bare IPv6 address. */
  private static String[] hostPort(String s, int defaultPort) {
    if (s.startsWith("[")) {
      String host = s.substring(1, s.indexOf(']'));
      return new String[] {host, s.indexOf("]:") > 0 ? s.substring(s.indexOf("]:") + 2) : String.valueOf(defaultPort)};
    }
    int colon = s.lastIndexOf(':');
    if (colon > 0 && s.indexOf(':') == colon) {
      return new String[] {s.substring(0, colon), s.substring(colon + 1)};
    }
    return new String[] {s, String.valueOf(defaultPort)};
  }

  /** Options. */
  public static final class Builder {
    private List<String> resolvers = List.of("8.8.8.8", "1.1.1.1", "9.9.9.9");
    private List<String> nameservers = List.of();
    private int nameserverPort = 53;
    private boolean authoritativeFirst = true;
    private boolean thenResolvers;
    private Duration interval = Duration.ofSeconds(30);
    private Duration queryTimeout = Duration.ofSeconds(3);
    private Optional<Duration> zoneTtl = Optional.empty();
    private Consumer<Report> progress = r -> { };

    private Builder() {}

    /** Recursive resolvers ({@code host} or {@code host:port}): used to find the authoritative servers, and asked last. */
    public Builder resolvers(List<String> list) {
      if (list.isEmpty()) {
        throw new IllegalArgumentException("no resolvers");
      }
      this.resolvers = List.copyOf(list);
      return this;
    }

    /** The zone's authoritative servers ({@code host} or {@code host:port}); default: found through the parent zone. */
    public Builder nameservers(List<String> list) {
      this.nameservers = List.copyOf(list);
      return this;
    }

    /** The port authoritative servers are asked on (53; another only where a test serves DNS on loopback). */
    public Builder nameserverPort(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port " + port);
      }
      this.nameserverPort = port;
      return this;
    }

    /** Whether the authoritative servers are asked first (default true); false asks only the resolvers. */
    public Builder authoritativeFirst(boolean on) {
      this.authoritativeFirst = on;
      return this;
    }

    /** Whether, once the authoritative servers serve everything, the resolvers must show it too (default false). */
    public Builder thenResolvers(boolean on) {
      this.thenResolvers = on;
      return this;
    }

    /** The zone TTL as the provider reports it, for the report's caching note (default: the SOA's TTL). */
    public Builder zoneTtl(Duration ttl) {
      this.zoneTtl = Optional.of(ttl);
      return this;
    }

    /** Time between polls (default 30 s). */
    public Builder interval(Duration d) {
      this.interval = Objects.requireNonNull(d, "d == null");
      return this;
    }

    /** Per-query timeout (default 3 s). */
    public Builder queryTimeout(Duration d) {
      this.queryTimeout = Objects.requireNonNull(d, "d == null");
      return this;
    }

    /** Receives each poll's report. */
    public Builder progress(Consumer<Report> listener) {
      this.progress = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    /** Builds. */
    public PropagationCheck build() {
      return new PropagationCheck(this);
    }
  }
}
