package com.dimosaic.vps.swarm;

import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.validation.Check;
import com.dimosaic.vps.validation.CheckResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The swarm's checks, run on a manager: every node ready (a node down is reduced capacity: WARN, the
 * swarm has moved its tasks), and every service of the stack at its desired replicas with its tasks
 * running (fewer: WARN; none: FAIL), with the nodes they run on.
 */
public final class SwarmChecks {
  /** The category of these checks in the report. */
  public static final String CATEGORY = "Swarm";

  private SwarmChecks() {}

  /** The checks for {@code stack}: the nodes, and one per service of the stack. */
  public static List<Check> of(String stack, List<String> services) {
    List<Check> out = new ArrayList<>();
    out.add(nodes());
    for (String s : services) {
      out.add(service(stack, s));
    }
    return out;
  }

  /** Every node of the swarm ready and active. */
  public static Check nodes() {
    return Check.of("swarm.nodes", CATEGORY, "swarm nodes ready", ctx -> {
      CommandResult r = ctx.host().run(Command.of("docker", "node", "ls", "--format", "{{.Hostname}}\t{{.Status}}\t{{.Availability}}")
          .withTimeout(Duration.ofSeconds(30)));
      if (!r.ok()) {
        return CheckResult.fail("not a swarm manager: " + CommandResult.tail(r.stderr().strip(), 1), "docker info --format '{{.Swarm}}'");
      }
      List<String> ready = new ArrayList<>();
      List<String> down = new ArrayList<>();
      for (String line : r.stdout().strip().split("\n")) {
        String[] f = line.split("\t");
        if (f.length < 3) {
          continue;
        }
        (f[1].equals("Ready") && f[2].equals("Active") ? ready : down).add(f[0] + (f[1].equals("Ready") ? "" : " " + f[1].toLowerCase())
            + (f[2].equals("Active") ? "" : " " + f[2].toLowerCase()));
      }
      int all = ready.size() + down.size();
      if (down.isEmpty()) {
        return CheckResult.pass(all + " of " + all + " nodes ready: " + String.join(", ", ready));
      }
      if (ready.isEmpty()) {
        return CheckResult.fail("no node ready: " + String.join(", ", down), "docker node ls");
      }
      return CheckResult.warn("reduced capacity: " + ready.size() + " of " + all + " nodes ready; not: " + String.join(", ", down)
          + " (their tasks run on the others)", "docker node ls; bring the node back or remove it (docker node rm)");
    });
  }

  /** A service of the stack at its desired replicas, its tasks running, and where. */
  public static Check service(String stack, String service) {
    String name = stack + "_" + service;
    return Check.of("swarm.services." + service, CATEGORY, service + " replicas", ctx -> {
      CommandResult ls = ctx.host().run(Command.of("docker", "service", "ls", "--filter", "name=" + name, "--format", "{{.Name}} {{.Replicas}}")
          .withTimeout(Duration.ofSeconds(30)));
      String replicas = "";
      for (String line : ls.stdout().strip().split("\n")) {
        String[] f = line.strip().split(" ", 2);
        if (f.length == 2 && f[0].equals(name)) {
          replicas = f[1].strip();
        }
      }
      if (!ls.ok() || replicas.isEmpty()) {
        return CheckResult.fail(name + " is not deployed", "docker stack services " + stack);
      }
      CommandResult ps = ctx.host().run(Command.of("docker", "service", "ps", name, "--filter", "desired-state=running", "--format",
          "{{.Node}}\t{{.CurrentState}}").withTimeout(Duration.ofSeconds(30)));
      Map<String, Integer> perNode = new TreeMap<>();
      for (String line : ps.stdout().strip().split("\n")) {
        String[] f = line.split("\t");
        if (f.length == 2 && f[1].startsWith("Running")) {
          perNode.merge(f[0], 1, Integer::sum);
        }
      }
      String[] rr = replicas.split("/");
      // the running tasks as their nodes report them: `service ls` still counts the tasks of a node that went down
      int running = perNode.values().stream().mapToInt(Integer::intValue).sum();
      int desired = Integer.parseInt(rr[1].replaceAll("\\D.*", ""));
      String where = perNode.isEmpty() ? "" : " on " + perNode.entrySet().stream().map(e -> e.getKey() + (e.getValue() > 1 ? " x" + e.getValue()
          : "")).reduce((a, b) -> a + ", " + b).orElse("");
      if (running >= desired && desired > 0) {
        return CheckResult.pass(running + "/" + desired + " running" + where);
      }
      if (running == 0) {
        return CheckResult.fail("0/" + desired + " running", "docker service ps --no-trunc " + name);
      }
      return CheckResult.warn(running + "/" + desired + " running" + where, "docker service ps --no-trunc " + name);
    });
  }
}
