package io.hoplink.router.accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Lines in the format of Linkerd 1.x's http and h2 AccessLoggers. */
class AccessLineTest {
  /** Wed, 06 Jan 2016 21:21:26 GMT, the time of Linkerd's own AccessLoggerTest. */
  private static final long LINKERDS_TEST_TIME = 1452115286_000L;

  @Test
  void httpLinesAreLinkerdsOwnTestLine() {
    EndedExchange head = new EndedExchange().header("Host", "monkeys")
        .header("Content-Type", "text/plain");
    head.method = HttpMethod.HEAD;
    head.path = "/foo?bar=bah";
    head.remote = "0.0.0.0";
    head.status = 402;
    head.length = 304374;
    // AccessLoggerTest in linkerd/protocol/http, with the default zone set to GMT:
    assertEquals("monkeys 0.0.0.0 - - [06/01/2016:21:21:26 GMT] \"HEAD /foo?bar=bah HTTP/1.1\""
        + " 402 304374 \"-\" \"-\"",
        AccessLine.http(ZoneId.of("GMT")).format(head, LINKERDS_TEST_TIME + 999));
  }

  @Test
  void httpLinesCarryRefererAndUserAgentAndTheProcesssZone() {
    EndedExchange get = new EndedExchange().header("Host", "hello:4140")
        .header("Referer", "http://web/").header("User-Agent", "curl/8.5.0");
    get.version = HttpVersion.HTTP_1_0;
    get.length = 12;
    assertEquals("hello:4140 10.0.0.7 - - [06/01/2016:22:21:26 CET] \"GET / HTTP/1.0\" 200 12"
        + " \"http://web/\" \"curl/8.5.0\"",
        AccessLine.http(ZoneId.of("Europe/Paris")).format(get, LINKERDS_TEST_TIME));
  }

  @Test
  void h2LinesNameTheAuthorityAndWriteUtcWithItsOffset() {
    EndedExchange post = new EndedExchange().header(":authority", "world:8080")
        .header("user-agent", "h2load");
    post.version = HttpVersion.HTTP_2;
    post.method = HttpMethod.POST;
    post.path = "/upload";
    post.status = 201;
    assertEquals("world:8080 10.0.0.7 - - [06/01/2016:21:21:26 +0000] \"POST /upload HTTP/2\""
        + " 201 - \"-\" \"h2load\"", AccessLine.h2().format(post, LINKERDS_TEST_TIME));
  }

  @Test
  void grpcCallsAreTheirHttp2Line() {
    EndedExchange call = new EndedExchange().header(":authority", "greeter")
        .header("content-type", "application/grpc")
        .header("user-agent", "grpc-java-netty/1.76.0");
    call.version = HttpVersion.HTTP_2;
    call.method = HttpMethod.POST;
    call.path = "/helloworld.Greeter/SayHello";
    assertEquals("greeter 10.0.0.7 - - [06/01/2016:21:21:26 +0000]"
        + " \"POST /helloworld.Greeter/SayHello HTTP/2\" 200 - \"-\" \"grpc-java-netty/1.76.0\"",
        AccessLine.h2().format(call, LINKERDS_TEST_TIME));
  }

  @Test
  void aResetHasNoStatusNorLength() {
    EndedExchange reset = new EndedExchange().header("Host", "slow");
    reset.status = -1;
    assertEquals("slow 10.0.0.7 - - [06/01/2016:21:21:26 UTC] \"GET / HTTP/1.1\" - - \"-\" \"-\"",
        AccessLine.http(ZoneId.of("UTC")).format(reset, LINKERDS_TEST_TIME));
  }

  @Test
  void requestValuesCannotBreakTheLineOrItsFields() {
    EndedExchange odd = new EndedExchange().header("Host", "a b")
        .header("User-Agent", "say \"hi\" \\ \u00e9\u0001").header("Referer", "");
    odd.path = "/q?\"x\"";
    odd.remote = null;
    assertEquals("a\\x20b - - - [06/01/2016:21:21:26 UTC] \"GET /q?\\\"x\\\" HTTP/1.1\" 200 -"
        + " \"\" \"say \\\"hi\\\" \\\\ \\xe9\\x01\"",
        AccessLine.http(ZoneId.of("UTC")).format(odd, LINKERDS_TEST_TIME));
  }

  @Test
  void aSecondIsFormattedOnce() throws Exception {
    AccessLine line = AccessLine.h2();
    EndedExchange ex = new EndedExchange().header(":authority", "a");
    String first = line.format(ex, LINKERDS_TEST_TIME);
    String sameSecond = line.format(ex, LINKERDS_TEST_TIME + 500);
    assertEquals(first, sameSecond);
    var stamp = AccessLine.class.getDeclaredField("stamp");
    stamp.setAccessible(true);
    Object cached = stamp.get(line);
    line.format(ex, LINKERDS_TEST_TIME + 999);
    assertSame(cached, stamp.get(line), "the same second's text is reused");
  }
}
