package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.testing.Processes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The jbang scripts and the catalog: every alias points at a script; every script names this
 * build's artifact in {@code //DEPS}; and every script runs — with Java's source launcher and the
 * artifact's class path, which is what jbang does after resolving {@code //DEPS} — reaching the
 * runner's own usage check (no profile given) or its help.
 */
class JbangScriptsIT {
  static final Path ROOT = Path.of("..");

  @Test
  void catalogAliasesPointAtScriptsThatRunTheRunnerOfThisVersion() throws Exception {
    JsonNode aliases = new ObjectMapper().readTree(ROOT.resolve("jbang-catalog.json").toFile()).get("aliases");
    String version = projectVersion();
    List<String> names = new ArrayList<>();
    aliases.fieldNames().forEachRemaining(names::add);
    assertEquals(List.of("vps", "provision", "deploy", "validate", "dns", "app"), names);
    for (String alias : names) {
      Path script = ROOT.resolve(aliases.get(alias).get("script-ref").asText());
      assertTrue(Files.isRegularFile(script), alias + ": " + script);
      String text = Files.readString(script);
      assertTrue(text.startsWith("///usr/bin/env jbang \"$0\" \"$@\" ; exit $?\n"), alias + ": no jbang shebang");
      assertTrue(text.contains("\n//DEPS com.dimosaic:examples:" + version + "\n"), alias + ": //DEPS is not this build's " + version);
      List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          System.getProperty("java.class.path"), script.toString()));
      if (alias.equals("vps")) {
        argv.add("--help");
      } else if (alias.equals("dns") || alias.equals("app")) {
        argv.add(alias.equals("dns") ? "plan" : "redeploy");
      }
      Processes.Result r = Processes.run(argv, Map.of(), null);
      String output = r.output();
      if (alias.equals("vps")) {
        assertEquals(0, r.exitCode(), output);
        assertTrue(output.contains("app redeploy") && output.contains("app build-on-host"), output);
      } else {
        assertEquals(Main.USAGE, r.exitCode(), alias + ":\n" + output);
        assertTrue(output.contains("usage error: " + alias) && output.contains("profile folder"), alias + ":\n" + output);
      }
    }
  }

  private static String projectVersion() throws Exception {
    Matcher m = Pattern.compile("<artifactId>vps-parent</artifactId><version>([^<]+)</version>").matcher(Files.readString(Path.of("pom.xml")));
    assertTrue(m.find());
    return m.group(1);
  }
}
