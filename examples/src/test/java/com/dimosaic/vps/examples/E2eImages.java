package com.dimosaic.vps.examples;

import com.dimosaic.vps.testing.VpsBox;
import java.time.Duration;

/** Images the fleet and Swarm e2e tests make from the stand-in images and push into their boxes' registries. */
final class E2eImages {
  private E2eImages() {}

  /** A local image made from {@code image} with one Dockerfile change ({@code CMD [...]}, {@code ENTRYPOINT [...]}); remove it with {@link #remove}. */
  static String derived(String image, String change) {
    String cid = VpsBox.docker(Duration.ofSeconds(30), "create", image, "true").requireSuccess().output().strip();
    try {
      String tag = "vps-e2e/derived:" + Long.toHexString(System.nanoTime());
      VpsBox.docker(Duration.ofMinutes(2), "commit", "--change", change, cid, tag).requireSuccess();
      return tag;
    } finally {
      VpsBox.docker(Duration.ofSeconds(30), "rm", cid);
    }
  }

  /** Pushes a local image as {@code ref} (a box's registry published on 127.0.0.1), leaving no local tag behind. */
  static void push(String image, String ref) {
    VpsBox.docker(Duration.ofSeconds(30), "tag", image, ref).requireSuccess();
    VpsBox.docker(Duration.ofMinutes(10), "push", "--quiet", ref).requireSuccess();
    VpsBox.docker(Duration.ofSeconds(30), "rmi", ref);
  }

  /** Removes a local image made by {@link #derived}. */
  static void remove(String image) {
    VpsBox.docker(Duration.ofSeconds(30), "rmi", image);
  }
}
