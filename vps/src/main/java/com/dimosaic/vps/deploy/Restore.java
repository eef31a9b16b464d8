package com.dimosaic.vps.deploy;

import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.stack.Health;
import com.dimosaic.vps.stack.ImagePins;
import com.dimosaic.vps.stack.StackDir;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Puts a backup back: its files (the {@code .env} decrypted, 0600; single-file mounts rewritten in
 * place), each service's image tag pointed back at the image ID it ran (where that image is still
 * present), then {@code docker compose up -d --remove-orphans} and a health wait per service.
 */
final class Restore {
  private Restore() {}

  static void apply(StackDir stack, Backups.Content content, List<String> touched, Duration healthTimeout, Consumer<StepResult> steps) {
    for (Map.Entry<String, byte[]> f : content.files().entrySet()) {
      String rel = f.getKey();
      stack.write(stack.dir() + "/" + rel, f.getValue(), rel.equals(".env"), StackDir.singleFileMount(rel));
    }
    if (!content.files().containsKey(ImagePins.FILE)) {
      ImagePins.restore(stack, Optional.empty()); // no pins at that point
    }
    steps.accept(StepResult.changed("restore files", content.files().size() + " file(s) from the backup"));
    Map<String, Map<String, Object>> services = StackDir.composeServices(content.files().get("docker-compose.yml"));
    Map<String, String> pins = Optional.ofNullable(content.files().get(ImagePins.FILE)).map(ImagePins::parse).orElse(Map.of());
    for (Map.Entry<String, String> e : content.imageIds().entrySet()) {
      Map<String, Object> svc = services.get(e.getKey());
      if (svc == null || svc.get("image") == null) {
        continue;
      }
      String ref = pins.getOrDefault(e.getKey(), String.valueOf(svc.get("image")));
      String now = stack.run(stack.command(List.of("docker", "image", "inspect", "--format", "{{.Id}}", ref))).stdout().strip();
      boolean present = stack.run(stack.command(List.of("docker", "image", "inspect", e.getValue()))).ok();
      if (!now.equals(e.getValue()) && present) {
        stack.run(stack.command(List.of("docker", "tag", e.getValue(), ref))).requireSuccess();
        steps.accept(StepResult.changed("pin " + e.getKey(), ref + " → " + e.getValue().substring(0, Math.min(19, e.getValue().length()))));
      }
    }
    stack.composeOk(Duration.ofMinutes(10), "up", "-d", "--remove-orphans");
    for (String s : services.keySet()) {
      Health.await(stack, s, 1, healthTimeout);
    }
    steps.accept(StepResult.changed("restart", "every service healthy again" + (touched.isEmpty() ? "" : " (" + String.join(", ", touched)
        + " restored)")));
  }
}
