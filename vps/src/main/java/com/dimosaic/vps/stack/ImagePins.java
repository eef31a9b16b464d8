package com.dimosaic.vps.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The images app delivery pinned on the host: {@code docker-compose.override.yml} in the deploy
 * folder, which Compose merges over the generated {@code docker-compose.yml}. An application's CI
 * owns its version ({@code app redeploy --image …:1.4.2}); the profile owns everything else. A deploy
 * whose profile changes a pinned service's image removes that pin (the newer, explicit intent wins);
 * backups hold the file and a restore brings back the pins of its point.
 */
public final class ImagePins {
  /** The file, relative to the deploy folder. */
  public static final String FILE = "docker-compose.override.yml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern REFERENCE = Pattern.compile("[a-z0-9][a-z0-9._/:@-]*(:[\\w][\\w.-]{0,127})?(@sha256:[0-9a-f]{64})?");

  private ImagePins() {}

  /** Service → pinned image reference (empty when there is no file). */
  public static Map<String, String> read(StackDir stack) {
    return stack.read(FILE).map(ImagePins::parse).orElse(Map.of());
  }

  /** Parses the file's content. */
  /** The pinned image per service in an override file's content. */
  public static Map<String, String> parse(byte[] content) {
    Map<String, String> out = new TreeMap<>();
    try {
      JsonNode root = YAML.readTree(content);
      if (root != null) {
        root.path("services").fields().forEachRemaining(e -> {
          if (e.getValue().hasNonNull("image")) {
            out.put(e.getKey(), e.getValue().get("image").asText());
          }
        });
      }
    } catch (IOException e) {
      throw new DeployException(StackDir.DEFAULT_DIR + "/" + FILE + " is not valid YAML (" + e.getMessage().lines().findFirst().orElse("")
          + "); fix or remove it", e);
    }
    return out;
  }

  /** The file for these pins. */
  static byte[] render(Map<String, String> pins) {
    StringBuilder sb = new StringBuilder("# Managed by vps: the images app delivery (app redeploy --image) pinned over the profile's.\n"
        + "# A deploy that changes a pinned service's image in the profile removes its pin.\nservices:\n");
    new TreeMap<>(pins).forEach((service, image) -> sb.append("  ").append(service).append(":\n    image: \"").append(image).append("\"\n"));
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Checks an image reference before it goes into the file. */
  public static String checkReference(String image) {
    if (!REFERENCE.matcher(image).matches()) {
      throw new DeployException(DeployException.Reason.INVALID, "invalid image reference '" + image + "'");
    }
    return image;
  }

  /** Pins {@code service} to {@code image}; returns whether the file changed. */
  public static boolean pin(StackDir stack, String service, String image) {
    Map<String, String> pins = new TreeMap<>(read(stack));
    if (image.equals(pins.put(service, checkReference(image)))) {
      return false;
    }
    stack.write(stack.dir() + "/" + FILE, render(pins), false, false);
    return true;
  }

  /** Removes the pins of {@code services}; returns the ones that were pinned. */
  public static List<String> unpin(StackDir stack, List<String> services) {
    Map<String, String> pins = new TreeMap<>(read(stack));
    List<String> removed = services.stream().filter(s -> pins.remove(s) != null).toList();
    if (!removed.isEmpty()) {
      restore(stack, pins.isEmpty() ? Optional.empty() : Optional.of(render(pins)));
    }
    return removed;
  }

  /** Puts the file back as it was ({@code empty}: no file). */
  public static void restore(StackDir stack, Optional<byte[]> content) {
    if (content.isPresent()) {
      stack.write(stack.dir() + "/" + FILE, content.get(), false, false);
    } else {
      stack.run(stack.command(List.of("rm", "-f", stack.dir() + "/" + FILE))).requireSuccess();
    }
  }
}
