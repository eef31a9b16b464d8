package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every command the runner dispatches has help with its options and an example (issue 19.4). */
class CommandHelpTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Main.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  /** The runner's own commands, and each group's subcommands: a new one cannot ship without help. */
  static List<String> everyCommand() {
    List<String> paths = new ArrayList<>();
    for (String c : Main.commands()) {
      paths.add(c);
      CommandHelp.GROUPS.getOrDefault(c, List.of()).forEach(s -> paths.add(c + " " + s));
    }
    return paths;
  }

  @Test
  void everyCommandAndSubcommandHasHelp() {
    List<String> paths = everyCommand();
    assertTrue(paths.size() >= 14, paths.toString());
    for (String path : paths) {
      for (String flag : List.of("--help", "-h")) {
        List<String> args = new ArrayList<>(List.of(path.split(" ")));
        args.add(flag);
        assertEquals(Main.OK, run(args.toArray(String[]::new)), path + " " + flag + ": " + err);
        assertTrue(out.toString().startsWith("usage: vps " + path + " "), path + ":\n" + out);
        if (!CommandHelp.GROUPS.containsKey(path)) {
          assertTrue(out.toString().contains("options:") && out.toString().contains("example:\n  vps " + path), path + ":\n" + out);
        }
      }
    }
    // every documented command is one the runner dispatches
    CommandHelp.paths().forEach(p -> assertTrue(paths.contains(p), p + " has help but no command"));
  }

  @Test
  void versionAndTypos() {
    assertEquals(Main.OK, run("--version"));
    assertTrue(out.toString().matches("vps \\S+\\R"), out.toString());
    assertEquals(Main.OK, run("-V"));
    assertEquals(Main.USAGE, run("deplyo"));
    assertEquals("usage error: unknown command 'deplyo' (did you mean 'deploy'?)\nsee 'vps --help'\n", err.toString());
    assertEquals(Main.USAGE, run("deploy", "profiles/demo", "--hostkey", "x"));
    assertEquals("usage error: unknown option --hostkey (did you mean '--host-key'?)\nsee 'vps deploy --help'\n", err.toString());
    assertEquals(Main.USAGE, run("rollback", "profiles/demo"));
    assertTrue(err.toString().contains("--list or --to <timestamp>"), err.toString());
  }
}
