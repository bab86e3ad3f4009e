package io.hoplink.router.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.router.telemetry.RequestStats;
import io.hoplink.router.telemetry.TelemeterPage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The dashboard's stream, its JSON, its files and the other pages, over a real admin server. */
@Timeout(60)
class DashboardStreamTest {
  private final FakeAdminState state = new FakeAdminState();
  private final HttpClient client = HttpClient.newHttpClient();
  private AdminFixture admin;

  @AfterEach
  void stop() throws Exception {
    if (admin != null) {
      admin.close();
    }
  }

  private HttpResponse<java.io.InputStream> open() throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port()
        + "/dashboard/events")).build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  /** The names of the next {@code n} events, and the data of the last. */
  private static List<String> events(BufferedReader reader, int n, StringBuilder lastData)
      throws Exception {
    List<String> names = new ArrayList<>();
    int data = 0;
    String line;
    while (data < n && (line = reader.readLine()) != null) {
      if (line.startsWith("event: ")) {
        names.add(line.substring(7));
      } else if (line.startsWith("data: ")) {
        data++;
        lastData.setLength(0);
        lastData.append(line.substring(6));
      }
    }
    return names;
  }

  @Test
  void aViewerGetsTheHistoryThenASampleEverySecond() throws Exception {
    RequestStats server = new RequestStats(
        state.metrics.scope("rt", "outgoing", "server", "127.0.0.1/4140"));
    server.started();
    server.ended(200, 1_000_000);
    state.dtabs = Map.of("outgoing", Map.of("dentries", List.of("/svc=>/#/io.l5d.fs")));
    admin = new AdminFixture(state);
    HttpResponse<java.io.InputStream> response = open();
    assertEquals(200, response.statusCode());
    assertEquals("text/event-stream; charset=utf-8",
        response.headers().firstValue("content-type").orElse(""));
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      StringBuilder data = new StringBuilder();
      List<String> names = events(reader, 3, data);
      assertTrue(names.contains("hello"), names.toString());
      assertEquals(2, names.stream().filter("sample"::equals).count(), names.toString());
      io.vertx.core.json.JsonObject sample = new io.vertx.core.json.JsonObject(data.toString());
      assertEquals(1, sample.getJsonArray("routers").getJsonObject(0).getInteger("requests"));
      assertEquals(true, sample.getBoolean("delta"), "after the first, a tick sends changes");
    }
  }

  @Test
  void viewersBeyondTheLimitAreRefusedAndTheJsonStillAnswers() throws Exception {
    admin = new AdminFixture(state);
    List<HttpResponse<java.io.InputStream>> open = new ArrayList<>();
    try {
      for (int i = 0; i < DashboardStream.MAX_VIEWERS; i++) {
        open.add(open());
        assertEquals(200, open.get(i).statusCode());
      }
      HttpResponse<java.io.InputStream> refused = open();
      assertEquals(503, refused.statusCode());
      assertTrue(new String(refused.body().readAllBytes(), StandardCharsets.UTF_8)
          .contains("too many dashboard viewers"));
      HttpResponse<String> json = admin.get("/dashboard.json");
      assertEquals(200, json.statusCode());
      assertTrue(json.body().startsWith("{\"t\":"), json.body());
    } finally {
      for (HttpResponse<java.io.InputStream> r : open) {
        r.body().close();
      }
    }
  }

  @Test
  void filesArePlainModulesFromTheJarWithTheirTypes() throws Exception {
    admin = new AdminFixture(state);
    for (String name : StaticFiles.NAMES) {
      HttpResponse<String> file = admin.get("/files/" + name);
      assertEquals(200, file.statusCode(), name);
      assertTrue(file.headers().firstValue("content-type").orElse("")
          .startsWith(name.endsWith(".css") ? "text/css" : "text/javascript"), name);
      String body = file.body().replace("http://www.w3.org/2000/svg", ""); // a name, not a load
      assertTrue(!body.contains("http://") && !body.contains("https://") && !body.contains("//cdn"),
          name + " loads nothing from elsewhere");
    }
    assertEquals(404, admin.get("/files/nope.js").statusCode());
    assertEquals(404, admin.get("/files/../AdminPages.class").statusCode());
  }

  @Test
  void pagesLinkTheirScriptsAndTheDashboardKeepsTheStatusSections() throws Exception {
    state.dtabs = Map.of("outgoing", Map.of("dentries", List.of("/svc=>/#/io.l5d.fs")));
    admin = new AdminFixture(state);
    String dashboard = admin.get("/").body();
    assertTrue(dashboard.contains("<script type=\"module\" src=\"/files/dashboard.js\">"));
    assertTrue(dashboard.contains("<h3 class=\"dtab\">outgoing</h3>"), dashboard);
    String delegator = admin.get("/delegator").body();
    assertTrue(delegator.contains("<option>outgoing</option><option>incoming</option>"), delegator);
    assertTrue(delegator.contains("/files/delegator.js"));
    String requests = admin.get("/requests").body();
    assertTrue(requests.contains("io.l5d.recentRequests"), requests);
    assertEquals(404, admin.get("/requests.json").statusCode(), "no telemeter, no JSON");
  }

  @Test
  void aTelemetersPagesAreServed() throws Exception {
    state.telemeterPages = Map.of("/requests.json", new TelemeterPage() {
      @Override
      public String contentType() {
        return Replies.JSON;
      }

      @Override
      public void render(StringBuilder out) {
        out.append("{\"requests\":[]}");
      }
    });
    admin = new AdminFixture(state);
    assertEquals("{\"requests\":[]}", admin.get("/requests.json").body());
  }

  @Test
  void theUiGroupCoversTheNewPages() throws Exception {
    admin = new AdminFixture(state, AdminSettings.defaults().withUiEnabled(false));
    for (String path : List.of("/delegator", "/requests", "/dashboard.json", "/dashboard/events",
        "/files/dashboard.js")) {
      assertEquals(404, admin.get(path).statusCode(), path);
    }
  }
}
