package io.hoplink.router.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HeaderNormalizationTest {
  private ProxyFixture proxy;

  @AfterEach
  void stop() {
    proxy.close();
  }

  private ProxyFixture start(boolean clearContext, int maxCallDepth) {
    proxy = new ProxyFixture().start(ProxyFixture.server(0, clearContext, maxCallDepth,
        Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(10)));
    return proxy;
  }

  @Test
  void absoluteFormBecomesOriginFormWithHostFromAuthority() throws Exception {
    start(false, 1000);
    RawResponse response = proxy.exchange(
        "GET http://hello:8080/path?x=1 HTTP/1.1\r\nHost: other\r\n\r\n");
    assertEquals(200, response.status());
    TestBackend.Seen seen = proxy.backend.seen.get(0);
    assertEquals("/path?x=1", seen.uri());
    assertEquals("hello:8080", seen.header("host"));
    assertEquals("hello:8080", proxy.dispatched.get(0).authority());
    assertEquals("/path?x=1", proxy.dispatched.get(0).path());
  }

  @Test
  void absoluteFormWithoutPathGetsSlashAndNeedsNoHostHeader() throws Exception {
    start(false, 1000);
    assertEquals(200, proxy.exchange("GET HTTP://world?q HTTP/1.1\r\n\r\n").status());
    assertEquals("/?q", proxy.backend.seen.get(0).uri());
    assertEquals("world", proxy.backend.seen.get(0).header("host"));
  }

  @Test
  void hopByHopRequestHeadersAreStripped() throws Exception {
    start(false, 1000);
    proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\n"
        + "Connection: keep-alive, X-Hop, Content-Length\r\nX-Hop: 1\r\nKeep-Alive: timeout=5\r\n"
        + "Proxy-Connection: keep-alive\r\nProxy-Authorization: Basic eA==\r\n"
        + "TE: deflate, trailers;q=1\r\nTrailer: X-T\r\nUpgrade: websocket\r\n"
        + "X-End: kept\r\n\r\n");
    TestBackend.Seen seen = proxy.backend.seen.get(0);
    for (String gone : List.of("x-hop", "keep-alive", "proxy-connection", "proxy-authorization",
        "trailer", "upgrade")) {
      assertNull(seen.header(gone), gone);
    }
    assertEquals("trailers", seen.header("te"));
    assertEquals("kept", seen.header("x-end"));
    assertEquals("a", seen.header("host"));
  }

  @Test
  void teWithoutTrailersIsDropped() throws Exception {
    start(false, 1000);
    proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\nTE: gzip\r\n\r\n");
    assertNull(proxy.backend.seen.get(0).header("te"));
  }

  @Test
  void upgradeRequestIsForwardedAsPlainRequest() throws Exception {
    start(false, 1000);
    RawResponse response = proxy.exchange("GET /ws HTTP/1.1\r\nHost: a\r\n"
        + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
    assertEquals(200, response.status());
    assertNull(proxy.backend.seen.get(0).header("upgrade"));
    assertNull(proxy.backend.seen.get(0).header("connection"));
  }

  @Test
  void hopByHopResponseHeadersAreStripped() throws Exception {
    start(false, 1000);
    proxy.backend.responder = (req, seen) -> req.response()
        .putHeader("Connection", "X-Secret")
        .putHeader("X-Secret", "s")
        .putHeader("Keep-Alive", "timeout=5")
        .putHeader("Proxy-Authenticate", "Basic")
        .putHeader("Upgrade", "h2c")
        .putHeader("X-Kept", "k")
        .end("ok");
    RawResponse response = proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    assertEquals(200, response.status());
    for (String gone : List.of("x-secret", "keep-alive", "proxy-authenticate", "upgrade",
        "connection")) {
      assertNull(response.header(gone), gone);
    }
    assertEquals("k", response.header("x-kept"), response.headers().toString());
    assertEquals("1.1 hoplink", response.header("via"));
  }

  @Test
  void viaIsAddedAndAppended() throws Exception {
    start(false, 1000);
    proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\nVia: 1.0 first\r\nVia: 1.1 second, 1.1 third\r\n\r\n");
    assertEquals("1.1 hoplink", proxy.backend.seen.get(0).header("via"));
    assertEquals("1.0 first, 1.1 second, 1.1 third, 1.1 hoplink",
        String.join(", ", proxy.backend.seen.get(1).headers().getAll("via")));
  }

  @Test
  void requestBeyondMaxCallDepthIsRefusedAsALoop() throws Exception {
    start(false, 2);
    RawResponse atLimit = proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\nVia: 1.1 a, 1.1 b\r\n\r\n");
    assertEquals(200, atLimit.status());
    RawResponse over = proxy.exchange(
        "GET / HTTP/1.1\r\nHost: a\r\nVia: 1.1 a, 1.1 b\r\nVia: 1.1 c\r\n\r\n");
    assertEquals(400, over.status(), over.headers() + " " + over.bodyText());
    assertTrue(String.valueOf(over.header("l5d-err")).contains("maxCallDepth"), over.headers() + over.bodyText());
    assertEquals(1, proxy.dispatched.size());
    assertEquals(1, proxy.backend.seen.size());
  }

  @Test
  void requestIdIsAddedWhenAbsentAndKeptWhenPresent() throws Exception {
    start(false, 1000);
    proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\nl5d-reqid: mine\r\n\r\n");
    String generated = proxy.backend.seen.get(0).header("l5d-reqid");
    assertNotNull(generated);
    assertTrue(generated.matches("[0-9a-f]{16}"), generated);
    assertEquals("mine", proxy.backend.seen.get(1).header("l5d-reqid"));
  }

  @Test
  void contextDtabThenUserDtabAreCombinedAndRemoved() throws Exception {
    start(false, 1000);
    proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\nl5d-dtab: /c=>/d\r\n"
        + "l5d-ctx-dtab: /a=>/b;\r\nl5d-ctx-trace: abc\r\n\r\n");
    assertEquals("/a=>/b;/c=>/d", proxy.dispatched.get(0).localDtab());
    TestBackend.Seen seen = proxy.backend.seen.get(0);
    assertNull(seen.header("l5d-dtab"));
    assertNull(seen.header("l5d-ctx-dtab"));
    assertEquals("abc", seen.header("l5d-ctx-trace"));
  }

  @Test
  void noDtabHeadersGiveAnEmptyLocalDtab() throws Exception {
    start(false, 1000);
    proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    assertEquals("", proxy.dispatched.get(0).localDtab());
  }

  @Test
  void clearContextDropsEveryContextHeader() throws Exception {
    start(true, 1000);
    proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\nl5d-dtab: /c=>/d\r\nL5d-Ctx-Dtab: /a=>/b\r\n"
        + "l5d-ctx-trace: abc\r\nl5d-ctx-deadline: 1\r\nX-Other: o\r\n\r\n");
    assertEquals("", proxy.dispatched.get(0).localDtab());
    TestBackend.Seen seen = proxy.backend.seen.get(0);
    for (String gone : List.of("l5d-dtab", "l5d-ctx-dtab", "l5d-ctx-trace", "l5d-ctx-deadline")) {
      assertNull(seen.header(gone), gone);
    }
    assertEquals("o", seen.header("x-other"));
    assertFalse(seen.headers().names().stream().anyMatch(n -> n.startsWith("l5d-ctx")));
  }

  @Test
  void glueResponseHeadersWinOverUpstreamOnes() throws Exception {
    start(false, 1000);
    proxy.backend.responder = (req, seen) -> req.response().putHeader("l5d-success-class", "0")
        .end("ok");
    proxy.onDispatch = exchange -> {
      exchange.setResponseHeader("l5d-success-class", "1.0");
      proxy.forwardToBackend(exchange);
    };
    RawResponse response = proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    assertEquals(List.of("1.0"), response.headers("l5d-success-class"));
  }

  @Test
  void forwardedAndTimestampHeadersAreAddedWhenConfigured() throws Exception {
    proxy = new ProxyFixture().start(new io.hoplink.config.ServerConfig("127.0.0.1", 0, 0, false,
        1000, Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(10), true, "x-l5d-ts"));
    long before = System.currentTimeMillis();
    proxy.exchange("GET / HTTP/1.1\r\nHost: hello\r\nForwarded: for=client\r\n\r\n");
    TestBackend.Seen seen = proxy.backend.seen.get(0);
    // As Linkerd: one more Forwarded field; by and for random per request unless configured.
    List<String> forwarded = seen.headers().getAll("forwarded");
    assertEquals(2, forwarded.size(), forwarded.toString());
    assertEquals("for=client", forwarded.get(0));
    assertTrue(forwarded.get(1).matches("by=_[A-Za-z0-9]{6};for=_[A-Za-z0-9]{6};host=hello"),
        forwarded.get(1));
    long stamp = Long.parseLong(seen.header("x-l5d-ts"));
    assertTrue(stamp >= before && stamp <= System.currentTimeMillis(), "timestamp " + stamp);
  }

  @Test
  void aClientCertificateHeaderFromTheClientIsDropped() throws Exception {
    start(false, 1000);
    proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-Client-Cert: Hash=forged;"
        + "DNS=admin.mesh\r\n\r\n");
    assertNull(proxy.backend.seen.get(0).header("x-forwarded-client-cert"),
        "only the router says which certificate a client presented");
  }

  @Test
  void connectionHeaderCannotStripFramingOrHost() throws Exception {
    start(false, 1000);
    RawResponse response = proxy.exchange("POST / HTTP/1.1\r\nHost: a\r\n"
        + "Connection: Content-Length, Host\r\nContent-Length: 5\r\n\r\nhello");
    assertEquals(200, response.status());
    TestBackend.Seen seen = proxy.backend.seen.get(0);
    assertEquals("5", seen.header("content-length"));
    assertEquals("a", seen.header("host"));
    assertEquals(5, seen.bodyBytes());
  }
}
