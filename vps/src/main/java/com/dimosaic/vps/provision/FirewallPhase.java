package com.dimosaic.vps.provision;

import com.dimosaic.vps.phase.Phase;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.Profile;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.RemoteHost;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Phase 4: UFW as desired state; SSH allowed before UFW is enabled; unmanaged rules reported (or purged). */
public final class FirewallPhase extends NumberedPhase {

  private final boolean prune;

  /** The phase; rules the profile does not know are deleted only with the profile's {@code firewall.purgeUnmanaged}. */
  public FirewallPhase() {
    this(false);
  }

  /** The phase; with {@code prune} rules the profile does not know are deleted whatever the profile says (drift repair's prune). */
  public FirewallPhase(boolean prune) {
    super("firewall", "4");
    this.prune = prune;
  }

  @Override
  protected void run(Phase.Context ctx, List<StepResult> out) {
    RemoteHost h = ctx.host();
    Profile p = ctx.profile();
    List<String> desired = desiredRules(p);
    Set<String> present = new LinkedHashSet<>();
    for (String l : h.run(Command.of("ufw", "show", "added")).requireSuccess().stdout().lines().toList()) {
      if (l.startsWith("ufw ")) {
        present.add(l.substring(4).strip());
      }
    }
    for (String rule : desired) { // SSH first: it is the first desired rule
      if (present.contains(rule)) {
        out.add(StepResult.unchanged("ufw " + rule));
      } else {
        List<String> argv = new ArrayList<>(List.of("ufw"));
        argv.addAll(List.of(rule.split(" ")));
        h.run(Command.of(argv)).requireSuccess();
        out.add(StepResult.changed("ufw " + rule, "added"));
      }
    }
    for (String rule : present) {
      if (!desired.contains(rule)) {
        if (prune || p.firewall().purgeUnmanaged()) {
          List<String> argv = new ArrayList<>(List.of("ufw", "delete"));
          argv.addAll(List.of(rule.split(" ")));
          h.run(Command.of(argv)).requireSuccess();
          out.add(StepResult.changed("ufw " + rule, "deleted (not in the profile; purge)"));
        } else {
          out.add(StepResult.unchanged("ufw " + rule + " (not managed; kept)"));
        }
      }
    }
    String status = h.run(Command.of("ufw", "status")).requireSuccess().stdout();
    if (status.contains("Status: active")) {
      out.add(StepResult.unchanged("ufw enabled"));
    } else {
      h.run(Command.of("ufw", "default", "deny", "incoming")).requireSuccess();
      h.run(Command.of("ufw", "default", "allow", "outgoing")).requireSuccess();
      h.run(Command.of("ufw", "--force", "enable")).requireSuccess();
      out.add(StepResult.changed("ufw enabled", "default deny incoming"));
    }
  }

  /** The UFW rules the profile wants, in {@code ufw} rule syntax. */
  public static List<String> desiredRules(Profile p) {
    List<String> rules = new ArrayList<>();
    rules.add("allow " + p.host().ssh().port() + "/tcp");
    List<Integer> ports = new ArrayList<>(ProvisioningOutline.PUBLIC_PORTS.subList(1, ProvisioningOutline.PUBLIC_PORTS.size()));
    if (p.firewall().publicPostgres()) {
      ports.add(5432);
    }
    ports.addAll(p.firewall().extraTcpPorts());
    ports.forEach(port -> rules.add("allow " + port + "/tcp"));
    rules.add("allow from " + p.docker().networkCidr() + " to any port 8080 proto tcp");
    return rules;
  }}
