package io.hoplink.router.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.AdminSecurityConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /dashboard/graph.json} and {@code /dashboard/peers.json} on a running admin server. */
class PeerEndpointsAdminTest {
  private final FakeAdminState state = new FakeAdminState();
  private AdminFixture admin;

  @AfterEach
  void close() throws Exception {
    if (admin != null) {
      admin.close();
    }
  }

  @Test
  void theGraphIsTheServicesEdgesWithTheirCountsAndTheNode() throws Exception {
    state.nodeName = "node-b";
    state.metrics.scope("rt", "incoming").scope("client", "/%/io.l5d.k8s.localnode/node-b/w")
        .scope("service", "/svc/world").counter("requests").inc(7);
    admin = new AdminFixture(state);
    var response = admin.get(LocalGraph.PATH);
    assertEquals(200, response.statusCode());
    JsonObject graph = new JsonObject(response.body());
    assertEquals("node-b", graph.getString("node"));
    assertEquals(new JsonArray(List.of(List.of("incoming", "/svc/world",
        "/%/io.l5d.k8s.localnode/node-b/w", 7))), graph.getJsonArray("edges"));
    assertTrue(graph.getLong("t") > 0);
  }

  @Test
  void theMergedViewAsksNoAddressThatTheRequestNames() throws Exception {
    try (ServerSocket bait = new ServerSocket(0)) {
      bait.setSoTimeout(1);
      admin = new AdminFixture(state);
      var response = admin.get("/dashboard/peers.json?host=127.0.0.1&port=" + bait.getLocalPort()
          + "&path=/admin/shutdown");
      assertEquals(200, response.statusCode(), response.body());
      JsonObject view = new JsonObject(response.body());
      assertEquals(0, view.getJsonArray("peers").size(), "no peer endpoint, no peer");
      assertTrue(noConnection(bait));
    }
  }

  private static boolean noConnection(ServerSocket bait) throws Exception {
    try (var ignored = bait.accept()) {
      return false;
    } catch (java.net.SocketTimeoutException expected) {
      return true;
    }
  }

  @Test
  void aPeerEndpointIsShownWithWhyItWasNotAskedOnAPickedAdminPort() throws Exception {
    state.peerEndpoints = List.of(new PeerEndpoint("outgoing", "/%/d/world", "10.0.0.2", 4141,
        "node-b", 3));
    admin = new AdminFixture(state);
    JsonObject peer = new JsonObject(admin.get("/dashboard/peers.json").body())
        .getJsonArray("peers").getJsonObject(0);
    assertEquals("10.0.0.2", peer.getString("host"));
    assertEquals(3L, peer.getLong("requests"));
    assertEquals("error", peer.getString("status"));
    assertTrue(peer.getString("error").contains("port 0"), peer.encode());
  }

  @Test
  void theSecuritySettingsApplyAsToTheDashboardsOtherData() throws Exception {
    admin = new AdminFixture(state, AdminSettings.defaults().withUiEnabled(false));
    for (String path : List.of(LocalGraph.PATH, "/dashboard/peers.json", "/dashboard.json")) {
      assertEquals(404, admin.get(path).statusCode(), path);
    }
    admin.close();
    admin = new AdminFixture(state, AdminSettings.defaults(), new AdminSecurityConfig(true, true,
        true, List.of(), List.of("/dashboard/.*")));
    assertEquals(404, admin.get(LocalGraph.PATH).statusCode(), "blacklisted");
    assertEquals(404, admin.get("/dashboard/peers.json").statusCode(), "blacklisted");
    admin.close();
    admin = new AdminFixture(state, AdminSettings.defaults().withUiEnabled(false),
        new AdminSecurityConfig(false, true, false, List.of("/dashboard/graph[.]json"), List.of()));
    assertEquals(200, admin.get(LocalGraph.PATH).statusCode(), "whitelisted");
    assertEquals(404, admin.get("/dashboard/peers.json").statusCode());
  }
}
