package com.dimosaic.vps.netcup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every captured response in fixtures.md goes through the client's envelope check and record parser. */
class NetcupFixturesTest {
  @Test
  void everyCapturedResponseIsUnderstood() throws IOException {
    String md = Files.readString(Path.of("src/test/resources/netcup-fixtures.md"));
    Matcher m = Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL).matcher(md);
    ObjectMapper json = new ObjectMapper();
    int success = 0;
    int errors = 0;
    int records = 0;
    List<Integer> codes = new ArrayList<>();
    while (m.find()) {
      JsonNode n;
      try {
        n = json.readTree(m.group(1));
      } catch (IOException partial) {
        continue; // "REAL (partial)" quotes that are not whole JSON
      }
      if (n == null || !n.has("statuscode")) {
        continue; // request bodies
      }
      String action = n.path("action").asText();
      if ("success".equals(n.path("status").asText())) {
        JsonNode data = NetcupSession.checked(action, n);
        success++;
        if (data.has("dnsrecords")) {
          for (NetcupRecord r : NetcupSession.parse(data.get("dnsrecords"))) {
            assertFalse(r.id().isEmpty(), "every returned record has an id");
            assertFalse(r.type().isEmpty());
            records++;
          }
        }
      } else {
        NetcupException e = assertThrows(NetcupException.class, () -> NetcupSession.checked(action, n));
        assertEquals(n.path("statuscode").asInt(), e.code());
        codes.add(e.code());
        errors++;
        if (e.code() == 4001) {
          assertTrue(e.isSessionInvalid());
        }
        if (e.longMessage().contains("More than 180 requests")) {
          assertTrue(e.isRateLimit());
        }
      }
    }
    assertTrue(success >= 20, "success responses parsed: " + success);
    assertTrue(errors >= 5, "error responses parsed: " + errors);
    assertTrue(records >= 50, "records parsed: " + records);
    assertTrue(codes.contains(5031) && codes.contains(4013), "codes seen: " + codes);
  }
}
