package com.dimosaic.vps.mox;

import com.dimosaic.vps.dns.DnsRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the zone-file lines {@code mox config dnsrecords <domain>} prints (BIND syntax, {@code ;}
 * comments, absolute names, multi-string TXT values in parentheses) into DNS records. Lines
 * commented out by mox ({@code ;; …} suggestions such as TLSA without DNSSEC) are not records.
 */
public final class MoxDnsRecords {
  private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  /**
   * A record as mox prints it.
   *
   * @param name absolute name without the trailing dot
   * @param type record type
   * @param value the value (TXT strings joined; MX/CNAME/SRV targets without trailing dot; SRV as
   *     {@code priority weight port target}, the root {@code .} kept for "no service")
   * @param priority MX priority, else 0
   */
  public record Line(String name, String type, String value, int priority) {}

  private MoxDnsRecords() {}

  /** Every record in the output. */
  public static List<Line> parse(String output) {
    List<Line> out = new ArrayList<>();
    String[] lines = output.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      String t = l.strip();
      if (t.isEmpty() || t.startsWith(";") || t.startsWith("$")) {
        continue;
      }
      String[] f = t.split("\\s+", 3);
      if (f.length < 3) {
        throw new MoxException(MoxException.Reason.RECORDS, "line " + (i + 1) + ": not a record: " + t);
      }
      String name = strip(f[0]);
      String type = f[1].toUpperCase(Locale.ROOT);
      String rdata = f[2];
      if (rdata.equals("(")) {
        StringBuilder sb = new StringBuilder();
        while (++i < lines.length && !lines[i].strip().equals(")")) {
          sb.append(lines[i].strip()).append(' ');
        }
        rdata = sb.toString().strip();
      }
      out.add(switch (type) {
        case "TXT" -> new Line(name, type, txt(rdata), 0);
        case "MX" -> {
          String[] mx = rdata.split("\\s+");
          yield new Line(name, type, strip(mx[1]), Integer.parseInt(mx[0]));
        }
        case "CNAME" -> new Line(name, type, strip(rdata), 0);
        case "SRV" -> new Line(name, type, srv(rdata), 0);
        default -> new Line(name, type, rdata, 0);
      });
    }
    return out;
  }

  /** The records inside {@code zone}, as the DNS planner's records (names relative to the zone). */
  public static List<DnsRecord> forZone(String output, String zone) {
    List<DnsRecord> out = new ArrayList<>();
    for (Line l : parse(output)) {
      if (l.name().equals(zone) || l.name().endsWith("." + zone)) {
        String rel = l.name().equals(zone) ? "@" : l.name().substring(0, l.name().length() - zone.length() - 1);
        out.add(new DnsRecord(rel, l.type(), l.value(), l.priority()));
      }
    }
    return out;
  }

  /** The DKIM records ({@code <selector>._domainkey}) of a domain. */
  public static List<DnsRecord> dkim(String output, String domain) {
    return forZone(output, domain).stream().filter(r -> r.type().equals("TXT") && r.name().endsWith("._domainkey")).toList();
  }

  private static String txt(String rdata) {
    StringBuilder sb = new StringBuilder();
    Matcher m = QUOTED.matcher(rdata);
    while (m.find()) {
      sb.append(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    return sb.toString();
  }

  /** {@code priority weight port target} with the target's trailing dot removed (the root {@code .} stays). */
  private static String srv(String rdata) {
    String[] f = rdata.split("\\s+");
    if (f.length != 4) {
      throw new MoxException(MoxException.Reason.RECORDS, "not an SRV record: " + rdata);
    }
    return f[0] + " " + f[1] + " " + f[2] + " " + (f[3].equals(".") ? "." : strip(f[3]));
  }

  private static String strip(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }
}
