package com.dimosaic.vps.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns restic's {@code --json} lines into progress text for a listener: {@code 12.4 MiB, 310 files (41%)} from a status
 * line, {@code stored 12.4 MiB (+1.2 MiB new)} from a summary; anything else is not progress.
 */
final class ResticProgress {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ResticProgress() {}

  /** The progress text of one line of the script's output, if it is restic's. */
  static Optional<String> line(String line) {
    if (!line.startsWith("{\"message_type\"")) {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(line);
      switch (n.path("message_type").asText()) {
        case "status" -> {
          long done = n.path("bytes_done").asLong();
          long files = n.path("files_done").asLong();
          double pct = n.path("percent_done").asDouble(-1);
          return Optional.of(bytes(done) + (files > 0 ? ", " + files + " files" : "")
              + (pct > 0 && n.path("total_bytes").asLong() > 0 ? String.format(Locale.ROOT, " (%.0f%%)", pct * 100) : ""));
        }
        case "summary" -> {
          return Optional.of("stored " + bytes(n.path("total_bytes_processed").asLong()) + " (+" + bytes(n.path("data_added").asLong())
              + " new)");
        }
        default -> {
          return Optional.empty();
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** {@code 1.5 GiB}, {@code 12.0 MiB}, {@code 512 B}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
