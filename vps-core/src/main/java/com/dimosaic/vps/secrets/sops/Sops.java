package com.dimosaic.vps.secrets.sops;

import com.dimosaic.vps.render.YamlWriter;
import com.dimosaic.vps.secrets.age.Age;
import com.dimosaic.vps.secrets.age.AgeException;
import com.dimosaic.vps.secrets.age.AgeIdentity;
import com.dimosaic.vps.secrets.age.AgeRecipient;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * SOPS files (YAML and JSON) with age recipients, in pure Java: decryption with MAC verification
 * exactly as sops computes it (additional-data paths without list indices, suffix/regex rules,
 * {@code mac_only_encrypted}, several documents), and encryption of YAML documents.
 *
 * <pre>{@code
 * SopsDocument doc = Sops.decrypt(Path.of("secrets.enc.yaml"), AgeKeys.fromEnvironment().load());
 * String yaml = Sops.toYaml(doc);   // like sops -d
 * }</pre>
 *
 * <p>Stateless and thread-safe. Errors name paths, never values.
 */
public final class Sops {
  private static final Logger log = LoggerFactory.getLogger(Sops.class);
  private static final Pattern ENC = Pattern.compile("^ENC\\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\\]");
  private static final byte[] MAC_ONLY_ENCRYPTED_INIT =
      HexFormat.of().parseHex("8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69");
  private static final List<String> RULES = List.of("unencrypted_suffix", "encrypted_suffix", "unencrypted_regex",
      "encrypted_regex", "unencrypted_comment_regex", "encrypted_comment_regex");

  private Sops() {}

  /** Reads and decrypts a file. */
  public static SopsDocument decrypt(Path file, List<AgeIdentity> identities) {
    try {
      return decrypt(Files.readString(file, StandardCharsets.UTF_8), identities);
    } catch (IOException e) {
      throw new SopsException(SopsException.Kind.FORMAT, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decrypts SOPS text (YAML or JSON) and verifies its MAC.
   *
   * @throws SopsException with the reason; never with a value
   */
  public static SopsDocument decrypt(String text, List<AgeIdentity> identities) {
    List<Node> docs = parse(text);
    Metadata meta = Metadata.of(docs);
    byte[] key = dataKey(meta, identities);
    MessageDigest mac = sha512();
    if (meta.macOnlyEncrypted) {
      mac.update(MAC_ONLY_ENCRYPTED_INIT);
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Node d : docs) {
      Walker w = new Walker(meta, key, mac);
      @SuppressWarnings("unchecked")
      Map<String, Object> tree = (Map<String, Object>) w.walk(d, new ArrayList<>(), true);
      out.add(tree);
    }
    String computed = HexFormat.of().withUpperCase().formatHex(mac.digest());
    if (meta.mac == null || meta.mac.isEmpty()) {
      throw new SopsException(SopsException.Kind.MAC_MISMATCH, "the file has no MAC (sops.mac)");
    }
    String stored;
    try {
      Object v = decryptValue(meta.mac, key, GoValues.rfc3339(meta.lastModified), "sops.mac");
      stored = (String) v;
    } catch (SopsException e) {
      throw new SopsException(SopsException.Kind.MAC_MISMATCH, "the MAC does not authenticate (sops.mac or "
          + "sops.lastmodified was changed)");
    }
    if (!stored.equals(computed)) {
      throw new SopsException(SopsException.Kind.MAC_MISMATCH, "MAC mismatch: the file was changed after it was encrypted");
    }
    log.debug("decrypted a SOPS file with {} document(s); MAC verified", out.size());
    return new SopsDocument(out, meta.recipients, meta.lastModified);
  }

  /**
   * Reads plain (unencrypted) YAML documents into trees typed as sops types them, ready for
   * {@link #encrypt(List, List, EncryptOptions)}.
   */
  public static List<Map<String, Object>> readPlain(String yaml) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Node d : parse(yaml)) {
      @SuppressWarnings("unchecked")
      Map<String, Object> tree = (Map<String, Object>) plainTree(d);
      out.add(tree);
    }
    return out;
  }

  private static Object plainTree(Node n) {
    if (n instanceof MappingNode m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k)) {
          throw new SopsException(SopsException.Kind.FORMAT, "non-string key");
        }
        out.put(k.getValue(), plainTree(t.getValueNode()));
      }
      return out;
    }
    if (n instanceof SequenceNode s) {
      List<Object> out = new ArrayList<>();
      s.getValue().forEach(item -> out.add(plainTree(item)));
      return out;
    }
    Object v = GoValues.resolve((ScalarNode) n);
    return v == GoValues.NULL ? null : v;
  }

  /** The top-level keys of the first document (without {@code sops}); needs no key. */
  public static List<String> topLevelKeys(String text) {
    List<Node> docs = parse(text);
    List<String> keys = new ArrayList<>();
    if (!docs.isEmpty() && docs.get(0) instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && !k.getValue().equals("sops")) {
          keys.add(k.getValue());
        }
      }
    }
    return keys;
  }

  /**
   * How {@link #encrypt} decides what to encrypt.
   *
   * @param rule one of {@code unencrypted_suffix} (default, value {@code _unencrypted}), {@code encrypted_suffix},
   *     {@code unencrypted_regex}, {@code encrypted_regex}
   * @param value the suffix or regular expression
   * @param macOnlyEncrypted whether the MAC covers only encrypted values
   */
  public record EncryptOptions(String rule, String value, boolean macOnlyEncrypted) {
    /** sops' default: keys ending in {@code _unencrypted} stay clear; the MAC covers everything. */
    public static final EncryptOptions DEFAULT = new EncryptOptions("unencrypted_suffix", "_unencrypted", false);

    /** Validates the rule name. */
    public EncryptOptions {
      if (!List.of("unencrypted_suffix", "encrypted_suffix", "unencrypted_regex", "encrypted_regex").contains(rule)) {
        throw new IllegalArgumentException("unknown rule: " + rule);
      }
    }
  }

  /**
   * Encrypts one YAML document (a map of {@code String}, {@code Long}/{@code Integer}, {@code Double},
   * {@code Boolean}, lists and maps) to age recipients, leaving keys ending in {@code _unencrypted} clear.
   *
   * @return the SOPS YAML text
   */
  public static String encrypt(Map<String, Object> document, List<AgeRecipient> recipients) {
    return encrypt(List.of(document), recipients, EncryptOptions.DEFAULT);
  }

  /** Encrypts several YAML documents (one MAC over all of them) with explicit options. */
  public static String encrypt(List<Map<String, Object>> documents, List<AgeRecipient> recipients, EncryptOptions options) {
    if (recipients.isEmpty() || documents.isEmpty()) {
      throw new IllegalArgumentException("no recipients or no documents");
    }
    Metadata rules = new Metadata();
    rules.rule = options.rule();
    rules.ruleValue = options.value();
    rules.rulePattern = options.rule().endsWith("_regex") ? Pattern.compile(options.value()) : null;
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    MessageDigest mac = sha512();
    if (options.macOnlyEncrypted()) {
      mac.update(MAC_ONLY_ENCRYPTED_INIT);
    }
    List<Map<String, Object>> encrypted = new ArrayList<>();
    for (Map<String, Object> document : documents) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : document.entrySet()) {
        if (e.getKey().equals("sops")) {
          throw new IllegalArgumentException("a document cannot have a top-level 'sops' key");
        }
        List<String> path = new ArrayList<>(List.of(e.getKey()));
        out.put(e.getKey(), encryptTree(e.getValue(), path, key, mac, rules, options.macOnlyEncrypted()));
      }
      encrypted.add(out);
    }
    String lastModified = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")) + "Z";
    Map<String, Object> sops = new LinkedHashMap<>();
    List<Object> age = new ArrayList<>();
    for (AgeRecipient r : recipients) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("recipient", r.toString());
      entry.put("enc", new String(Age.encrypt(key, List.of(r), true), StandardCharsets.US_ASCII));
      age.add(entry);
    }
    sops.put("age", age);
    sops.put("lastmodified", lastModified);
    sops.put("mac", encryptValue(HexFormat.of().withUpperCase().formatHex(mac.digest()), "str", key, lastModified));
    sops.put(options.rule(), options.value());
    if (options.macOnlyEncrypted()) {
      sops.put("mac_only_encrypted", true);
    }
    sops.put("version", "3.9.0");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < encrypted.size(); i++) {
      if (i > 0) {
        sb.append("---\n");
      }
      encrypted.get(i).put("sops", sops); // sops writes the block into every document and reads the first
      sb.append(YamlWriter.write(encrypted.get(i)));
    }
    return sb.toString();
  }

  @SuppressWarnings("unchecked")
  private static Object encryptTree(Object v, List<String> path, byte[] key, MessageDigest mac, Metadata rules,
      boolean macOnlyEncrypted) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
        List<String> p = new ArrayList<>(path);
        p.add(e.getKey());
        out.put(e.getKey(), encryptTree(e.getValue(), p, key, mac, rules, macOnlyEncrypted));
      }
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object item : l) {
        out.add(encryptTree(item, path, key, mac, rules, macOnlyEncrypted));
      }
      return out;
    }
    if (v == null) {
      return null;
    }
    boolean encrypt = rules.shouldEncrypt(path);
    Object typed = v instanceof Integer i ? Long.valueOf(i) : v;
    String type = typed instanceof String ? "str" : typed instanceof Long ? "int" : typed instanceof Double ? "float"
        : typed instanceof Boolean ? "bool" : null;
    if (type == null) {
      throw new IllegalArgumentException("unsupported value type at " + String.join(":", path) + ": " + v.getClass());
    }
    if (!macOnlyEncrypted || encrypt) {
      mac.update(GoValues.bytes(typed));
    }
    if (!encrypt) {
      return typed instanceof Double d ? new java.math.BigDecimal(GoValues.formatFloat(d)) : typed;
    }
    if (typed instanceof String s && s.isEmpty()) {
      return "";
    }
    return encryptValue(GoValues.text(typed), type, key, String.join(":", path) + ":");
  }

  private static String encryptValue(String plaintext, String type, byte[] key, String aad) {
    byte[] iv = new byte[32];
    new java.security.SecureRandom().nextBytes(iv);
    GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
    gcm.init(true, new AEADParameters(new KeyParameter(key), 128, iv, aad.getBytes(StandardCharsets.UTF_8)));
    byte[] in = plaintext.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[gcm.getOutputSize(in.length)];
    int n = gcm.processBytes(in, 0, in.length, out, 0);
    try {
      gcm.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException(e);
    }
    byte[] data = java.util.Arrays.copyOf(out, out.length - 16);
    byte[] tag = java.util.Arrays.copyOfRange(out, out.length - 16, out.length);
    Base64.Encoder b64 = Base64.getEncoder();
    return "ENC[AES256_GCM,data:" + b64.encodeToString(data) + ",iv:" + b64.encodeToString(iv) + ",tag:"
        + b64.encodeToString(tag) + ",type:" + type + "]";
  }

  /** Writes a decrypted document as YAML (documents separated by {@code ---}), like {@code sops -d}. */
  public static String toYaml(SopsDocument doc) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < doc.documents().size(); i++) {
      if (i > 0) {
        sb.append("---\n");
      }
      sb.append(YamlWriter.write(printable(doc.documents().get(i))));
    }
    return sb.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> printable(Map<String, Object> tree) {
    Map<String, Object> out = new LinkedHashMap<>();
    tree.forEach((k, v) -> out.put(k, printableValue(v)));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object printableValue(Object v) {
    if (v instanceof Map<?, ?> m) {
      return printable((Map<String, Object>) m);
    }
    if (v instanceof List<?> l) {
      return l.stream().map(Sops::printableValue).toList();
    }
    if (v instanceof Double d) {
      return new java.math.BigDecimal(GoValues.formatFloat(d));
    }
    if (v instanceof byte[] b) {
      return new String(b, StandardCharsets.UTF_8);
    }
    return v;
  }

  // ------------------------------------------------------------------ internals

  static List<Node> parse(String text) {
    if (text.stripLeading().startsWith("{")) {
      try {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return List.of(fromJson(json.readTree(text)));
      } catch (IOException e) {
        // not JSON: a YAML flow mapping; fall through to the YAML parser
      }
    }
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setCodePointLimit(64 * 1024 * 1024);
    List<Node> docs = new ArrayList<>();
    try {
      for (Node n : new Yaml(options).composeAll(new StringReader(text))) {
        if (n == null) {
          continue;
        }
        if (!(n instanceof MappingNode)) {
          throw new SopsException(SopsException.Kind.FORMAT, "a SOPS document must be a mapping");
        }
        docs.add(n);
      }
    } catch (YAMLException e) {
      throw new SopsException(SopsException.Kind.FORMAT, "not valid YAML/JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (docs.isEmpty()) {
      throw new SopsException(SopsException.Kind.FORMAT, "empty file");
    }
    return docs;
  }

  /** A JSON tree as YAML nodes: strings quoted, numbers, booleans and null plain (as the JSON store types them). */
  private static Node fromJson(com.fasterxml.jackson.databind.JsonNode n) {
    if (n.isObject()) {
      List<NodeTuple> tuples = new ArrayList<>();
      n.fields().forEachRemaining(e -> tuples.add(new NodeTuple(
          new ScalarNode(org.yaml.snakeyaml.nodes.Tag.STR, e.getKey(), null, null, org.yaml.snakeyaml.DumperOptions.ScalarStyle.DOUBLE_QUOTED),
          fromJson(e.getValue()))));
      return new MappingNode(org.yaml.snakeyaml.nodes.Tag.MAP, tuples, org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
    }
    if (n.isArray()) {
      List<Node> items = new ArrayList<>();
      n.forEach(item -> items.add(fromJson(item)));
      return new SequenceNode(org.yaml.snakeyaml.nodes.Tag.SEQ, items, org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
    }
    org.yaml.snakeyaml.DumperOptions.ScalarStyle style = n.isTextual()
        ? org.yaml.snakeyaml.DumperOptions.ScalarStyle.DOUBLE_QUOTED : org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN;
    return new ScalarNode(org.yaml.snakeyaml.nodes.Tag.STR, n.isNull() ? "null" : n.asText(), null, null, style);
  }

  private static byte[] dataKey(Metadata meta, List<AgeIdentity> identities) {
    if (meta.ageEntries.isEmpty()) {
      throw new SopsException(SopsException.Kind.UNSUPPORTED, "the file has no age recipients (only other key types)");
    }
    for (String enc : meta.ageEntries) {
      try {
        byte[] key = Age.decrypt(enc.getBytes(StandardCharsets.US_ASCII), identities);
        if (key.length != 32) {
          throw new SopsException(SopsException.Kind.FORMAT, "the data key is not 32 bytes");
        }
        return key;
      } catch (AgeException e) {
        if (e.kind() != AgeException.Kind.NO_MATCH) {
          log.debug("an age entry of the file could not be opened: {}", e.kind());
        }
      }
    }
    if (identities.isEmpty()) {
      throw new SopsException(SopsException.Kind.NO_KEY, "no age identity was given to open the file (recipients: "
          + String.join(", ", meta.recipients) + ")");
    }
    throw new SopsException(SopsException.Kind.WRONG_KEY, "none of the " + identities.size()
        + " age identities available opens the file (recipients: " + String.join(", ", meta.recipients) + ")");
  }

  static Object decryptValue(String enc, byte[] key, String aad, String path) {
    Matcher m = ENC.matcher(enc);
    if (!m.find()) {
      throw new SopsException(SopsException.Kind.FORMAT, "the value at " + path + " is not in sops' ENC[...] format");
    }
    byte[] data;
    byte[] iv;
    byte[] tag;
    try {
      data = Base64.getDecoder().decode(m.group(1));
      iv = Base64.getDecoder().decode(m.group(2));
      tag = Base64.getDecoder().decode(m.group(3));
    } catch (IllegalArgumentException e) {
      throw new SopsException(SopsException.Kind.FORMAT, "malformed base64 in the value at " + path);
    }
    GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
    try {
      gcm.init(false, new AEADParameters(new KeyParameter(key), 128, iv, aad.getBytes(StandardCharsets.UTF_8)));
      byte[] in = new byte[data.length + tag.length];
      System.arraycopy(data, 0, in, 0, data.length);
      System.arraycopy(tag, 0, in, data.length, tag.length);
      byte[] out = new byte[gcm.getOutputSize(in.length)];
      int n = gcm.processBytes(in, 0, in.length, out, 0);
      n += gcm.doFinal(out, n);
      return GoValues.parseTyped(m.group(4), java.util.Arrays.copyOf(out, n), path);
    } catch (InvalidCipherTextException | IllegalArgumentException e) {
      throw new SopsException(SopsException.Kind.DECRYPT, "the value at " + path
          + " does not authenticate (tampered, moved to another key, or another data key)");
    }
  }

  static boolean isComment(String enc) {
    Matcher m = ENC.matcher(enc);
    return m.find() && m.group(4).equals("comment");
  }

  private static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@code sops} block of the first document. */
  static final class Metadata {
    List<String> ageEntries = new ArrayList<>();
    List<String> recipients = new ArrayList<>();
    String lastModified;
    String mac;
    boolean macOnlyEncrypted;
    String rule = "unencrypted_suffix";
    String ruleValue = "_unencrypted";
    Pattern rulePattern;

    static Metadata of(List<Node> docs) {
      MappingNode first = (MappingNode) docs.get(0);
      MappingNode sops = null;
      for (NodeTuple t : first.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("sops") && t.getValueNode() instanceof MappingNode m) {
          sops = m;
        }
      }
      if (sops == null) {
        throw new SopsException(SopsException.Kind.FORMAT, "no sops metadata: the file is not encrypted with SOPS");
      }
      Metadata md = new Metadata();
      int rules = 0;
      for (NodeTuple t : sops.getValue()) {
        String k = ((ScalarNode) t.getKeyNode()).getValue();
        Node v = t.getValueNode();
        switch (k) {
          case "age" -> md.readAge(v);
          case "key_groups" -> {
            if (v instanceof SequenceNode groups) {
              if (groups.getValue().size() > 1) {
                throw new SopsException(SopsException.Kind.UNSUPPORTED, "several key groups (Shamir secret sharing) are not supported");
              }
              for (Node g : groups.getValue()) {
                if (g instanceof MappingNode gm) {
                  for (NodeTuple gt : gm.getValue()) {
                    if (((ScalarNode) gt.getKeyNode()).getValue().equals("age")) {
                      md.readAge(gt.getValueNode());
                    }
                  }
                }
              }
            }
          }
          case "lastmodified" -> md.lastModified = scalar(v);
          case "mac" -> md.mac = scalar(v);
          case "mac_only_encrypted" -> md.macOnlyEncrypted = "true".equalsIgnoreCase(scalar(v));
          default -> {
            if (RULES.contains(k) && scalar(v) != null && !scalar(v).isEmpty()) {
              rules++;
              md.rule = k;
              md.ruleValue = scalar(v);
            }
          }
        }
      }
      if (rules > 1) {
        throw new SopsException(SopsException.Kind.FORMAT, "more than one of " + String.join(", ", RULES) + " is set");
      }
      if (md.rule.endsWith("_regex")) {
        try {
          md.rulePattern = Pattern.compile(md.ruleValue);
        } catch (RuntimeException e) {
          throw new SopsException(SopsException.Kind.FORMAT, "sops." + md.rule + " is not a valid regular expression");
        }
      }
      if (md.lastModified == null) {
        throw new SopsException(SopsException.Kind.FORMAT, "sops.lastmodified is missing");
      }
      return md;
    }

    private void readAge(Node v) {
      if (!(v instanceof SequenceNode seq)) {
        return;
      }
      for (Node e : seq.getValue()) {
        if (e instanceof MappingNode m) {
          for (NodeTuple t : m.getValue()) {
            String k = ((ScalarNode) t.getKeyNode()).getValue();
            if (k.equals("enc")) {
              ageEntries.add(scalar(t.getValueNode()));
            } else if (k.equals("recipient")) {
              recipients.add(scalar(t.getValueNode()));
            }
          }
        }
      }
    }

    private static String scalar(Node n) {
      return n instanceof ScalarNode s ? s.getValue() : null;
    }

    /** sops' {@code shouldBeEncrypted} (regexes search, as Go's {@code regexp.Match}). Comment rules leave values encrypted. */
    boolean shouldEncrypt(List<String> path) {
      return switch (rule) {
        case "unencrypted_suffix" -> path.stream().noneMatch(p -> p.endsWith(ruleValue));
        case "encrypted_suffix" -> path.stream().anyMatch(p -> p.endsWith(ruleValue));
        case "unencrypted_regex" -> path.stream().noneMatch(p -> rulePattern.matcher(p).find());
        case "encrypted_regex" -> path.stream().anyMatch(p -> rulePattern.matcher(p).find());
        default -> true;
      };
    }
  }

  /** Walks one document: decrypts, types, and feeds the MAC. */
  private static final class Walker {
    private final Metadata meta;
    private final byte[] key;
    private final MessageDigest mac;

    Walker(Metadata meta, byte[] key, MessageDigest mac) {
      this.meta = meta;
      this.key = key;
      this.mac = mac;
    }

    Object walk(Node node, List<String> path, boolean top) {
      if (node instanceof MappingNode m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
          if (!(t.getKeyNode() instanceof ScalarNode k)) {
            throw new SopsException(SopsException.Kind.FORMAT, "non-string key under " + display(path));
          }
          if (top && k.getValue().equals("sops")) {
            continue;
          }
          path.add(k.getValue());
          out.put(k.getValue(), walk(t.getValueNode(), path, false));
          path.remove(path.size() - 1);
        }
        return out;
      }
      if (node instanceof SequenceNode s) {
        List<Object> out = new ArrayList<>();
        for (Node item : s.getValue()) {
          if (item instanceof ScalarNode sc && isComment(sc.getValue())) {
            continue; // an encrypted comment in a sequence: never part of the data or the MAC
          }
          out.add(walk(item, path, false));
        }
        return out;
      }
      ScalarNode sc = (ScalarNode) node;
      Object resolved = GoValues.resolve(sc);
      if (resolved == GoValues.NULL) {
        return null;
      }
      boolean encrypted = meta.shouldEncrypt(path);
      Object value;
      if (encrypted && !(resolved instanceof String str && str.isEmpty())) {
        if (!(resolved instanceof String str)) {
          throw new SopsException(SopsException.Kind.FORMAT, "the value at " + display(path)
              + " should be encrypted but is not an ENC[...] string");
        }
        value = decryptValue(str, key, String.join(":", path) + ":", display(path));
      } else {
        value = resolved;
      }
      if (!meta.macOnlyEncrypted || encrypted) {
        mac.update(GoValues.bytes(value));
      }
      return value;
    }

    private static String display(List<String> path) {
      return path.isEmpty() ? "the top level" : String.join(":", path);
    }
  }

  /** Lower-case file extension helper for format detection. */
  static boolean isJson(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
  }
}
