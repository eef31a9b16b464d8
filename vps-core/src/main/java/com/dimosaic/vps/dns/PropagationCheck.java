package com.dimosaic.vps.dns;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Asks resolvers whether planned records are visible, and waits until all are or the wait ends.
 * Resolvers are {@code host} or {@code host:port}; the defaults (8.8.8.8, 1.1.1.1, 9.9.9.9) come
 * from the profile and are configurable.
 *
 * <pre>{@code
 * PropagationCheck.Report r = PropagationCheck.builder().resolvers(List.of("8.8.8.8")).build()
 *     .await(expected, Duration.ofMinutes(15));
 * r.lines().forEach(log::info);   // [✓] A www.example.com propagated
 * }</pre>
 */
public final class PropagationCheck {
  private static final Logger log = LoggerFactory.getLogger(PropagationCheck.class);

  /**
   * A record expected to be visible.
   *
   * @param fqdn the full name, e.g. {@code www.example.com}
   * @param record the record (its value, type and priority count; its name is informational)
   */
  public record Expectation(String fqdn, DnsRecord record) {
    /** Expectations for a zone's records. */
    public static List<Expectation> forZone(String zone, List<DnsRecord> records) {
      return records.stream().map(r -> new Expectation(r.name().equals("@") ? zone : r.name() + "." + zone, r)).toList();
    }
  }

  /**
   * Visibility of one expected record.
   *
   * @param expectation the record
   * @param visible whether every resolver answers with it
   * @param missingAt resolvers that do not (yet)
   */
  public record Status(Expectation expectation, boolean visible, List<String> missingAt) {}

  /**
   * The outcome.
   *
   * @param statuses per record
   * @param complete whether all are visible
   * @param nextRetry the poll interval, for the "retry in" hint
   */
  public record Report(List<Status> statuses, boolean complete, Duration nextRetry) {
    /** One line per record: {@code [✓] A www.example.com propagated} or {@code [✗] … not yet visible (retry in N minutes)}. */
    public List<String> lines() {
      List<String> out = new ArrayList<>();
      long minutes = Math.max(1, (nextRetry.toSeconds() + 59) / 60);
      for (Status s : statuses) {
        String what = s.expectation().record().type() + " " + s.expectation().fqdn();
        out.add(s.visible() ? "[✓] " + what + " propagated"
            : "[✗] " + what + " not yet visible at " + String.join(", ", s.missingAt()) + " (retry in " + minutes + " minute"
                + (minutes == 1 ? "" : "s") + ")");
      }
      return out;
    }
  }

  private final List<String> resolvers;
  private final Duration interval;
  private final Duration queryTimeout;
  private final Consumer<Report> progress;

  private PropagationCheck(Builder b) {
    this.resolvers = List.copyOf(b.resolvers);
    this.interval = b.interval;
    this.queryTimeout = b.queryTimeout;
    this.progress = b.progress;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Asks every resolver once. */
  public Report checkOnce(List<Expectation> expected) {
    List<Status> out = new ArrayList<>();
    for (Expectation e : expected) {
      List<String> missing = new ArrayList<>();
      for (String r : resolvers) {
        if (!visibleAt(r, e)) {
          missing.add(r);
        }
      }
      out.add(new Status(e, missing.isEmpty(), missing));
    }
    return new Report(out, out.stream().allMatch(Status::visible), interval);
  }

  /** Polls until every record is visible at every resolver, or {@code wait} has passed (zero: one check). */
  public Report await(List<Expectation> expected, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      Report r = checkOnce(expected);
      progress.accept(r);
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

  private boolean visibleAt(String resolver, Expectation e) {
    try {
      String host = resolver;
      int port = 53;
      int colon = resolver.lastIndexOf(':');
      if (resolver.startsWith("[")) {
        host = resolver.substring(1, resolver.indexOf(']'));
        if (resolver.indexOf("]:") > 0) {
          port = Integer.parseInt(resolver.substring(resolver.indexOf("]:") + 2));
        }
      } else if (colon > 0 && resolver.indexOf(':') == colon) {
        host = resolver.substring(0, colon);
        port = Integer.parseInt(resolver.substring(colon + 1));
      }
      SimpleResolver sr = new SimpleResolver(host);
      sr.setPort(port);
      sr.setTimeout(queryTimeout);
      int type = Type.value(e.record().type());
      Message q = Message.newQuery(Record.newRecord(Name.fromString(e.fqdn() + "."), type, DClass.IN));
      Message resp = sr.send(q);
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
      log.debug("query {} {} at {} failed: {}", e.record().type(), e.fqdn(), resolver, ex.getMessage());
      return false;
    }
  }

  private static boolean matches(Record rec, DnsRecord want) {
    if (rec instanceof TXTRecord t) {
      return String.join("", t.getStrings()).equals(want.value());
    }
    if (rec instanceof MXRecord mx) {
      return mx.getPriority() == want.priority() && strip(mx.getTarget().toString()).equals(strip(want.value()));
    }
    return strip(rec.rdataToString()).equalsIgnoreCase(strip(want.value()));
  }

  private static String strip(String s) {
    String t = s.toLowerCase(Locale.ROOT);
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
  }

  /** Options. */
  public static final class Builder {
    private List<String> resolvers = List.of("8.8.8.8", "1.1.1.1", "9.9.9.9");
    private Duration interval = Duration.ofSeconds(30);
    private Duration queryTimeout = Duration.ofSeconds(3);
    private Consumer<Report> progress = r -> { };

    private Builder() {}

    /** Resolvers to ask ({@code host} or {@code host:port}). */
    public Builder resolvers(List<String> list) {
      if (list.isEmpty()) {
        throw new IllegalArgumentException("no resolvers");
      }
      this.resolvers = List.copyOf(list);
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
