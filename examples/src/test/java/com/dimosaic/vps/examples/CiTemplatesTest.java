package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The GitHub Actions templates in {@code docs/ci/}: each parses as a workflow; the secrets and
 * variables it references are exactly the ones its header lists; no {@code ${{ }}} expression is
 * spliced into a script (they go through {@code env:}); every runner call parses with the runner's
 * own argument parser (it gets as far as connecting, to a closed port); and each case has its steps:
 * the front end builds and switches, the back end builds amd64+arm64 and redeploys with the token
 * in GHCR_TOKEN, build on host passes the commit, infrastructure deploys with --yes before it
 * validates and offers a profile choice on manual dispatch.
 */
class CiTemplatesTest {
  static final Path CI = Path.of("../docs/ci");
  private static final Pattern EXPR = Pattern.compile("\\$\\{\\{(.*?)\\}\\}");
  private static final Pattern REF = Pattern.compile("\\b(secrets|vars)\\.([A-Za-z_][A-Za-z0-9_]*)");

  static Stream<String> templates() throws IOException {
    try (Stream<Path> s = Files.list(CI)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("templates")
  void templateIsAWorkflowWhoseSecretsAndRunnerCallsCheckOut(String name) throws Exception {
    String text = Files.readString(CI.resolve(name));
    JsonNode wf = new YAMLMapper().readTree(text);
    assertTrue(wf.has("name") && wf.has("on") && wf.has("jobs"), name);
    Set<String> secrets = new TreeSet<>();
    Set<String> vars = new TreeSet<>();
    Matcher m = EXPR.matcher(text.lines().filter(l -> !l.strip().startsWith("#")).reduce("", (a, b) -> a + b + "\n"));
    while (m.find()) {
      Matcher r = REF.matcher(m.group(1));
      while (r.find()) {
        (r.group(1).equals("secrets") ? secrets : vars).add(r.group(2));
      }
    }
    secrets.remove("GITHUB_TOKEN"); // provided by GitHub
    assertEquals(header(text, "Repository secrets:"), secrets, name + ": the header's secrets differ from the ones used");
    assertEquals(header(text, "Repository variables:"), vars, name + ": the header's variables differ from the ones used");

    List<JsonNode> runnerSteps = new ArrayList<>();
    for (JsonNode job : iterable(wf.get("jobs"))) {
      assertTrue(job.has("runs-on"), name + ": a job without runs-on");
      for (JsonNode step : iterable(job.get("steps"))) {
        assertTrue(step.has("uses") ^ step.has("run"), name + ": a step needs exactly one of uses/run: " + step);
        if (step.has("run")) {
          String run = step.get("run").asText();
          assertFalse(run.contains("${{"), name + ": an expression spliced into a script (pass it through env:): " + run);
          if (run.contains("vps.jar")) {
            runnerSteps.add(step);
            assertTrue(step.path("env").has("VPS_SSH_KEY"), name + ": a runner step without VPS_SSH_KEY: " + step);
            for (List<String> call : runnerCalls(run)) {
              assertParses(name, call);
            }
          }
        }
      }
    }
    assertFalse(runnerSteps.isEmpty(), name + " never calls the runner");
    List<String> calls = runnerSteps.stream().map(s -> s.get("run").asText()).toList();
    switch (name) {
      case "frontend.yml" -> {
        assertTrue(text.contains("npm run build"), name);
        assertTrue(calls.stream().anyMatch(c -> c.contains("app deploy-static") && c.contains("--dir dist")), name);
      }
      case "backend.yml" -> {
        JsonNode build = step(wf, "docker/build-push-action");
        assertTrue(build.get("with").get("platforms").asText().contains("linux/arm64"), name + ": not multi-arch");
        assertTrue(build.get("with").get("push").asBoolean(), name);
        assertTrue(text.indexOf("docker/setup-qemu-action") < text.indexOf("docker/build-push-action"), name);
        assertTrue(calls.stream().anyMatch(c -> c.contains("app redeploy") && c.contains("--registry-user")), name);
        assertTrue(runnerSteps.stream().anyMatch(s -> s.path("env").has("GHCR_TOKEN")), name + ": the host pull has no token");
        assertTrue(wf.get("permissions").get("packages").asText().equals("write"), name);
      }
      case "build-on-host.yml" -> assertTrue(calls.stream().anyMatch(c -> c.contains("app build-on-host") && c.contains("--ref \"$GITHUB_SHA\"")),
          name);
      case "infrastructure.yml" -> {
        JsonNode input = wf.get("on").get("workflow_dispatch").get("inputs").get("profile");
        assertEquals("choice", input.get("type").asText(), name);
        assertTrue(input.get("options").size() >= 2, name);
        int deploy = indexOf(calls, c -> c.contains(" deploy ") && c.contains("--yes"));
        int validate = indexOf(calls, c -> c.contains(" validate "));
        assertTrue(deploy >= 0 && validate > deploy, name + ": deploy --yes, then validate");
        assertTrue(runnerSteps.stream().allMatch(s -> s.path("env").has("SOPS_AGE_KEY")), name + ": a step without SOPS_AGE_KEY");
      }
      default -> throw new AssertionError("a template this test does not know: " + name);
    }
  }

  /** The runner's own parser accepts the call: it loads the (demo) profile and fails only at connecting to a closed port. */
  private static void assertParses(String template, List<String> call) throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Map<String, String> values = Map.of("PROFILE", "profiles/demo", "SITE", "portal", "SERVICE", "api", "IMAGE",
        "ghcr.io/acme/api:0123abc", "GITHUB_ACTOR", "octocat", "GITHUB_SHA", "0123abc", "MESSAGE", "a commit message");
    List<String> args = new ArrayList<>();
    for (String a : call) {
      String v = a;
      for (Map.Entry<String, String> e : values.entrySet()) {
        v = v.replace("$" + e.getKey(), e.getValue());
      }
      assertFalse(v.contains("$"), template + ": an unknown variable in " + a);
      args.add(v);
    }
    args.addAll(List.of("--host", "127.0.0.1", "--port", String.valueOf(closed), "--age-key-file", "profiles/demo/demo-age-key.txt"));
    if (args.contains("deploy-static")) {
      args.set(args.indexOf("--dir") + 1, "."); // dist/ is the front end's build output
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new BufferedReader(new StringReader("")), new PrintWriter(out), new PrintWriter(err), Map.of("GHCR_TOKEN",
        "token"), args.toArray(String[]::new));
    assertEquals(Main.UNREACHABLE, code, template + ": " + args + "\n" + out + err);
    assertFalse(err.toString().contains("usage error"), template + ": " + args + "\n" + err);
    assertTrue(err.toString().contains("127.0.0.1"), template + ": expected a connection failure, got\n" + err);
  }

  /** The runner calls in a script: backslash continuations joined, the words after {@code vps.jar}. */
  static List<List<String>> runnerCalls(String script) {
    List<List<String>> out = new ArrayList<>();
    for (String line : script.replace("\\\n", " ").split("\n")) {
      int at = line.indexOf("vps.jar");
      if (at >= 0) {
        String rest = line.substring(at + "vps.jar".length());
        int redirect = rest.indexOf(" > ");
        out.add(words(redirect >= 0 ? rest.substring(0, redirect) : rest));
      }
    }
    return out;
  }

  /** Shell words: whitespace-separated, double quotes grouping (the templates use no other quoting around runner arguments). */
  static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char c : s.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
        any = true;
      } else if (Character.isWhitespace(c) && !quoted) {
        if (any) {
          out.add(w.toString());
        }
        w.setLength(0);
        any = false;
      } else {
        w.append(c);
        any = true;
      }
    }
    if (any) {
      out.add(w.toString());
    }
    return out;
  }

  private static Set<String> header(String text, String label) {
    return text.lines().filter(l -> l.startsWith("# " + label)).findFirst()
        .map(l -> new TreeSet<>(Arrays.stream(l.substring(l.indexOf(':') + 1).split(",")).map(String::strip).filter(x -> !x.isEmpty())
            .toList()))
        .orElseGet(TreeSet::new);
  }

  private static JsonNode step(JsonNode wf, String uses) {
    for (JsonNode job : iterable(wf.get("jobs"))) {
      for (JsonNode step : iterable(job.get("steps"))) {
        if (step.path("uses").asText().startsWith(uses + "@")) {
          return step;
        }
      }
    }
    throw new AssertionError("no step uses " + uses);
  }

  private static int indexOf(List<String> xs, java.util.function.Predicate<String> p) {
    for (int i = 0; i < xs.size(); i++) {
      if (p.test(xs.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private static Iterable<JsonNode> iterable(JsonNode n) {
    return () -> StreamSupport.stream(n.spliterator(), false).iterator();
  }
}
