package com.dimosaic.vps.deploy;

import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.secrets.age.Age;
import com.dimosaic.vps.secrets.age.AgeIdentity;
import com.dimosaic.vps.secrets.age.AgeRecipient;
import com.dimosaic.vps.stack.DeployException;
import com.dimosaic.vps.stack.ImagePins;
import com.dimosaic.vps.stack.StackDir;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rollback points on the host, {@code .vps-state/backups/<timestamp>/}: the deploy folder's files,
 * {@code .env} only as {@code env.age} (age-encrypted to the profile's recipients, never in plain
 * text), the image IDs of the running containers, and metadata (who, when, plan hash, summary).
 */
public final class Backups {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Timestamps name the folders: sortable, UTC, no characters a shell cares about. */
  public static final DateTimeFormatter STAMP = StackDir.STAMP;

  private Backups() {}

  /**
   * A rollback point.
   *
   * @param timestamp its name
   * @param time when it was taken
   * @param who who took it
   * @param planHash the plan of the deploy that took it
   * @param summary that plan's summary
   */
  public record Point(String timestamp, Instant time, String who, String planHash, String summary) {
    /** How old it is. */
    public Duration age() {
      return Duration.between(time, Instant.now());
    }
  }

  /** What a backup holds once read back. */
  record Content(Map<String, byte[]> files, Map<String, String> imageIds) {}

  /** Takes a backup of {@code current} (relative path → content) and the running containers' images. */
  static Point create(StackDir stack, Map<String, byte[]> current, List<String> recipients, String who, String planHash, String summary) {
    Instant now = Instant.now();
    String ts = STAMP.format(now);
    String dir = stack.stateDir() + "/backups/" + ts;
    if (recipients.isEmpty()) {
      throw new DeployException(DeployException.Reason.INVALID, "no age recipient to encrypt the backup's .env to (the profile's secrets are not a SOPS file with age"
          + " recipients)");
    }
    List<AgeRecipient> to = recipients.stream().map(AgeRecipient::parse).toList();
    Map<String, byte[]> files = new LinkedHashMap<>(current);
    stack.read(ImagePins.FILE).ifPresent(pins -> files.put(ImagePins.FILE, pins)); // the point restores app delivery's pins too
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      if (f.getKey().equals(".env")) {
        stack.write(dir + "/env.age", Age.encrypt(f.getValue(), to, true), true, false);
      } else {
        stack.write(dir + "/files/" + f.getKey(), f.getValue(), false, false);
      }
    }
    ObjectNode images = JSON.createObjectNode();
    stack.runningImages().forEach(images::put);
    ObjectNode meta = JSON.createObjectNode().put("timestamp", ts).put("time", now.toString()).put("who", who).put("planHash", planHash)
        .put("summary", summary);
    meta.set("images", images);
    stack.write(dir + "/meta.json", bytes(meta), false, false);
    return new Point(ts, now, who, planHash, summary);
  }

  /** The rollback points, newest first. */
  public static List<Point> list(StackDir stack) {
    List<Point> out = new ArrayList<>();
    CommandResult ls = stack.run(stack.command(List.of("sh", "-c", "ls -1 \"$1\" 2>/dev/null | sort -r", "sh", stack.stateDir() + "/backups")));
    for (String ts : ls.stdout().strip().split("\n")) {
      if (ts.isBlank()) {
        continue;
      }
      meta(stack, ts.strip()).ifPresent(m -> out.add(new Point(ts.strip(), Instant.parse(m.path("time").asText()), m.path("who").asText(),
          m.path("planHash").asText(), m.path("summary").asText())));
    }
    return out;
  }

  private static Optional<JsonNode> meta(StackDir stack, String ts) {
    return stack.host().read(stack.stateDir() + "/backups/" + ts + "/meta.json").flatMap(b -> {
      try {
        return Optional.of(JSON.readTree(b));
      } catch (IOException e) {
        return Optional.empty();
      }
    });
  }

  /** Reads a backup back, decrypting {@code .env} with the given identities. */
  static Content read(StackDir stack, String ts, List<AgeIdentity> identities) {
    String dir = stack.stateDir() + "/backups/" + ts;
    JsonNode meta = meta(stack, ts).orElseThrow(() -> new DeployException(DeployException.Reason.NO_SUCH_POINT, "no rollback point " + ts + " (see rollback().list())"));
    Map<String, byte[]> files = new LinkedHashMap<>();
    CommandResult find = stack.run(stack.command(List.of("sh", "-c", "cd \"$1\" && find . -type f | sed 's|^./||' | sort", "sh",
        dir + "/files")));
    for (String rel : find.stdout().strip().split("\n")) {
      if (!rel.isBlank()) {
        files.put(rel.strip(), stack.host().read(dir + "/files/" + rel.strip()).orElseThrow());
      }
    }
    Optional<byte[]> env = stack.host().read(dir + "/env.age");
    if (env.isPresent()) {
      files.put(".env", Age.decrypt(env.get(), identities));
    }
    Map<String, String> images = new LinkedHashMap<>();
    meta.path("images").fields().forEachRemaining(e -> images.put(e.getKey(), e.getValue().asText()));
    return new Content(files, images);
  }

  /** Deletes all but the newest {@code keep} rollback points. */
  static void prune(StackDir stack, int keep) {
    List<Point> points = list(stack);
    for (int i = keep; i < points.size(); i++) {
      stack.run(stack.command(List.of("rm", "-rf", stack.stateDir() + "/backups/" + points.get(i).timestamp()))).requireSuccess();
    }
  }

  private static byte[] bytes(JsonNode n) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
