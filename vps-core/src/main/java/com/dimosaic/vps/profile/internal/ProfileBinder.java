package com.dimosaic.vps.profile.internal;

import com.dimosaic.vps.profile.BackupSettings;
import com.dimosaic.vps.profile.Domains;
import com.dimosaic.vps.profile.DnsSettings;
import com.dimosaic.vps.profile.DockerSettings;
import com.dimosaic.vps.profile.FirewallSettings;
import com.dimosaic.vps.profile.HostSpec;
import com.dimosaic.vps.profile.MailAccount;
import com.dimosaic.vps.profile.MailSettings;
import com.dimosaic.vps.profile.OsPolicy;
import com.dimosaic.vps.profile.Resources;
import com.dimosaic.vps.profile.SshSettings;
import com.dimosaic.vps.profile.TlsSettings;
import com.dimosaic.vps.secrets.SecretTemplate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Binds {@code profile.yaml}. */
public final class ProfileBinder {
  private static final Pattern OS_REQ = Pattern.compile("([a-z]+)>=([0-9]+(\\.[0-9]+)*)");
  private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]+");

  /** The bound sections (nothing is null; defaults applied). */
  public record Bound(
      String name, HostSpec host, String timezone, OsPolicy os, Domains domains, MailSettings mail, DnsSettings dns,
      DockerSettings docker, Resources resources, TlsSettings tls, FirewallSettings firewall,
      BackupSettings backup, com.dimosaic.vps.profile.Engine engine) {}

  private ProfileBinder() {}

  /** Binds the root mapping; problems go to the source. */
  public static Bound bind(Fields.Source src, YamlNode root, Path profileDir) {
    Fields f = Fields.of(src, root, "", "name", "host", "engine", "timezone", "os", "domains", "mail", "dns", "docker",
        "resources", "tls", "firewall", "backup");
    String name = f.string("name");
    if (!name.isEmpty() && !name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      f.problem("name", "invalid profile name '" + name + "': lower-case letters, digits and '-' only");
    }
    Domains domains = domains(f.child("domains", "primary", "apex", "www", "mailHost"));
    return new Bound(
        name,
        host(f, profileDir),
        f.string("timezone", "UTC", Checks::timezone, "an IANA time zone such as Europe/Berlin"),
        os(f.child("os", "allow", "upgrade", "packages")),
        domains,
        mail(f.child("mail", "enabled", "spf", "dmarc", "tlsrptAddress", "mtaSts", "webInterfaces", "accounts", "dane"), domains),
        dns(f.child("dns", "provider", "zones", "resolvers", "wait", "ignore", "zoneFile", "credentials", "endpoint",
            "keep", "caa", "nameservers"),
            domains, profileDir),
        docker(f.child("docker", "source", "networkCidr", "images")),
        resources(f.child("resources", "minDiskGb", "minMemoryGb", "memoryGb")),
        tls(f.child("tls", "mode", "email")),
        firewall(f.child("firewall", "publicPostgres", "extraTcpPorts", "purgeUnmanaged")),
        f.has("backup") ? backup(f.child("backup", "enabled", "repository", "password", "environment", "schedule", "maxAge", "verify",
            "checkSubset", "retention", "sftp")) : BackupSettings.NONE,
        com.dimosaic.vps.profile.Engine.valueOf(f.oneOf("engine", "compose", "compose", "swarm").toUpperCase(java.util.Locale.ROOT)));
  }

  private static HostSpec host(Fields root, Path dir) {
    if (!root.has("host")) {
      root.problem("host", "required key is missing");
    }
    return hostSpec(root.child("host", "address", "ipv6", "ssh"), dir);
  }

  /** The address, IPv6 address and SSH settings of a host mapping ({@code host:} here, a host of {@code hosts.yaml}). */
  static HostSpec hostSpec(Fields h, Path dir) {
    String address = h.string("address");
    if (address.isBlank() && h.has("address")) {
      h.problem("address", "is empty: give the server's public address (an IPv4 or IPv6 address, or a host name)");
    } else if (!address.isEmpty() && !Checks.address(address) && !Checks.ipv6(address)) {
      h.problem("address", "invalid address '" + address + "': expected an IPv4 address, an IPv6 address or a host name");
    }
    Optional<String> ipv6 = h.optString("ipv6");
    if (ipv6.isPresent() && !Checks.ipv6(ipv6.get())) {
      h.problem("ipv6", "invalid IPv6 address '" + ipv6.get() + "'");
    }
    Fields s = h.child("ssh", "port", "user", "hostKey", "knownHosts");
    int port = s.integer("port", 22, 1, 65535);
    String user = s.string("user", "root", v -> v.matches("[a-z_][a-z0-9_-]{0,31}"), "a Unix user name");
    Optional<String> hostKey = s.optString("hostKey");
    if (hostKey.isPresent() && !Checks.fingerprint(hostKey.get())) {
      s.problem("hostKey", "invalid host-key fingerprint: expected SHA256: followed by 43 base64 characters "
          + "(as printed by ssh-keygen -lf)");
    }
    Optional<Path> knownHosts = s.optString("knownHosts").map(dir::resolve);
    return new HostSpec(address, ipv6, new SshSettings(port, user, hostKey, knownHosts));
  }

  private static OsPolicy os(Fields f) {
    List<OsPolicy.OsRequirement> allowed = new ArrayList<>();
    List<String> raw = f.has("allow") ? f.strings("allow") : List.of("debian>=12", "ubuntu>=22.04");
    for (int i = 0; i < raw.size(); i++) {
      Matcher m = OS_REQ.matcher(raw.get(i));
      if (m.matches() && !List.of("debian", "ubuntu").contains(m.group(1))) {
        f.problem(f.list("allow").get(i), f.path("allow") + "[" + i + "]",
            "unsupported distribution '" + m.group(1) + "': the SDK provisions debian and ubuntu");
      } else if (m.matches()) {
        allowed.add(new OsPolicy.OsRequirement(m.group(1), m.group(2)));
      } else {
        f.problem(f.list("allow").get(i), f.path("allow") + "[" + i + "]",
            "invalid OS requirement '" + raw.get(i) + "': expected e.g. debian>=12 or ubuntu>=22.04");
      }
    }
    List<String> packages = f.strings("packages");
    for (int i = 0; i < packages.size(); i++) {
      if (!PACKAGE.matcher(packages.get(i)).matches()) {
        f.problem(f.list("packages").get(i), f.path("packages") + "[" + i + "]",
            "invalid Debian package name '" + packages.get(i) + "'");
      }
    }
    return new OsPolicy(allowed, f.bool("upgrade", true), packages);
  }

  private static Domains domains(Fields f) {
    String primary = f.string("primary");
    if (!primary.isEmpty() && !Checks.domain(primary)) {
      f.problem("primary", "invalid domain name '" + primary + "' (RFC 1123: lower-case labels of letters, digits "
          + "and '-', at least two labels)");
    }
    String mailHost = f.string("mailHost", "mail", Checks::label, "one DNS label such as mail");
    return new Domains(primary, f.bool("apex", false), f.bool("www", false), mailHost);
  }

  private static MailSettings mail(Fields f, Domains domains) {
    Fields dmarc = f.child("dmarc", "policy", "reportAddress");
    Fields sts = f.child("mtaSts", "mode", "maxAge");
    Optional<String> rua = email(dmarc, "reportAddress");
    Optional<String> tlsrpt = email(f, "tlsrptAddress");
    String spf = f.string("spf", "v=spf1 mx ~all");
    Checks.spfProblem(spf).ifPresent(why -> f.problem("spf", "invalid SPF record '" + spf + "': " + why));
    return new MailSettings(
        f.bool("enabled", true),
        spf,
        dmarc.oneOf("policy", "quarantine", "none", "quarantine", "reject"),
        rua,
        tlsrpt,
        sts.oneOf("mode", "enforce", "enforce", "testing", "none"),
        sts.integer("maxAge", 604800, 86400, 31557600),
        f.bool("webInterfaces", false),
        accounts(f, domains),
        f.bool("dane", false));
  }

  private static List<MailAccount> accounts(Fields f, Domains domains) {
    List<MailAccount> out = new ArrayList<>();
    Set<String> names = new HashSet<>(List.of("postmaster"));
    List<YamlNode> items = f.has("accounts") ? f.list("accounts") : List.of();
    for (int i = 0; i < items.size(); i++) {
      String path = f.path("accounts") + "[" + i + "]";
      Fields a = f.item(items.get(i), path, "address", "password");
      String address = a.string("address");
      String password = a.string("password");
      if (address.isEmpty() || password.isEmpty()) {
        continue; // reported as missing by Fields
      }
      if (!Checks.email(address)) {
        a.problem("address", "invalid e-mail address '" + address + "'");
        continue;
      }
      if (!address.substring(address.indexOf('@') + 1).equalsIgnoreCase(domains.primary())) {
        a.problem("address", "'" + address + "' is not in the primary domain " + domains.primary() + " (mox receives only its domains)");
        continue;
      }
      MailAccount account = new MailAccount(address,
          new SecretTemplate(password));
      if (!names.add(account.account())) {
        a.problem("address", "a second account named '" + account.account() + "' (postmaster is the SDK's own)");
        continue;
      }
      if (!account.password().isSingleReference()) {
        a.problem("password", "must be exactly one secret reference such as ${secret:RELAY_PASSWORD} (no literal passwords)");
        continue;
      }
      out.add(account);
    }
    return out;
  }

  private static Optional<String> email(Fields f, String key) {
    Optional<String> v = f.optString(key);
    if (v.isPresent() && !Checks.email(v.get())) {
      f.problem(key, "invalid e-mail address '" + v.get() + "'");
    }
    return v;
  }

  private static DnsSettings dns(Fields f, Domains domains, Path dir) {
    String provider = f.oneOf("provider", "file", "netcup", "file", "none");
    List<String> zones = f.has("zones") ? f.strings("zones") : (domains.primary().isEmpty() ? List.of() : List.of(domains.primary()));
    for (int i = 0; i < zones.size() && f.has("zones"); i++) {
      if (!Checks.domain(zones.get(i))) {
        f.problem(f.list("zones").get(i), f.path("zones") + "[" + i + "]", "invalid zone name '" + zones.get(i) + "'");
      }
    }
    List<String> resolvers = f.has("resolvers") ? f.strings("resolvers") : List.of("8.8.8.8", "1.1.1.1", "9.9.9.9");
    for (int i = 0; i < resolvers.size() && f.has("resolvers"); i++) {
      if (!Checks.resolver(resolvers.get(i))) {
        f.problem(f.list("resolvers").get(i), f.path("resolvers") + "[" + i + "]",
            "invalid resolver '" + resolvers.get(i) + "': expected host or host:port");
      }
    }
    Duration wait = Duration.ofMinutes(15);
    if (f.has("wait")) {
      String w = f.string("wait");
      Optional<Duration> d = Checks.duration(w);
      if (d.isEmpty()) {
        f.problem("wait", "invalid duration '" + w + "': expected e.g. 90s, 15m or 1h");
      } else {
        wait = d.get();
      }
    }
    List<String> ignore = f.has("ignore") ? f.strings("ignore") : List.of("_acme-challenge*");
    Map<String, SecretTemplate> credentials = new LinkedHashMap<>();
    Fields c = f.child("credentials", "customerNumber", "apiKey", "apiPassword");
    for (String k : c.keys()) {
      c.optString(k).ifPresent(v -> credentials.put(k, new SecretTemplate(v)));
    }
    if (provider.equals("netcup")) {
      for (String k : List.of("customerNumber", "apiKey", "apiPassword")) {
        if (!credentials.containsKey(k)) {
          c.problem(k, "required for the netcup provider (e.g. " + k + ": ${secret:NETCUP_" + k.replaceAll("([A-Z])", "_$1").toUpperCase(java.util.Locale.ROOT) + "})");
        }
      }
    }
    Optional<String> endpoint = f.optString("endpoint");
    if (endpoint.isPresent() && !endpoint.get().matches("https?://[^\\s]+")) {
      f.problem("endpoint", "invalid endpoint '" + endpoint.get() + "': expected an http(s) URL");
    }
    Path zoneFile = dir.resolve(f.string("zoneFile", "dns-zones.json"));
    List<String> keep = f.has("keep") ? f.strings("keep") : List.of();
    for (int i = 0; i < keep.size(); i++) {
      String[] k = keep.get(i).strip().split("\\s+");
      if (k.length != 2 || !k[1].matches("[A-Za-z]+|\\*")) {
        f.problem(f.list("keep").get(i), f.path("keep") + "[" + i + "]",
            "invalid keep entry '" + keep.get(i) + "': expected <name> <TYPE>, e.g. '@ AAAA' or 'legacy* CNAME'");
      }
    }
    List<String> caa = f.has("caa") ? f.strings("caa") : List.of();
    for (int i = 0; i < caa.size(); i++) {
      String v = caa.get(i);
      String why = v.contains(";") ? "a ';' (CAA parameters such as validationmethods=): Netcup rejects semicolons in CAA values"
          : v.contains("\"") || v.contains("\\") ? "a quote or backslash" : !Checks.domain(v) ? "no issuer domain" : null;
      if (why != null) {
        f.problem(f.list("caa").get(i), f.path("caa") + "[" + i + "]",
            "invalid CAA issuer '" + v + "': it has " + why + "; expected an issuer domain such as letsencrypt.org");
      }
    }
    List<String> nameservers = f.has("nameservers") ? f.strings("nameservers") : List.of();
    for (int i = 0; i < nameservers.size(); i++) {
      if (!Checks.resolver(nameservers.get(i))) {
        f.problem(f.list("nameservers").get(i), f.path("nameservers") + "[" + i + "]",
            "invalid name server '" + nameservers.get(i) + "': expected host or host:port");
      }
    }
    return new DnsSettings(provider, zones, resolvers, wait, ignore, zoneFile, credentials, endpoint, keep, caa, nameservers);
  }

  private static DockerSettings docker(Fields f) {
    Map<String, String> images = new LinkedHashMap<>();
    Fields i = f.child("images");
    for (String k : i.keys()) {
      i.optString(k).ifPresent(v -> images.put(k, v));
    }
    return new DockerSettings(
        f.oneOf("source", "official", "official", "distribution"),
        f.string("networkCidr", "172.16.0.0/12", Checks::cidr4, "an IPv4 range such as 172.16.0.0/12"),
        images);
  }

  private static Resources resources(Fields f) {
    return resources(f, new Resources(20, 8, 8));
  }

  /** Resources with {@code defaults} for the keys not given ({@code memoryGb} at least {@code minMemoryGb} and 8). */
  static Resources resources(Fields f, Resources defaults) {
    int minMem = f.integer("minMemoryGb", defaults.minMemoryGb(), 0, 4096);
    return new Resources(f.integer("minDiskGb", defaults.minDiskGb(), 0, 100000), minMem,
        f.integer("memoryGb", Math.max(minMem, defaults.memoryGb()), 1, 4096));
  }

  private static TlsSettings tls(Fields f) {
    String mode = f.oneOf("mode", "acme", "acme", "internal");
    String email = f.string("email", "");
    if (!email.isEmpty() && !Checks.email(email)) {
      f.problem("email", "invalid e-mail address '" + email + "'");
    }
    if (mode.equals("acme") && email.isEmpty()) {
      f.problem("email", "required when tls.mode is acme (the ACME account e-mail)");
    }
    return new TlsSettings(mode, email);
  }

  private static FirewallSettings firewall(Fields f) {
    List<Integer> extra = new ArrayList<>();
    List<YamlNode> items = f.list("extraTcpPorts");
    for (int i = 0; i < items.size(); i++) {
      YamlNode n = items.get(i);
      if (n instanceof YamlNode.Scalar s && s.plain() && s.text().matches("[0-9]{1,5}")
          && Integer.parseInt(s.text()) >= 1 && Integer.parseInt(s.text()) <= 65535) {
        extra.add(Integer.parseInt(s.text()));
      } else {
        f.problem(n, f.path("extraTcpPorts") + "[" + i + "]", "invalid port: expected a number from 1 to 65535");
      }
    }
    return new FirewallSettings(f.bool("publicPostgres", false), extra, f.bool("purgeUnmanaged", false));
  }

  private static final Pattern REPOSITORY = Pattern.compile("(/|local:/|sftp:|s3:|rest:|b2:|azure:|gs:|swift:|rclone:)[^\\s'\"`$\\\\]*");
  private static final Pattern CALENDAR = Pattern.compile("[A-Za-z0-9*:,./~ -]{1,100}");
  private static final Pattern SUBSET = Pattern.compile("([1-9][0-9]?(\\.[0-9]+)?%|100%|[1-9][0-9]*/[1-9][0-9]*|[1-9][0-9]*[KMGT])");

  private static BackupSettings backup(Fields f) {
    boolean enabled = f.bool("enabled", true);
    String repository = f.optString("repository").orElse("");
    if (enabled && !f.has("repository")) {
      f.problem("repository", "required key is missing (where restic keeps the backups, e.g. /var/backups/vps or sftp:backup@host:/srv/vps)");
    } else if (!repository.isEmpty() && !REPOSITORY.matcher(repository).matches()) {
      f.problem("repository", "invalid restic repository '" + repository + "': expected an absolute path, local:/path, sftp:user@host:/path,"
          + " s3:https://host/bucket/path or another restic backend (rest:, b2:, azure:, gs:, swift:, rclone:), without spaces or quotes");
    }
    Optional<SecretTemplate> password = f.optString("password").map(SecretTemplate::new);
    if (password.isPresent() && !password.get().isSingleReference()) {
      f.problem("password", "must be exactly one secret reference such as ${secret:RESTIC_PASSWORD} (no literal passwords)");
    } else if (enabled && password.isEmpty()) {
      f.problem("password", "required key is missing (the repository password, e.g. ${secret:RESTIC_PASSWORD})");
    }
    Map<String, SecretTemplate> environment = new LinkedHashMap<>();
    if (f.has("environment")) {
      Fields e = f.child("environment");
      for (String k : e.keys()) {
        if (!k.matches("[A-Z_][A-Z0-9_]*")) {
          e.problem(k, "invalid variable name '" + k + "': upper-case letters, digits and '_'");
        } else if (k.equals("RESTIC_PASSWORD") || k.equals("RESTIC_PASSWORD_FILE") || k.equals("RESTIC_REPOSITORY")) {
          e.problem(k, k + " is set by the SDK (from backup.password and backup.repository)");
        } else {
          e.optString(k).ifPresent(v -> environment.put(k, new SecretTemplate(v)));
        }
      }
    }
    String schedule = f.string("schedule", "daily", v -> CALENDAR.matcher(v).matches(), "a systemd OnCalendar expression such as daily or *-*-* 03:15");
    String verify = f.string("verify", "weekly", v -> CALENDAR.matcher(v).matches(), "a systemd OnCalendar expression such as weekly");
    Duration maxAge = switch (schedule) {
      case "hourly" -> Duration.ofHours(2);
      case "weekly" -> Duration.ofDays(8);
      case "monthly" -> Duration.ofDays(32);
      default -> Duration.ofHours(26);
    };
    if (f.has("maxAge")) {
      String w = f.string("maxAge");
      Optional<Duration> d = Checks.duration(w);
      if (d.isEmpty()) {
        f.problem("maxAge", "invalid duration '" + w + "': expected e.g. 90m, 26h or 8d");
      } else {
        maxAge = d.get();
      }
    }
    String subset = f.string("checkSubset", "10%", v -> SUBSET.matcher(v).matches(), "a percentage (10%), a fraction (1/5) or a size (500M)");
    Fields r = f.child("retention", "last", "daily", "weekly", "monthly");
    BackupSettings.Retention d = BackupSettings.Retention.DEFAULT;
    BackupSettings.Retention retention = new BackupSettings.Retention(r.integer("last", d.last(), 1, 1000), r.integer("daily", d.daily(), 0, 3660),
        r.integer("weekly", d.weekly(), 0, 520), r.integer("monthly", d.monthly(), 0, 1200));
    Optional<BackupSettings.Sftp> sftp = Optional.empty();
    if (f.has("sftp") || (enabled && repository.startsWith("sftp:"))) {
      Fields s = f.child("sftp", "identity", "knownHosts");
      if (!repository.startsWith("sftp:")) {
        f.problem("sftp", "only for an sftp: repository");
      }
      String identity = s.string("identity");
      if (!identity.isEmpty() && !new SecretTemplate(identity).isSingleReference()) {
        s.problem("identity", "must be exactly one secret reference such as ${secret:BACKUP_SSH_KEY} (the private key)");
      }
      List<String> known = s.has("knownHosts") ? s.strings("knownHosts") : List.of();
      if (!s.has("knownHosts")) {
        s.problem("knownHosts", "required key is missing (the store's host key, e.g. \"store.example.net ssh-ed25519 AAAA...\": ssh-keyscan"
            + " shows it; checked strictly)");
      }
      for (int i = 0; i < known.size(); i++) {
        if (!known.get(i).matches("[^\\s]+ (ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-[a-z0-9@.-]+) [A-Za-z0-9+/=]+( .*)?")) {
          s.problem(s.list("knownHosts").get(i), s.path("knownHosts") + "[" + i + "]", "invalid known_hosts line '" + known.get(i)
              + "': expected <host> <key type> <base64 key>");
        }
      }
      sftp = Optional.of(new BackupSettings.Sftp(new SecretTemplate(identity), known));
    }
    return new BackupSettings(enabled, repository, password, environment, schedule, maxAge, verify, subset, retention, sftp);
  }
}
