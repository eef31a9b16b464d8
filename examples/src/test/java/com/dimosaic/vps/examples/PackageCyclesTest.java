package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * No package of the SDK depends on itself through others: {@code jdeps} over every module's compiled
 * classes, then the strongly connected components of the package graph. A package's {@code internal}
 * sub-package is its implementation and counts as part of it (the loader in {@code profile} builds
 * through {@code profile.internal}, which builds {@code profile}'s records). {@code provision},
 * {@code deploy} and {@code app} share the {@code stack} package and never use each other.
 */
class PackageCyclesTest {
  static final List<String> MODULES = List.of("vps-core", "vps-ssh", "vps-compose", "vps-mox", "vps-netcup", "vps-validation", "vps");

  static Map<String, Set<String>> graph() {
    // the modules' descriptors name the libraries they read: those come from this test's classpath, one version each
    List<String> libraries = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (ModulePathIT.LIBRARIES.matcher(Path.of(e).getFileName().toString()).matches()) {
        libraries.add(e);
      }
    }
    List<String> args = new ArrayList<>(List.of("--module-path", String.join(java.io.File.pathSeparator, libraries), "--multi-release", "17",
        "-verbose:package", "-e", "com\\.dimosaic\\.vps(\\..*)?"));
    for (String m : MODULES) {
      Path classes = Path.of("..", m, "target", "classes");
      assertTrue(Files.isDirectory(classes), classes + " (build the modules first)");
      args.add(classes.toString());
    }
    StringWriter out = new StringWriter();
    int rc = ToolProvider.findFirst("jdeps").orElseThrow().run(new PrintWriter(out), new PrintWriter(out), args.toArray(String[]::new));
    assertEquals(0, rc, out.toString());
    Map<String, Set<String>> g = new TreeMap<>();
    for (String l : out.toString().split("\n")) {
      String[] w = l.trim().split("\\s+");
      if (w.length >= 3 && w[1].equals("->") && w[0].startsWith("com.dimosaic.vps") && w[2].startsWith("com.dimosaic.vps")) {
        String from = w[0].replaceAll("\\.internal$", "");
        String to = w[2].replaceAll("\\.internal$", "");
        if (!from.equals(to)) {
          g.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
          g.computeIfAbsent(to, k -> new TreeSet<>());
        }
      }
    }
    return g;
  }

  @Test
  void thePackageGraphHasNoCycle() {
    Map<String, Set<String>> g = graph();
    assertTrue(g.containsKey("com.dimosaic.vps.stack") && g.containsKey("com.dimosaic.vps.provision"), g.keySet().toString());
    List<Set<String>> cycles = stronglyConnected(g).stream().filter(c -> c.size() > 1).toList();
    assertEquals(List.of(), cycles, "package cycles");
  }

  @Test
  void provisionDeployAndAppShareOnlyTheStackPackage() {
    Map<String, Set<String>> g = graph();
    for (String a : List.of("provision", "deploy", "app")) {
      for (String b : List.of("provision", "deploy", "app")) {
        if (!a.equals(b)) {
          assertTrue(!g.get("com.dimosaic.vps." + a).contains("com.dimosaic.vps." + b), a + " uses " + b);
        }
      }
      assertTrue(g.get("com.dimosaic.vps." + a).contains("com.dimosaic.vps.stack"), a + " does not use stack");
    }
    g.forEach((p, uses) -> assertTrue(!uses.contains("com.dimosaic.vps"), p + " uses the facade package"));
  }

  /** Tarjan's algorithm. */
  static List<Set<String>> stronglyConnected(Map<String, Set<String>> g) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> on = new TreeSet<>();
    List<Set<String>> out = new ArrayList<>();
    int[] counter = {0};
    for (String v : g.keySet()) {
      if (!index.containsKey(v)) {
        connect(v, g, index, low, stack, on, out, counter);
      }
    }
    return out;
  }

  private static void connect(String v, Map<String, Set<String>> g, Map<String, Integer> index, Map<String, Integer> low,
      Deque<String> stack, Set<String> on, List<Set<String>> out, int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]++);
    stack.push(v);
    on.add(v);
    for (String w : g.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        connect(w, g, index, low, stack, on, out, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (on.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> c = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        on.remove(w);
        c.add(w);
      } while (!w.equals(v));
      out.add(c);
    }
  }

  @Test
  void tarjanFindsACycle() {
    Map<String, Set<String>> g = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
    assertTrue(stronglyConnected(new TreeMap<>(g)).contains(Set.of("a", "b", "c")));
  }
}
