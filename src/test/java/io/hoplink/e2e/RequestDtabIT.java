package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A per-request dtab ({@code l5d-dtab}, {@code l5d-ctx-dtab}) is a client's input: by default it
 * cannot name addresses, and never reaches the router's own servers or admin port, while the
 * operator's dtab and namers still may. Through the jar, one router of each setting.
 */
class RequestDtabIT {
  @TempDir
  Path dir;
  private TestBackend backend;
  private HoplinkProcess router;
  private Path disco;

  @BeforeEach
  void start() throws Exception {
    backend = new TestBackend("web");
    disco = Files.createDirectories(dir.resolve("disco"));
    Files.writeString(disco.resolve("web"), "127.0.0.1 " + backend.port() + "\n");
    router = HoplinkProcess.start(dir, """
        admin:
          port: 0
        namers:
        - kind: io.l5d.fs
          rootDir: %s
        routers:
        - protocol: http
          label: strict
          dtab: /svc => /#/io.l5d.fs;
          servers: [{port: 0}]
        - protocol: http
          label: open
          allowRequestDtabAddresses: true
          dtab: /svc => /#/io.l5d.fs;
          servers: [{port: 0}]
        """.formatted(disco));
    // The operator's own name for the admin port: allowed to the operator, not to a client.
    Files.writeString(disco.resolve("adminview"), "127.0.0.1 " + router.adminPort() + "\n");
  }

  @AfterEach
  void stop() {
    router.close();
    backend.close();
  }

  private HttpResponse<String> get(String routerLabel, String url, String... headers)
      throws Exception {
    HttpClient client = HttpClient.newBuilder()
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", router.port(routerLabel))))
        .version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String err(HttpResponse<String> response) {
    return response.headers().firstValue("l5d-err").orElse("");
  }

  @Test
  void aRequestDtabCannotNameAnAddressUnlessTheRouterAllowsIt() throws Exception {
    String toBackend = "/svc/x => /$/inet/127.0.0.1/" + backend.port();
    HttpResponse<String> strict = get("strict", "http://x/", "l5d-dtab", toBackend);
    assertEquals(403, strict.statusCode(), strict.body());
    assertTrue(err(strict).contains("allowRequestDtabAddresses"), err(strict));
    HttpResponse<String> ctx = get("strict", "http://x/", "l5d-ctx-dtab", toBackend);
    assertEquals(403, ctx.statusCode());
    HttpResponse<String> suffix = get("strict", "http://x/", "l5d-dtab", "/svc => /$");
    assertEquals(403, suffix.statusCode(), "a residual could make /$/inet/... of the name: "
        + err(suffix));
    assertEquals(0, backend.requests());

    assertEquals(200, get("strict", "http://web/").statusCode(), "the operator's names work");
    assertEquals(200, get("strict", "http://x/", "l5d-dtab", "/svc/x => /svc/web")
        .statusCode(), "a request dtab may move between the operator's names");
    assertEquals(200, get("open", "http://x/", "l5d-dtab", toBackend).statusCode(),
        "allowRequestDtabAddresses lets it name addresses");
  }

  @Test
  void aRequestDtabNeverReachesTheAdminPortOrTheRoutersOwnServers() throws Exception {
    int admin = router.adminPort();
    assertEquals("pong", get("strict", "http://adminview/admin/ping").body(),
        "the operator's dtab and namers may name the admin port");
    for (String label : new String[] {"strict", "open"}) {
      HttpResponse<String> steered = get(label, "http://x/admin/ping", "l5d-dtab",
          "/svc/x => /svc/adminview");
      assertEquals(403, steered.statusCode(), label + ": " + steered.body());
    }
    for (String target : new String[] {"127.0.0.1/" + admin, "localhost/" + admin,
        "127.0.0.1/" + router.port("open"), "127.0.0.1/" + router.port("strict")}) {
      HttpResponse<String> direct = get("open", "http://x/admin/ping", "l5d-dtab",
          "/svc/x => /$/inet/" + target);
      assertEquals(403, direct.statusCode(), target + ": " + direct.body());
    }
    HttpResponse<String> shutdown = get("open", "http://x/admin/shutdown", "l5d-dtab",
        "/svc/x => /$/inet/127.0.0.1/" + admin);
    assertEquals(403, shutdown.statusCode());
    assertEquals("pong", router.admin("/admin/ping"), "the router is still up");
  }
}
