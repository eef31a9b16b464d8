package com.dimosaic.vps.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.dimosaic.vps.phase.ProgressListener;
import com.dimosaic.vps.phase.StepResult;
import com.dimosaic.vps.profile.FleetHost;
import com.dimosaic.vps.profile.HostSpec;
import com.dimosaic.vps.profile.Resources;
import com.dimosaic.vps.profile.SshSettings;
import com.dimosaic.vps.remote.Command;
import com.dimosaic.vps.remote.CommandResult;
import com.dimosaic.vps.remote.RemoteHost;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Forming a swarm: init, joins with the token on stdin only, labels, firewall between the fleet's addresses; a second run changes nothing. */
class SwarmFormationTest {
  static final String TOKEN = "SWMTKN-1-0123456789abcdefghijklmnopqrstuvwxyz-secret";

  /** One host's Docker and UFW, as the commands see them. */
  static final class FakeNode {
    final String id;
    final String address;
    String state = "inactive";
    final Map<String, String> labels = new TreeMap<>();
    final Set<String> rules = new HashSet<>();
    final List<String> argvs = new ArrayList<>();
    final List<String> stdins = new ArrayList<>();
    FakeNode leader;
    List<FakeNode> all;

    FakeNode(String id, String address) {
      this.id = id;
      this.address = address;
    }

    CommandResult run(Command c) {
      List<String> a = c.argv();
      String line = String.join(" ", a);
      argvs.add(line);
      stdins.add(new String(c.stdin(), StandardCharsets.UTF_8));
      String out = "";
      if (line.startsWith("docker info")) {
        out = state + " " + (state.equals("active") ? id : "");
      } else if (line.startsWith("docker swarm init")) {
        state = "active";
      } else if (line.equals("docker node ls -q")) {
        out = String.join("\n", all.stream().filter(n -> n.state.equals("active")).map(n -> n.id).toList());
      } else if (line.startsWith("docker swarm join-token -q")) {
        out = TOKEN + "\n";
      } else if (a.get(0).equals("curl")) {
        String body = stdins.get(stdins.size() - 1);
        if (!body.contains(TOKEN) || !body.contains(leader.address + ":2377")) {
          return new CommandResult(line, 0, "{\"message\":\"bad token\"}\n400", "", Duration.ZERO);
        }
        state = "active";
        out = "\n200";
      } else if (line.startsWith("docker node inspect")) {
        FakeNode n = all.stream().filter(x -> x.id.equals(a.get(a.size() - 1))).findFirst().orElseThrow();
        StringBuilder sb = new StringBuilder("{");
        n.labels.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":\"").append(v).append('"'));
        out = sb.append("}").toString();
      } else if (line.startsWith("docker node update")) {
        FakeNode n = all.stream().filter(x -> x.id.equals(a.get(a.size() - 1))).findFirst().orElseThrow();
        for (int i = 0; i < a.size(); i++) {
          if (a.get(i).equals("--label-add")) {
            String[] kv = a.get(i + 1).split("=", 2);
            n.labels.put(kv[0], kv[1]);
          }
        }
      } else if (line.startsWith("ufw allow")) {
        out = rules.add(line.replaceAll(" comment .*", "")) ? "Rule added\n" : "Skipping adding existing rule\n";
      }
      return new CommandResult(line, 0, out, "", Duration.ZERO);
    }

    RemoteHost host() {
      RemoteHost h = mock(RemoteHost.class);
      when(h.run(any(Command.class))).thenAnswer(inv -> run(inv.getArgument(0)));
      return h;
    }
  }

  static FleetHost host(String name, String priv, String... roles) {
    return new FleetHost(name, new HostSpec("203.0.113.9", Optional.empty(), new SshSettings(22, "root", Optional.empty(), Optional.empty())),
        Optional.of(priv), List.of(roles), List.of(), new Resources(1, 1, 8));
  }

  @Test
  void formsOnceThenFindsItFormedAndTheTokenTravelsOnStdinOnly() {
    FakeNode m = new FakeNode("nodem", "10.0.0.1");
    FakeNode w = new FakeNode("nodew", "10.0.0.2");
    List<FakeNode> all = List.of(m, w);
    all.forEach(n -> {
      n.all = all;
      n.leader = m;
    });
    List<SwarmFormation.Member> members = List.of(new SwarmFormation.Member(host("m", "10.0.0.1", "manager", "db"), m.host()),
        new SwarmFormation.Member(host("w", "10.0.0.2", "worker"), w.host()));
    List<StepResult> first = new SwarmFormation(members, ProgressListener.NONE).form();
    assertTrue(first.stream().anyMatch(s -> s.changed() && s.step().equals("swarm on m")), first.toString());
    assertTrue(first.stream().anyMatch(s -> s.changed() && s.step().equals("w in the swarm") && s.detail().equals("joined as worker")));
    assertEquals(Map.of("vps.host", "m", "vps.manager", "true", "vps.db", "true"), m.labels);
    assertEquals(Map.of("vps.host", "w", "vps.worker", "true"), w.labels);
    assertTrue(m.argvs.contains("docker swarm init --advertise-addr 10.0.0.1 --listen-addr 0.0.0.0:2377"), m.argvs.toString());
    // the token: on stdin of the joining host, never in a command line or a step
    for (FakeNode n : all) {
      n.argvs.forEach(a -> assertFalse(a.contains(TOKEN), a));
    }
    assertTrue(w.stdins.stream().anyMatch(s -> s.contains(TOKEN)));
    assertFalse(first.toString().contains(TOKEN));
    // the worker lets the manager reach 7946 and 4789 but serves no 2377; the manager lets the worker reach 2377 too
    assertTrue(w.rules.contains("ufw allow from 10.0.0.1 to any port 4789 proto udp"), w.rules.toString());
    assertFalse(w.rules.stream().anyMatch(r -> r.contains("port 2377")), w.rules.toString());
    assertTrue(m.rules.contains("ufw allow from 10.0.0.2 to any port 2377 proto tcp"), m.rules.toString());
    assertEquals(4, m.rules.size());
    assertEquals(3, w.rules.size());

    List<StepResult> second = new SwarmFormation(members, ProgressListener.NONE).form();
    assertTrue(second.stream().noneMatch(StepResult::changed), second.toString());
  }

  @Test
  void aHostInAnotherSwarmIsRefused() {
    FakeNode m = new FakeNode("nodem", "10.0.0.1");
    FakeNode w = new FakeNode("elsewhere", "10.0.0.2");
    m.state = "active";
    w.state = "active";
    List<FakeNode> all = List.of(m);
    m.all = all;
    w.all = all;
    List<SwarmFormation.Member> members = List.of(new SwarmFormation.Member(host("m", "10.0.0.1", "manager"), m.host()),
        new SwarmFormation.Member(host("w", "10.0.0.2"), w.host()));
    SwarmException e = assertThrows(SwarmException.class, () -> new SwarmFormation(members, ProgressListener.NONE).form());
    assertTrue(e.getMessage().contains("w is in another swarm"), e.getMessage());
  }
}
