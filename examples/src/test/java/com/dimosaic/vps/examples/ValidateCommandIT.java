package com.dimosaic.vps.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.testing.LocalSshd;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code validate} over a real sshd. This machine runs no Docker, so the demo's container checks fail:
 * the run must exit 1 and still report every check in every format.
 */
class ValidateCommandIT {
  @Test
  void validateReportsInEveryFormatAndExitsOneOnFail() throws Exception {
    try (LocalSshd sshd = LocalSshd.start()) {
      Path key = sshd.newUserKey("ed25519");
      JsonNode json = null;
      for (String format : new String[] {"json", "text", "junit"}) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "validate", "profiles/demo", "--host", "127.0.0.1",
            "--port", String.valueOf(sshd.port()), "--user", System.getProperty("user.name"), "--identity", key.toString(),
            "--host-key", sshd.hostKeyFingerprint(), "--format", format, "--age-key-file", PlanCommandTest.KEY,
            // the demo's address is a documentation address: probe this machine's closed ports instead of sending traffic there
            "--validation-address", "127.0.0.1");
        assertEquals(1, code, err.toString() + out);
        String text = out.toString();
        switch (format) {
          case "text" -> {
            assertTrue(text.startsWith("VPS Validation Report\n"), text);
            assertTrue(text.contains("✓ disk free"), text);
            assertTrue(text.contains("✗ docker networks"), text);
          }
          case "json" -> {
            json = new ObjectMapper().readTree(text);
            assertEquals("FAIL", json.get("status").asText());
            assertTrue(json.get("checks").size() >= 36, text);
          }
          default -> {
            // the JUnit XML as CI servers read it: one testcase per check, a failure element per FAIL, counts that agree
            org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            org.w3c.dom.Element suite = doc.getDocumentElement();
            assertEquals("testsuite", suite.getTagName(), text);
            assertEquals("vps validation demo", suite.getAttribute("name"));
            org.w3c.dom.NodeList cases = suite.getElementsByTagName("testcase");
            org.w3c.dom.NodeList failures = suite.getElementsByTagName("failure");
            assertEquals(json.get("checks").size(), cases.getLength(), "one testcase per check");
            assertEquals(String.valueOf(cases.getLength()), suite.getAttribute("tests"));
            assertEquals(String.valueOf(failures.getLength()), suite.getAttribute("failures"), "the count agrees with the elements");
            assertTrue(failures.getLength() > 0, text);
            for (int i = 0; i < failures.getLength(); i++) {
              assertEquals("testcase", failures.item(i).getParentNode().getNodeName(), "a failure belongs to its check");
            }
          }
        }
      }
    }
  }
}
