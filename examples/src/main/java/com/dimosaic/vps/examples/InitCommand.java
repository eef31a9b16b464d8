package com.dimosaic.vps.examples;

import com.dimosaic.vps.core.VpsException;
import com.dimosaic.vps.secrets.age.AgeIdentity;
import com.dimosaic.vps.secrets.sops.Sops;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code vps init <dir> --domain D --address A}: a complete profile from the demo's service
 * catalogue, a fresh age key (appended to the user's sops keys file, or {@code --age-key-file}) and
 * {@code secrets.enc.yaml} with generated passwords. Netcup credentials come from the environment
 * ({@code NETCUP_CUSTOMER_NUMBER}, {@code NETCUP_API_KEY}, {@code NETCUP_API_PASSWORD}), never from
 * the command line; without them they are placeholders to fill with {@code vps secrets edit}.
 */
final class InitCommand {
  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PrintWriter out;
  private final Map<String, String> env;

  InitCommand(PrintWriter out, Map<String, String> env) {
    this.out = out;
    this.env = env;
  }

  int run(List<String> argv) {
    Args a = new Args(argv, CommandHelp.of("init"));
    if (a.positionals.size() != 1) {
      throw new Args.UsageException("init takes one new profile folder");
    }
    Path dir = Path.of(a.positionals.get(0));
    String domain = a.option("--domain").orElseThrow(() -> new Args.UsageException("init needs --domain (e.g. example.org)"));
    if (!DOMAIN.matcher(domain).matches()) {
      throw new Args.UsageException("--domain: not a domain name: '" + domain + "'");
    }
    String address = a.option("--address").orElseThrow(() -> new Args.UsageException("init needs --address (the server's public IP)"));
    if (!address.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      throw new Args.UsageException("--address: an IPv4 or IPv6 address, not '" + address + "'");
    }
    String dns = a.option("--dns").orElse("file");
    if (!List.of("netcup", "file", "none").contains(dns)) {
      throw new Args.UsageException("--dns must be netcup, file or none");
    }
    boolean mail = !a.flag("--no-mail");
    String name = a.option("--name").orElse(domain.substring(0, domain.indexOf('.')));
    if (!name.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
      throw new Args.UsageException("--name: lower-case letters, digits, '-' and '_', not '" + name + "'");
    }
    String email = a.option("--email").orElse("admin@" + domain);
    Path keys = a.option("--age-key-file").map(Path::of).orElse(Path.of(System.getProperty("user.home"), ".config", "sops", "age", "keys.txt"));
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> s = Files.list(dir)) {
          if (s.findAny().isPresent()) {
            throw new Args.UsageException(dir + " is not empty: init writes a new profile");
          }
        }
      }
      Files.createDirectories(dir);
      String services = resource("/init/services.yaml").replaceFirst("(?m)^# yaml-language-server:.*\\n", "");
      Files.writeString(dir.resolve("services.yaml"), services);
      Files.writeString(dir.resolve("profile.yaml"), profile(name, domain, address, mail, dns, email));

      AgeIdentity identity = AgeIdentity.generate();
      appendKey(keys, identity, dir);
      Map<String, Object> secrets = secrets(services, dns);
      Files.writeString(dir.resolve("secrets.enc.yaml"), Sops.encrypt(secrets, List.of(identity.recipient())));
      Files.writeString(dir.resolve(".sops.yaml"), "creation_rules:\n  - path_regex: secrets\\.enc\\.yaml$\n    age: "
          + identity.recipient() + "\n");
    } catch (IOException e) {
      throw new VpsException("init " + dir + ": " + e.getMessage(), e);
    }
    out.println("wrote profile '" + name + "' to " + dir + " (profile.yaml, services.yaml, secrets.enc.yaml, .sops.yaml)");
    out.println("age key: " + keys + " (keep it; the secrets open only with it)");
    if (dns.equals("netcup") && !env.containsKey("NETCUP_API_KEY")) {
      out.println("the Netcup credentials are placeholders: set them with 'vps secrets edit " + dir + "'");
    }
    out.println("next: vps plan " + dir + " --out " + dir.resolve("plan"));
    return Main.OK;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = InitCommand.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("the runner has no " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String profile(String name, String domain, String address, boolean mail, String dns, String email) {
    StringBuilder p = new StringBuilder();
    p.append("# Written by vps init on ").append(Instant.now().toString(), 0, 10).append(". Reference: docs/schemas/profile.schema.json\n");
    p.append("name: ").append(name).append('\n');
    p.append("host:\n  address: ").append(address.contains(":") ? "\"" + address + "\"" : address).append("\n  ssh:\n    port: 22\n    user: root\n");
    p.append("timezone: UTC\n");
    p.append("os:\n  allow: [\"debian>=12\", \"ubuntu>=22.04\"]\n  upgrade: true\n");
    p.append("domains:\n  primary: ").append(domain).append("\n  apex: true\n  www: true\n  mailHost: mail\n");
    p.append("mail:\n  enabled: ").append(mail).append('\n');
    if (mail) {
      p.append("  spf: \"v=spf1 mx ~all\"\n  dmarc:\n    policy: quarantine\n    reportAddress: dmarc-reports@").append(domain).append('\n');
      p.append("  tlsrptAddress: tlsrpt@").append(domain).append("\n  mtaSts:\n    mode: testing\n    maxAge: 86400\n");
      p.append("  accounts:\n    - address: relay@").append(domain).append("\n      password: ${secret:RELAY_PASSWORD}\n");
    }
    p.append("dns:\n  provider: ").append(dns).append('\n');
    if (!dns.equals("none")) {
      p.append("  zones: [").append(domain).append("]\n  wait: 15m\n");
    }
    if (dns.equals("netcup")) {
      p.append("  credentials:\n    customerNumber: ${secret:NETCUP_CUSTOMER_NUMBER}\n    apiKey: ${secret:NETCUP_API_KEY}\n"
          + "    apiPassword: ${secret:NETCUP_API_PASSWORD}\n");
    }
    p.append("docker:\n  source: official\n  networkCidr: 172.16.0.0/12\n");
    p.append("resources:\n  minDiskGb: 20\n  minMemoryGb: 4\n");
    p.append("tls:\n  mode: acme\n  email: ").append(email).append('\n');
    return p.toString();
  }

  /** A generated value for every secret the catalogue references, and the Netcup credentials from the environment. */
  private Map<String, Object> secrets(String services, String dns) {
    Map<String, Object> s = new LinkedHashMap<>();
    Matcher m = Pattern.compile("\\$\\{secret:([A-Za-z_][A-Za-z0-9_]*)}").matcher(services);
    while (m.find()) {
      s.putIfAbsent(m.group(1), generate(m.group(1)));
    }
    s.putIfAbsent("RELAY_PASSWORD", generate("RELAY_PASSWORD"));
    if (dns.equals("netcup")) {
      for (String n : List.of("NETCUP_CUSTOMER_NUMBER", "NETCUP_API_KEY", "NETCUP_API_PASSWORD")) {
        s.put(n, env.getOrDefault(n, n.equals("NETCUP_CUSTOMER_NUMBER") ? "000000" : "CHANGE-ME-" + generate(n)));
      }
    }
    return s;
  }

  /** 32 letters and digits for a master key; 24 plus "-Aa1" (every character class, for password policies) otherwise. */
  static String generate(String name) {
    int n = name.toUpperCase(Locale.ROOT).contains("MASTERKEY") ? 32 : 24;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
    }
    return n == 32 ? b.toString() : b + "-Aa1";
  }

  /** Appends the identity to the keys file (created 0600 in a 0700 folder), as sops keeps several keys in one file. */
  private static void appendKey(Path keys, AgeIdentity identity, Path dir) throws IOException {
    Path parent = keys.toAbsolutePath().getParent();
    if (!Files.isDirectory(parent)) {
      Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    if (!Files.exists(keys)) {
      Files.createFile(keys, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(keys, "# created: " + Instant.now() + " by vps init " + dir.toAbsolutePath() + "\n# public key: "
        + identity.recipient() + "\n" + identity.reveal() + "\n", StandardOpenOption.APPEND);
  }
}
