package io.hoplink.router.admin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each router's dtab in force on the admin server: {@code /dtabs.json} and the dashboard. */
class DtabsTest {
  private final FakeAdminState state = new FakeAdminState();
  private AdminFixture admin;

  @AfterEach
  void stop() throws Exception {
    if (admin != null) {
      admin.close();
    }
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return out;
  }

  private AdminFixture start() throws Exception {
    state.dtabs = map(
        "outgoing", map("dtab", "/svc=>/$/inet/127.0.0.1/8080;/host=>/svc",
            "dentries", List.of("/svc=>/$/inet/127.0.0.1/8080", "/host=>/svc"),
            "source", map("kind", "io.l5d.k8s.configMap", "namespace", "default",
                "name", "l5d-dtabs", "key", "outgoing.dtab", "api", "http://localhost:8001"),
            "state", "ok", "version", 3, "appliedAt", "2024-05-01T10:00:00Z",
            "hash", "1a2b3c4d5e6f", "sourceDtab", "/svc=>/$/inet/127.0.0.1/8080",
            "configuredDtab", "/host=>/svc",
            "lastRefused", map("error", "expected '=>' at 1:6", "at", "2024-05-01T09:59:00Z")),
        "incoming", map("dtab", "/svc=>/#/io.l5d.fs", "dentries", List.of("/svc=>/#/io.l5d.fs"),
            "source", map("kind", "inline"), "state", "ok", "version", 1,
            "appliedAt", "2024-05-01T09:00:00Z", "hash", "abcdefabcdef",
            "configuredDtab", "/svc=>/#/io.l5d.fs", "lastRefused", null));
    admin = new AdminFixture(state);
    return admin;
  }

  @Test
  void dtabsJsonServesEachRoutersDtabInConfigOrder() throws Exception {
    String body = start().get("/dtabs.json").body();
    assertTrue(body.startsWith("{\"outgoing\":{\"dtab\":\"/svc=>/$/inet/127.0.0.1/8080;"
        + "/host=>/svc\""), body);
    assertTrue(body.contains("\"version\":3"), body);
    assertTrue(body.contains("\"lastRefused\":{\"error\":\"expected '=>' at 1:6\""), body);
    assertTrue(admin.get("/help").body().contains("/dtabs.json"));
  }

  @Test
  void theDashboardShowsEachDtabWithItsSourceVersionAndLastRefusal() throws Exception {
    String body = start().get("/").body();
    assertTrue(body.contains("<h3 class=\"dtab\">outgoing</h3>\n<p>from ConfigMap"
        + " default/l5d-dtabs key outgoing.dtab (API http://localhost:8001), then the router&#39;s"
        + " dtab; version 3 (1a2b3c4d5e6f) applied at 2024-05-01T10:00:00Z</p>\n<pre>"
        + "/svc=&gt;/$/inet/127.0.0.1/8080;\n/host=&gt;/svc;\n</pre>"), body);
    assertTrue(body.contains("last refused at 2024-05-01T09:59:00Z: expected &#39;=&gt;&#39;"
        + " at 1:6"), body);
    assertTrue(body.contains("<h3 class=\"dtab\">incoming</h3>\n<p>inline (the router&#39;s"
        + " dtab); version 1"), body);
  }
}
