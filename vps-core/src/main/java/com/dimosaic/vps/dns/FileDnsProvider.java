package com.dimosaic.vps.dns;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The embedded default provider: zones kept in one local JSON file
 * ({@code {"example.com": [{"id": "1", "name": "www", "type": "A", "value": "…", "priority": 0}]}}).
 * A missing file is a set of empty zones. Writes are atomic (temporary file, then rename).
 * Thread-safe within one JVM.
 */
public final class FileDnsProvider implements DnsProvider {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One stored record. */
  public record Stored(String id, String name, String type, String value, int priority) {}

  private final Path file;

  /** A provider over a file. */
  public FileDnsProvider(Path file) {
    this.file = file;
  }

  @Override
  public String name() {
    return "file";
  }

  @Override
  public synchronized List<ExistingRecord> records(String zone) {
    return load().getOrDefault(zone, List.of()).stream()
        .map(s -> new ExistingRecord(s.id(), new DnsRecord(s.name(), s.type(), s.value(), s.priority()))).toList();
  }

  @Override
  public synchronized void apply(String zone, List<RecordChange> changes) {
    Map<String, List<Stored>> all = load();
    List<Stored> records = new ArrayList<>(all.getOrDefault(zone, List.of()));
    long next = records.stream().mapToLong(s -> Long.parseLong(s.id())).max().orElse(0) + 1;
    for (RecordChange c : changes) {
      switch (c.action()) {
        case CREATE -> {
          DnsRecord d = c.desired().orElseThrow();
          records.add(new Stored(String.valueOf(next++), d.name(), d.type(), d.value(), d.priority()));
        }
        case UPDATE -> {
          String id = c.existing().orElseThrow().id();
          DnsRecord d = c.desired().orElseThrow();
          if (!records.removeIf(s -> s.id().equals(id))) {
            throw new DnsException("no record with id " + id + " in zone " + zone);
          }
          records.add(new Stored(id, d.name(), d.type(), d.value(), d.priority()));
        }
        case DELETE -> {
          String id = c.existing().orElseThrow().id();
          if (!records.removeIf(s -> s.id().equals(id))) {
            throw new DnsException("no record with id " + id + " in zone " + zone);
          }
        }
      }
    }
    records.sort((a, b) -> Long.compare(Long.parseLong(a.id()), Long.parseLong(b.id())));
    all.put(zone, records);
    save(all);
  }

  private Map<String, List<Stored>> load() {
    if (!Files.exists(file)) {
      return new TreeMap<>();
    }
    try {
      return new TreeMap<>(JSON.readValue(file.toFile(), new TypeReference<Map<String, List<Stored>>>() {}));
    } catch (IOException e) {
      throw new DnsException("cannot read zone file " + file + ": " + e.getMessage(), e);
    }
  }

  private void save(Map<String, List<Stored>> all) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".zones", ".tmp");
      JSON.writeValue(tmp.toFile(), all);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new DnsException("cannot write zone file " + file + ": " + e.getMessage(), e);
    }
  }
}
