package com.dimosaic.vps.netcup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dimosaic.vps.testing.FakeNetcupServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The fake Netcup server against live traffic: every cassette in {@code netcup-recorded/} (dns-lexicon,
 * recorded against Netcup for coldfix.de) is replayed. The fake starts with the zone as the cassette
 * first shows it (its records with their ids and states, its serial); each recorded
 * {@code updateDnsRecords} is re-sent as the delta between the record lists before and after it (the
 * recorded request bodies are redacted), the way lexicon sent it (creates as type/hostname/destination,
 * deletes as the full record with {@code deleterecord: true}). Every answer the fake gives must match the
 * recording: status, code, both messages, the action, and the records (hostname, type, priority,
 * destination, state, in the recorded hostname order; ids where the recording's ids are the fake's).
 */
class FakeNetcupRecordingsTest {
  static final Path DIR = Path.of("src/test/resources/netcup-recorded");
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ZONE = "coldfix.de";

  @Test
  void everyRecordedAnswerIsWhatTheFakeAnswers() throws IOException {
    List<Path> cassettes;
    try (Stream<Path> s = Files.list(DIR)) {
      cassettes = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertEquals(25, cassettes.size());
    int lists = 0;
    int records = 0;
    int answers = 0;
    for (Path c : cassettes) {
      int[] counts = replay(c);
      answers += counts[0];
      lists += counts[1];
      records += counts[2];
    }
    assertEquals(85, lists, "record lists compared");
    assertEquals(1012, records, "records compared");
    assertEquals(135, answers, "answers compared");
  }

  /** Replays one cassette; returns {answers, record lists, records} compared. */
  private int[] replay(Path cassette) throws IOException {
    JsonNode doc = new YAMLMapper().readTree(cassette.toFile());
    List<String[]> interactions = new ArrayList<>();
    for (JsonNode i : doc.path("interactions")) {
      String action = JSON.readTree(i.path("request").path("body").asText()).path("action").asText();
      interactions.add(new String[] {action, i.path("response").path("body").path("string").asText()});
    }
    OkHttpClient http = new OkHttpClient();
    try (FakeNetcupServer fake = FakeNetcupServer.start()) {
      fake.addCustomer("123456", "key", "password").addZone(ZONE);
      seed(fake, interactions);
      String session = "";
      List<JsonNode> before = null;
      Map<String, String> idMap = new HashMap<>(); // recorded id -> fake id
      int[] counts = new int[3];
      for (String[] i : interactions) {
        String action = i[0];
        JsonNode recorded = JSON.readTree(i[1]);
        ObjectNode param = JSON.createObjectNode().put("customernumber", "123456").put("apikey", "key")
            .put("apisessionid", session).put("clientrequestid", "");
        boolean error = recorded.path("status").asText().equals("error");
        param.put("domainname", error && action.equals("infoDnsZone") ? "thisisadomainidonotown.com" : ZONE);
        switch (action) {
          case "login" -> param.put("apipassword", "password").remove(List.of("apisessionid", "domainname"));
          case "updateDnsRecords" -> {
            List<JsonNode> after = list(recorded);
            param.set("dnsrecordset", JSON.createObjectNode().set("dnsrecords", delta(before, after, idMap)));
          }
          default -> { }
        }
        JsonNode got = post(http, fake.endpoint(), action, param);
        String where = cassette.getFileName() + " " + action;
        for (String f : List.of("status", "statuscode", "shortmessage", "longmessage", "action", "clientrequestid")) {
          assertEquals(recorded.path(f).asText(), got.path(f).asText(), where + ": " + f);
        }
        assertEquals(recorded.path("responsedata").getNodeType(), got.path("responsedata").getNodeType(), where + ": responsedata");
        counts[0]++;
        if (action.equals("login")) {
          session = got.path("responsedata").path("apisessionid").asText();
          assertEquals(recorded.path("responsedata").path("apisessionid").asText().length(), session.length(), where);
        }
        if (action.equals("infoDnsZone") && !error) {
          for (String f : List.of("name", "ttl", "serial", "refresh", "retry", "expire", "dnssecstatus")) {
            assertEquals(recorded.path("responsedata").path(f), got.path("responsedata").path(f), where + ": " + f);
          }
        }
        if (recorded.path("responsedata").has("dnsrecords")) {
          List<JsonNode> want = list(recorded);
          List<JsonNode> have = list(got);
          List<JsonNode> prev = before;
          if (action.equals("updateDnsRecords")) {
            // map the ids the fake gave to created records onto the recorded ones
            for (JsonNode w : want) {
              boolean known = prev.stream().anyMatch(b -> b.path("id").asText().equals(w.path("id").asText()));
              if (!known) {
                have.stream().filter(h -> same(h, w) && !idMap.containsValue(h.path("id").asText())
                    && prev.stream().noneMatch(b -> b.path("id").asText().equals(h.path("id").asText())))
                    .findFirst().ifPresent(h -> idMap.put(w.path("id").asText(), h.path("id").asText()));
              }
            }
          }
          assertEquals(want.stream().map(FakeNetcupRecordingsTest::hostname).toList(),
              have.stream().map(FakeNetcupRecordingsTest::hostname).toList(), where + ": hostname order");
          assertEquals(sorted(want, idMap), sorted(have, Map.of()), where + ": records");
          before = want;
          counts[1]++;
          counts[2] += want.size();
        }
      }
      return counts;
    }
  }

  /** The zone as the cassette first shows it. */
  private static void seed(FakeNetcupServer fake, List<String[]> interactions) throws IOException {
    for (String[] i : interactions) {
      JsonNode r = JSON.readTree(i[1]);
      if (i[0].equals("infoDnsZone") && r.path("status").asText().equals("success")) {
        fake.serial(ZONE, r.path("responsedata").path("serial").asLong());
      }
      if (r.path("responsedata").has("dnsrecords")) {
        for (JsonNode x : r.path("responsedata").path("dnsrecords")) {
          fake.seedRecord(ZONE, new FakeNetcupServer.Rec(x.path("id").asText(), x.path("hostname").asText(), x.path("type").asText(),
              x.path("priority").asText(), x.path("destination").asText(), x.path("state").asText()));
        }
        return;
      }
    }
  }

  /** What lexicon sent for the change from one list to the next. */
  private static ArrayNode delta(List<JsonNode> before, List<JsonNode> after, Map<String, String> idMap) {
    ArrayNode out = JSON.createArrayNode();
    for (JsonNode b : before) {
      String id = b.path("id").asText();
      JsonNode now = after.stream().filter(a -> a.path("id").asText().equals(id)).findFirst().orElse(null);
      ObjectNode r = ((ObjectNode) b.deepCopy()).put("id", idMap.getOrDefault(id, id));
      if (now == null) {
        out.add(r.put("deleterecord", true));
      } else if (!now.equals(b)) {
        out.add(((ObjectNode) now.deepCopy()).put("id", idMap.getOrDefault(id, id)));
      }
    }
    for (JsonNode a : after) {
      if (before.stream().noneMatch(b -> b.path("id").equals(a.path("id")))) {
        out.add(JSON.createObjectNode().put("type", a.path("type").asText()).put("hostname", a.path("hostname").asText())
            .put("destination", a.path("destination").asText()));
      }
    }
    return out;
  }

  private static boolean same(JsonNode a, JsonNode b) {
    return hostname(a).equals(hostname(b)) && a.path("type").equals(b.path("type")) && a.path("destination").equals(b.path("destination"));
  }

  private static String hostname(JsonNode r) {
    return r.path("hostname").asText();
  }

  private static List<JsonNode> list(JsonNode answer) {
    List<JsonNode> out = new ArrayList<>();
    answer.path("responsedata").path("dnsrecords").forEach(out::add);
    return out;
  }

  private static List<String> sorted(List<JsonNode> records, Map<String, String> idMap) {
    return records.stream().map(r -> idMap.getOrDefault(r.path("id").asText(), r.path("id").asText()) + " " + r.path("hostname").asText()
        + " " + r.path("type").asText() + " " + r.path("priority").asText() + " " + r.path("destination").asText() + " "
        + r.path("deleterecord").asText() + " " + r.path("state").asText()).sorted().toList();
  }

  private static JsonNode post(OkHttpClient http, String url, String action, ObjectNode param) throws IOException {
    ObjectNode body = JSON.createObjectNode().put("action", action);
    body.set("param", param);
    try (Response r = http.newCall(new Request.Builder().url(url)
        .post(RequestBody.create(body.toString(), MediaType.get("application/json"))).build()).execute()) {
      assertEquals(200, r.code());
      return JSON.readTree(r.body().string());
    }
  }
}
