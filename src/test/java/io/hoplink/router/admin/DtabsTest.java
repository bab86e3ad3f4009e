package io.hoplink.router.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each router's dtab in force on the admin server ({@code /dtabs.json} and the dashboard) and
 * through {@code hoplink dtab}, which reads it from there.
 */
class DtabsTest {
  private final FakeAdminState state = new FakeAdminState();
  private AdminFixture admin;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

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

  private int dtab(String... args) {
    return DtabCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
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

  @Test
  void theCommandPrintsEveryRouterOrTheOneNamed() throws Exception {
    int port = start().port();
    assertEquals(0, dtab("--admin", "127.0.0.1:" + port), err.toString());
    assertEquals("""
        outgoing: from ConfigMap default/l5d-dtabs key outgoing.dtab (API http://localhost:8001),\
         then the router's dtab; version 3 (1a2b3c4d5e6f) applied at 2024-05-01T10:00:00Z
          /svc=>/$/inet/127.0.0.1/8080;
          /host=>/svc;
          last refused at 2024-05-01T09:59:00Z: expected '=>' at 1:6
        incoming: inline (the router's dtab); version 1 (abcdefabcdef) applied at\
         2024-05-01T09:00:00Z
          /svc=>/#/io.l5d.fs;
        """, out.toString(StandardCharsets.UTF_8));

    out.reset();
    assertEquals(0, dtab("incoming", "--admin", "127.0.0.1:" + port));
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("incoming: inline"), out.toString());

    assertEquals(66, dtab("--admin", "127.0.0.1:" + port, "nope"));
    assertEquals("hoplink dtab: no router 'nope' at 127.0.0.1:" + port
        + " (routers: outgoing, incoming)\n", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void anAdminApiThatIsNotThereIsOneLineNamingItsAddress() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    assertEquals(69, dtab("--admin", "127.0.0.1:" + closed));
    String line = err.toString(StandardCharsets.UTF_8);
    assertTrue(line.startsWith("hoplink dtab: cannot read the dtabs of the admin API at 127.0.0.1:"
        + closed + ": "), line);
    assertEquals(1, line.lines().count(), line);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void badArgumentsAreTheUsage() {
    assertEquals(64, dtab("--admin"));
    assertEquals(64, dtab("a", "b"));
    assertEquals(64, dtab("--admin", "nohostport"));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(DtabCommand.USAGE), err.toString());
  }
}
