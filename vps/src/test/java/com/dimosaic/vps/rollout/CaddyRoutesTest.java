package com.dimosaic.vps.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The switch's edit of Caddy's JSON configuration (as {@code caddy adapt} prints it): only the
 * upstreams that dial the service's name change, one upstream may become several, everything else
 * in the handler (an h2c transport, headers) stays.
 */
class CaddyRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADAPTED = """
      {"apps":{"http":{"servers":{"srv0":{"listen":[":443"],"routes":[
        {"match":[{"host":["hello.example.com"]}],"handle":[{"handler":"subroute","routes":[{"handle":[
          {"handler":"reverse_proxy","upstreams":[{"dial":"hello:8080"}]}]}]}],"terminal":true},
        {"match":[{"host":["auth.example.com"]}],"handle":[{"handler":"subroute","routes":[{"handle":[
          {"handler":"reverse_proxy","headers":{"request":{"delete":["TE"]}},"transport":{"protocol":"http","versions":["h2c","2"]},
           "upstreams":[{"dial":"zitadel:8080"}]}]}]}],"terminal":true},
        {"match":[{"host":["shop.example.com"]}],"handle":[{"handler":"subroute","routes":[{"handle":[
          {"handler":"reverse_proxy","upstreams":[{"dial":"shop:8080"}]}]}]}],"terminal":true}
      ]}}}}}
      """;

  @Test
  void replacesOnlyTheNamedUpstreamsAndKeepsTheRestOfTheHandler() throws Exception {
    JsonNode config = JSON.readTree(ADAPTED);
    int n = CaddyRoutes.replaceUpstreams(config, Map.of("hello:8080", List.of("e2e-hello-1:8080", "e2e-hello-3:8080"),
        "zitadel:8080", List.of("e2e-zitadel-2:8080")));
    assertEquals(2, n);
    List<JsonNode> proxies = config.findParents("upstreams");
    assertEquals("[{\"dial\":\"e2e-hello-1:8080\"},{\"dial\":\"e2e-hello-3:8080\"}]", proxies.get(0).get("upstreams").toString());
    assertEquals("[{\"dial\":\"e2e-zitadel-2:8080\"}]", proxies.get(1).get("upstreams").toString());
    assertEquals("[\"h2c\",\"2\"]", proxies.get(1).at("/transport/versions").toString());
    assertEquals("[\"TE\"]", proxies.get(1).at("/headers/request/delete").toString());
    assertEquals("[{\"dial\":\"shop:8080\"}]", proxies.get(2).get("upstreams").toString());
  }

  @Test
  void aServiceCaddyDoesNotRouteToReplacesNothing() throws Exception {
    JsonNode config = JSON.readTree(ADAPTED);
    assertEquals(0, CaddyRoutes.replaceUpstreams(config, Map.of("api:8080", List.of("e2e-api-2:8080"))));
    assertEquals(JSON.readTree(ADAPTED), config);
  }

  @Test
  void inFlightRequestsAreSummedPerAddress() throws Exception {
    // an address two running configurations share (the old one draining, the new one serving) is listed once per pool entry
    JsonNode upstreams = JSON.readTree("[{\"address\":\"e2e-hello-1:8080\",\"num_requests\":2,\"fails\":0},"
        + "{\"address\":\"e2e-hello-2:8080\",\"num_requests\":5,\"fails\":1},{\"address\":\"e2e-hello-1:8080\",\"num_requests\":1}]");
    assertEquals(Map.of("e2e-hello-1:8080", 3, "e2e-hello-2:8080", 5), CaddyRoutes.inFlight(upstreams));
  }
}
