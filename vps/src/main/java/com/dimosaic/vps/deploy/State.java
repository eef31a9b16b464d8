package com.dimosaic.vps.deploy;

import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.stack.StackDir;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;

/**
 * The last deployment's record, {@code .vps-state/last-deploy.json}: profile, action (deploy or
 * rollback), plan hash, time, the rollback point taken before it, and the running image IDs.
 * (Provisioning's {@code state.json} stays as provisioning wrote it, so re-provisioning remains a no-op.)
 */
final class State {
  private static final ObjectMapper JSON = new ObjectMapper();

  private State() {}

  static void record(StackDir stack, Profile profile, String planHash, String action, String backup) {
    ObjectNode n = JSON.createObjectNode().put("profile", profile.name()).put("action", action).put("planHash", planHash)
        .put("time", Instant.now().toString()).put("backup", backup);
    ObjectNode images = n.putObject("images");
    stack.runningImages().forEach(images::put);
    try {
      stack.write(stack.stateDir() + "/last-deploy.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n), false, false);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
