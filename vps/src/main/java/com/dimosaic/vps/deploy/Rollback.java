package com.dimosaic.vps.deploy;

import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.secrets.sops.SopsSecrets;
import com.dimosaic.vps.stack.DeployLock;
import com.dimosaic.vps.stack.StackDir;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rollback points and the way back to one: {@link #list()} shows them (timestamp, age, plan
 * summary); {@link #to(String)} takes the deploy lock, takes a rollback point of the present state
 * (so the rollback itself can be undone), stops the stack, restores the backed-up files (decrypting
 * {@code .env}), pins the recorded image IDs where still present, starts, waits for health and
 * records the rollback.
 */
public final class Rollback {
  private final StackDir stack;
  private final Profile profile;
  private final DeployOptions options;

  /** Rollback on a host for a profile (whose age keys decrypt the backups). */
  public Rollback(StackDir stack, Profile profile, DeployOptions options) {
    this.stack = stack;
    this.profile = profile;
    this.options = options;
  }

  /** The rollback points, newest first. */
  public List<Backups.Point> list() {
    return Backups.list(stack);
  }

  /**
   * Restores the rollback point {@code timestamp}; returns the steps.
   *
   * @throws DeployException when there is no such point, the lock is taken, or a service stays unhealthy
   */
  public List<StepResult> to(String timestamp) {
    List<StepResult> steps = new ArrayList<>();
    try (DeployLock lock = DeployLock.acquire(stack, new DeployLock.Holder(options.who(), Instant.now(), "rollback", "rollback to "
        + timestamp), options.lockWait())) {
      Backups.Content content = Backups.read(stack, timestamp, Deployer.identities(profile));
      Map<String, byte[]> current = new java.util.LinkedHashMap<>();
      for (String rel : content.files().keySet()) {
        stack.read(rel).ifPresent(b -> current.put(rel, b));
      }
      List<String> recipients = profile.secrets() instanceof SopsSecrets sops ? sops.recipients() : List.of();
      Backups.Point before = Backups.create(stack, current, recipients, options.who(), "", "before rollback to " + timestamp);
      steps.add(StepResult.changed("backup", before.timestamp() + " (the state before this rollback)"));
      Deployer.audit(stack, options, "rollback", "", "started", "to " + timestamp);
      stack.composeOk(Duration.ofMinutes(5), "down");
      steps.add(StepResult.changed("stop", "docker compose down (volumes kept)"));
      try {
        Restore.apply(stack, content, List.of(), options.healthTimeout(), steps::add);
      } catch (RuntimeException e) {
        Deployer.audit(stack, options, "rollback", "", "failed", e.getMessage().lines().findFirst().orElse(""));
        throw e;
      }
      State.record(stack, profile, "", "rollback to " + timestamp, before.timestamp());
      Deployer.audit(stack, options, "rollback", "", "success", "to " + timestamp);
      return steps;
    }
  }

  /** How old a point is, for listings ({@code 3 h}, {@code 2 d}). */
  public static String age(Backups.Point p) {
    Duration d = p.age();
    return d.toDays() > 0 ? d.toDays() + " d" : d.toHours() > 0 ? d.toHours() + " h" : d.toMinutes() + " min";
  }
}
