package com.dimosaic.vps.profile.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads one YAML document into {@link YamlNode}s with positions. Syntax errors, duplicate keys and
 * non-string keys become problems with file, line and column instead of exceptions.
 */
public final class YamlReader {
  /** The largest profile file read (1 MiB): a profile is configuration, and {@code /dev/zero} must not exhaust memory. */
  public static final int MAX_BYTES = 1024 * 1024;

  private YamlReader() {}

  /** Reads a file; a missing, unreadable, binary or too large file, or a syntax error, is reported to {@code problems}. */
  public static Optional<YamlNode> read(Path file, String displayName, Problems problems) {
    byte[] bytes;
    try (java.io.InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (java.nio.file.NoSuchFileException e) {
      problems.add(displayName, 0, 0, "", "no such file (" + file + ")");
      return Optional.empty();
    } catch (IOException e) {
      problems.add(displayName, 0, 0, "", "cannot read file: " + (Files.isDirectory(file) ? "it is a folder" : e.getMessage()));
      return Optional.empty();
    }
    if (bytes.length > MAX_BYTES) {
      problems.add(displayName, 0, 0, "", "file too large (more than " + MAX_BYTES / 1024 + " KiB): a profile file is configuration");
      return Optional.empty();
    }
    java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
    String text;
    try {
      text = utf8.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      problems.add(displayName, 0, 0, "", "not UTF-8 text (a binary file?)");
      return Optional.empty();
    }
    if (text.indexOf('\0') >= 0) {
      problems.add(displayName, 0, 0, "", "not text: it holds NUL bytes (a binary file?)");
      return Optional.empty();
    }
    return parse(text, displayName, problems);
  }

  /** Parses text as one YAML document. An empty document is an empty mapping at 1:1. */
  public static Optional<YamlNode> parse(String text, String displayName, Problems problems) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // we report duplicates ourselves, with positions
    options.setMaxAliasesForCollections(50);
    options.setCodePointLimit(8 * 1024 * 1024);
    Node root;
    try (Reader reader = new StringReader(text)) {
      root = new Yaml(options).compose(reader);
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
      problems.add(displayName, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1, "",
          "YAML syntax error: " + what);
      return Optional.empty();
    } catch (YAMLException | IOException e) {
      problems.add(displayName, 0, 0, "", "YAML error: " + e.getMessage());
      return Optional.empty();
    }
    if (root == null) {
      return Optional.of(new YamlNode.Mapping(Map.of(), Map.of(), 1, 1));
    }
    return Optional.of(convert(root, displayName, "", problems));
  }

  private static YamlNode convert(Node node, String file, String path, Problems problems) {
    int line = node.getStartMark().getLine() + 1;
    int col = node.getStartMark().getColumn() + 1;
    if (node instanceof ScalarNode s) {
      return new YamlNode.Scalar(s.getValue(), s.getScalarStyle() == ScalarStyle.PLAIN, line, col);
    }
    if (node instanceof SequenceNode s) {
      List<YamlNode> items = new ArrayList<>();
      int i = 0;
      for (Node item : s.getValue()) {
        items.add(convert(item, file, path + "[" + i++ + "]", problems));
      }
      return new YamlNode.Seq(items, line, col);
    }
    MappingNode m = (MappingNode) node;
    Map<String, YamlNode> entries = new LinkedHashMap<>();
    Map<String, YamlNode.Scalar> keys = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      Node k = t.getKeyNode();
      int kl = k.getStartMark().getLine() + 1;
      int kc = k.getStartMark().getColumn() + 1;
      if (!(k instanceof ScalarNode ks)) {
        problems.add(file, kl, kc, path, "keys must be plain names, not " + (k instanceof SequenceNode ? "lists" : "mappings"));
        continue;
      }
      String key = ks.getValue();
      String childPath = path.isEmpty() ? key : path + "." + key;
      if (key.equals("<<")) {
        problems.add(file, kl, kc, childPath, "YAML merge keys ('<<') are not supported here; write the keys out");
        continue;
      }
      if (entries.containsKey(key)) {
        YamlNode.Scalar first = keys.get(key);
        problems.add(file, kl, kc, childPath, "duplicate key (first defined at line " + first.line() + ")");
        continue;
      }
      keys.put(key, new YamlNode.Scalar(key, true, kl, kc));
      entries.put(key, convert(t.getValueNode(), file, childPath, problems));
    }
    return new YamlNode.Mapping(entries, keys, line, col);
  }
}
