package com.dimosaic.vps.swarm;

import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.FleetHost;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.remote.RemoteHost;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Forms (or checks) the swarm of a fleet, idempotently: the first manager initialises it, the other
 * hosts join (managers as managers), every node is labelled from its host's roles
 * ({@code vps.host=<name>}, {@code vps.<role>=true}: what the stack's placement constraints name), and
 * each host's firewall lets the other hosts of the fleet, and only them, reach the swarm's ports
 * (2377/tcp to managers, 7946/tcp+udp, 4789/udp). A second run changes nothing.
 *
 * <p>Join tokens are read from the first manager into memory and handed to the joining host's Docker
 * API on stdin ({@code curl --data-binary @-} to {@code /var/run/docker.sock}): never in a log, a
 * report, an exception or a command line.
 */
public final class SwarmFormation {
  /** The swarm's ports: cluster management (managers), node communication, overlay traffic. */
  public static final List<String> PORTS = List.of("2377/tcp", "7946/tcp", "7946/udp", "4789/udp");

  /**
   * A host of the fleet and its connection.
   *
   * @param host the fleet host
   * @param remote its connection (root)
   */
  public record Member(FleetHost host, RemoteHost remote) {
    /** Checks the parts. */
    public Member {
      Objects.requireNonNull(host, "host == null");
      Objects.requireNonNull(remote, "remote == null");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Member> members;
  private final ProgressListener listener;

  /**
   * A formation over {@code members}, in inventory order: the managers are those with role
   * {@code manager} (the first member when none has it), the first of them initialises the swarm.
   */
  public SwarmFormation(List<Member> members, ProgressListener listener) {
    this.members = List.copyOf(members);
    this.listener = Objects.requireNonNull(listener, "listener == null");
    if (this.members.isEmpty()) {
      throw new IllegalArgumentException("a swarm needs at least one host");
    }
  }

  /** The managers among the members. */
  public List<Member> managers() {
    List<Member> m = members.stream().filter(x -> x.host().has("manager")).toList();
    return m.isEmpty() ? List.of(members.get(0)) : m;
  }

  /** The first manager: where the swarm is initialised and stacks are deployed. */
  public Member leader() {
    return managers().get(0);
  }

  /**
   * Forms the swarm (or finds it formed).
   *
   * @return what was done, each step changed or unchanged
   * @throws SwarmException when a host is in another swarm or a command fails
   */
  public List<StepResult> form() {
    List<StepResult> out = new ArrayList<>();
    Member leader = leader();
    String phase = "swarm";
    long t0 = System.nanoTime();
    listener.phaseStarted(phase);
    boolean ok = false;
    try {
      Map<String, NodeState> state = new LinkedHashMap<>();
      for (Member m : members) {
        state.put(m.host().name(), NodeState.of(m));
      }
      NodeState ls = state.get(leader.host().name());
      if (!ls.active()) {
        listener.stepStarted(phase, "docker swarm init on " + leader.host().name());
        run(leader, Command.of("docker", "swarm", "init", "--advertise-addr", leader.host().fleetAddress(), "--listen-addr",
            "0.0.0.0:2377"));
        ls = NodeState.of(leader);
        state.put(leader.host().name(), ls);
        out.add(StepResult.changed("swarm on " + leader.host().name(), "initialised, advertised at " + leader.host().fleetAddress()));
      } else {
        out.add(StepResult.unchanged("swarm on " + leader.host().name()));
      }
      List<String> nodes = List.of(run(leader, Command.of("docker", "node", "ls", "-q")).stdout().strip().split("\\s+"));
      List<Member> managers = managers();
      // the firewall first: a joining host must reach the manager's 2377, and the nodes each other's 7946 and 4789
      for (Member m : members) {
        out.addAll(firewall(m, managers.contains(m)));
      }
      for (Member m : members) {
        if (m == leader) {
          continue;
        }
        NodeState s = state.get(m.host().name());
        boolean manager = managers.contains(m);
        if (s.active()) {
          if (!nodes.contains(s.nodeId())) {
            throw new SwarmException(SwarmException.Reason.CONFLICT, m.host().name() + " is in another swarm (node " + s.nodeId()
                + " is not one of " + leader.host().name() + "'s); leave it there first (docker swarm leave) or remove it from the fleet");
          }
          out.add(StepResult.unchanged(m.host().name() + " in the swarm"));
          continue;
        }
        listener.stepStarted(phase, "joining " + m.host().name());
        join(leader, m, manager);
        state.put(m.host().name(), NodeState.of(m));
        out.add(StepResult.changed(m.host().name() + " in the swarm", "joined as " + (manager ? "manager" : "worker")));
      }
      for (Member m : members) {
        out.add(label(leader, m, state.get(m.host().name()).nodeId()));
      }
      ok = true;
      return out;
    } finally {
      listener.phaseFinished(new com.dimosaic.vps.phase.PhaseResult(phase, ok ? com.dimosaic.vps.phase.PhaseResult.Status.OK
          : com.dimosaic.vps.phase.PhaseResult.Status.FAILED, out, Duration.ofNanos(System.nanoTime() - t0), ok ? "" : "failed"));
    }
  }

  /** Joins {@code m} through its Docker API; the token goes on stdin and is not kept. */
  private static void join(Member leader, Member m, boolean manager) {
    String token = run(leader, Command.of("docker", "swarm", "join-token", "-q", manager ? "manager" : "worker")).stdout().strip();
    ObjectNode body = JSON.createObjectNode().put("ListenAddr", "0.0.0.0:2377").put("AdvertiseAddr", m.host().fleetAddress())
        .put("JoinToken", token);
    body.putArray("RemoteAddrs").add(bracketed(leader.host().fleetAddress()) + ":2377");
    CommandResult r = m.remote().run(Command.of("curl", "-sS", "--unix-socket", "/var/run/docker.sock", "-H", "Content-Type: application/json",
        "-X", "POST", "--data-binary", "@-", "-w", "\\n%{http_code}", "http://localhost/swarm/join")
        .withStdin(body.toString().getBytes(StandardCharsets.UTF_8)).withTimeout(Duration.ofMinutes(2)));
    String[] lines = r.stdout().strip().split("\n");
    String code = lines[lines.length - 1].strip();
    if (r.ok() && code.equals("503") && r.stdout().contains("continue in the background")) {
      // Docker's join timed out but goes on: wait for the node to become active
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (System.nanoTime() < deadline) {
        if (NodeState.of(m).active()) {
          return;
        }
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    if (!r.ok() || !code.equals("200")) {
      // the answer is Docker's error message; it does not contain the token
      throw new SwarmException(SwarmException.Reason.FAILED, m.host().name() + " could not join the swarm at " + leader.host().fleetAddress()
          + ":2377 (HTTP " + code + "): " + (r.stdout() + r.stderr()).replace(token, "<token>").strip());
    }
  }

  private static StepResult label(Member leader, Member m, String nodeId) {
    Map<String, String> want = new LinkedHashMap<>();
    want.put("vps.host", m.host().name());
    m.host().roles().forEach(r -> want.put("vps." + r, "true"));
    JsonNode have;
    try {
      have = JSON.readTree(run(leader, Command.of("docker", "node", "inspect", "--format", "{{json .Spec.Labels}}", nodeId)).stdout());
    } catch (java.io.IOException e) {
      throw new SwarmException(SwarmException.Reason.FAILED, "cannot read the labels of " + m.host().name() + ": " + e.getMessage());
    }
    List<String> add = new ArrayList<>();
    want.forEach((k, v) -> {
      if (have == null || !have.has(k) || !have.get(k).asText().equals(v)) {
        add.add(k + "=" + v);
      }
    });
    if (add.isEmpty()) {
      return StepResult.unchanged("labels of " + m.host().name());
    }
    List<String> argv = new ArrayList<>(List.of("docker", "node", "update"));
    add.forEach(l -> argv.addAll(List.of("--label-add", l)));
    argv.add(nodeId);
    run(leader, Command.of(argv));
    return StepResult.changed("labels of " + m.host().name(), String.join(" ", add));
  }

  /** UFW rules for the swarm's ports, from each other member of the fleet only (skipped where UFW is not installed). */
  private List<StepResult> firewall(Member m, boolean manager) {
    List<StepResult> out = new ArrayList<>();
    if (!m.remote().run(Command.of("sh", "-c", "command -v ufw >/dev/null")).ok()) {
      out.add(StepResult.unchanged("firewall of " + m.host().name() + " (no ufw: not managed)"));
      return out;
    }
    List<String> added = new ArrayList<>();
    for (Member peer : members) {
      if (peer == m) {
        continue;
      }
      for (String port : PORTS) {
        if (port.startsWith("2377") && !manager) {
          continue;
        }
        String[] pp = port.split("/");
        CommandResult r = run(m, Command.of("ufw", "allow", "from", peer.host().fleetAddress(), "to", "any", "port", pp[0], "proto", pp[1],
            "comment", "vps swarm " + peer.host().name()));
        if (r.stdout().contains("Rule added") || r.stdout().contains("Rule updated")) {
          added.add(pp[0] + "/" + pp[1] + " from " + peer.host().name());
        }
      }
    }
    out.add(added.isEmpty() ? StepResult.unchanged("firewall of " + m.host().name() + " for the swarm")
        : StepResult.changed("firewall of " + m.host().name() + " for the swarm", "allowed " + String.join(", ", added)));
    return out;
  }

  private static String bracketed(String address) {
    return address.contains(":") ? "[" + address + "]" : address;
  }

  static CommandResult run(Member m, Command c) {
    CommandResult r = m.remote().run(c.withTimeout(Duration.ofMinutes(2)));
    if (!r.ok()) {
      throw new SwarmException(SwarmException.Reason.FAILED, m.host().name() + ": " + c + " failed (exit " + r.exitCode() + "): "
          + CommandResult.tail((r.stderr() + r.stdout()).strip(), 5));
    }
    return r;
  }

  /** A node's swarm state as its own Docker sees it. */
  private record NodeState(String state, String nodeId) {
    boolean active() {
      return state.equals("active");
    }

    static NodeState of(Member m) {
      CommandResult r = m.remote().run(Command.of("docker", "info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.NodeID}}")
          .withTimeout(Duration.ofMinutes(1)));
      if (!r.ok()) {
        throw new SwarmException(SwarmException.Reason.CONFLICT, m.host().name() + ": Docker does not answer (provision it first): "
            + CommandResult.tail(r.stderr().strip(), 3));
      }
      String[] f = r.stdout().strip().split(" ", 2);
      return new NodeState(f[0], f.length > 1 ? f[1].strip() : "");
    }
  }
}
