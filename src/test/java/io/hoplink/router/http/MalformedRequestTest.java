package io.hoplink.router.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Requests that must be refused before the dispatcher, with the connection closed. */
class MalformedRequestTest {
  private ProxyFixture proxy;

  @BeforeEach
  void start() {
    proxy = new ProxyFixture().start(ProxyFixture.defaults());
  }

  @AfterEach
  void stop() {
    proxy.close();
  }

  static Stream<Arguments> corpus() {
    String h = "Host: a\r\n";
    return Stream.of(
        Arguments.of("content-length and chunked", 400, "POST / HTTP/1.1\r\n" + h
            + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
        Arguments.of("transfer-encoding gzip", 400,
            "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: gzip\r\n\r\nabc"),
        Arguments.of("transfer-encoding gzip, chunked", 400, "POST / HTTP/1.1\r\n" + h
            + "Transfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
        Arguments.of("transfer-encoding twice", 400, "POST / HTTP/1.1\r\n" + h
            + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        Arguments.of("transfer-encoding in HTTP/1.0", 400, "POST / HTTP/1.0\r\n" + h
            + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        Arguments.of("duplicate equal content-length", 400, "POST / HTTP/1.1\r\n" + h
            + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc"),
        Arguments.of("conflicting content-length", 400, "POST / HTTP/1.1\r\n" + h
            + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"),
        Arguments.of("content-length list", 400,
            "POST / HTTP/1.1\r\n" + h + "Content-Length: 3, 3\r\n\r\nabc"),
        Arguments.of("signed content-length", 400,
            "POST / HTTP/1.1\r\n" + h + "Content-Length: +3\r\n\r\nabc"),
        Arguments.of("two host headers", 400, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
        Arguments.of("no host on HTTP/1.1", 400, "GET / HTTP/1.1\r\n\r\n"),
        Arguments.of("empty host on HTTP/1.1", 400, "GET / HTTP/1.1\r\nHost:\r\n\r\n"),
        Arguments.of("invalid host", 400, "GET / HTTP/1.1\r\nHost: a b\r\n\r\n"),
        Arguments.of("headers too large", 431,
            "GET / HTTP/1.1\r\n" + h + "X-Big: " + "x".repeat(9000) + "\r\n\r\n"),
        Arguments.of("request line too long", 414,
            "GET /" + "x".repeat(5000) + " HTTP/1.1\r\n" + h + "\r\n"),
        Arguments.of("CR in a header value", 400, "GET / HTTP/1.1\r\n" + h + "X-A: b\rc\r\n\r\n"),
        Arguments.of("LF in a header value", 400, "GET / HTTP/1.1\r\n" + h + "X-A: b\nc\r\n\r\n"),
        Arguments.of("NUL in a header value", 400, "GET / HTTP/1.1\r\n" + h + "X-A: b\0c\r\n\r\n"),
        Arguments.of("space in a header name", 400, "GET / HTTP/1.1\r\n" + h + "X A: b\r\n\r\n"),
        Arguments.of("separator in a header name", 400,
            "GET / HTTP/1.1\r\n" + h + "X(A): b\r\n\r\n"),
        Arguments.of("space before colon", 400, "GET / HTTP/1.1\r\n" + h + "X-A : b\r\n\r\n"),
        Arguments.of("fold before the first header", 400, "GET / HTTP/1.1\r\n Host: a\r\n\r\n"),
        Arguments.of("CONNECT", 405, "CONNECT a:80 HTTP/1.1\r\nHost: a:80\r\n\r\n"),
        Arguments.of("absolute-form with another scheme", 400,
            "GET ftp://a/ HTTP/1.1\r\n" + h + "\r\n"),
        Arguments.of("absolute-form without authority", 400,
            "GET http:///x HTTP/1.1\r\n" + h + "\r\n"),
        Arguments.of("absolute-form with userinfo", 400,
            "GET http://u:p@a/ HTTP/1.1\r\n" + h + "\r\n"),
        Arguments.of("asterisk-form on GET", 400, "GET * HTTP/1.1\r\n" + h + "\r\n"),
        Arguments.of("relative target", 400, "GET x/y HTTP/1.1\r\n" + h + "\r\n"),
        Arguments.of("NUL in the target", 400, "GET /a\0b HTTP/1.1\r\n" + h + "\r\n"),
        Arguments.of("control byte in the target", 400,
            "GET /a\u0001b HTTP/1.1\r\n" + h + "\r\n"),
        Arguments.of("DEL in the target", 400, "GET /a\u007fb HTTP/1.1\r\n" + h + "\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void malformedRequestIsRefusedAndConnectionClosed(String name, int status, String request)
      throws Exception {
    try (RawClient client = proxy.connect()) {
      RawResponse response = client.send(request).read();
      assertEquals(status, response.status(), response.statusLine());
      assertNotNull(response.header("l5d-err"), "l5d-err");
      assertTrue(client.awaitClosed(), "connection closed");
    }
    assertTrue(proxy.dispatched.isEmpty(), "dispatcher saw " + proxy.dispatched);
    assertTrue(proxy.backend.seen.isEmpty());
    // The counters are bumped on the event loop after the response is flushed: wait for both.
    ProxyFixture.poll("request counted", () -> proxy.counter("requests") == 1
        && proxy.counter("status/" + status) == 1);
  }

  @Test
  void pipelinedRequestAfterRefusedOneIsNeverDispatched() throws Exception {
    try (RawClient client = proxy.connect()) {
      client.send("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\nGET /next HTTP/1.1\r\nHost: a\r\n\r\n");
      assertEquals(400, client.read().status());
      assertTrue(client.awaitClosed());
    }
    assertTrue(proxy.dispatched.isEmpty());
  }

  @Test
  void aMalformedChunkedBodyIsAnswered400AndNoUpstreamGetsAWholeRequest() throws Exception {
    try (RawClient client = proxy.connect()) {
      client.send("POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "3\r\nabc\r\nzz\r\nxyz\r\n0\r\n\r\n");
      RawResponse response = client.read();
      assertEquals(400, response.status());
      assertTrue(response.header("l5d-err").startsWith("malformed+request+body"),
          response.header("l5d-err"));
      assertEquals("close", response.header("connection"));
      assertTrue(client.awaitClosed());
    }
    assertTrue(proxy.backend.seen.isEmpty(), "the upstream got " + proxy.backend.seen);
  }

  @Test
  void obsFoldIsUnfoldedIntoOneSpace() throws Exception {
    RawResponse response = proxy.exchange(
        "GET / HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n  two\r\n\tthree\r\n\r\n");
    assertEquals(200, response.status());
    assertEquals("one two three", proxy.backend.seen.get(0).header("x-folded"));
  }

  @Test
  void httpOneZeroWithoutHostIsDispatched() throws Exception {
    RawResponse response = proxy.exchange("GET /old HTTP/1.0\r\n\r\n");
    assertEquals(200, response.status());
    assertEquals(1, proxy.dispatched.size());
  }
}
