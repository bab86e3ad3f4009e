package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Requests a router must refuse on its own: each gets its status and none reaches a backend. */
class MalformedRequestsIT {
  @TempDir static Path dir;
  private static TestBackend backend;
  private static HoplinkProcess router;

  @BeforeAll
  static void start() throws Exception {
    backend = new TestBackend("backend");
    Path disco = Files.createDirectories(dir.resolve("disco"));
    Files.writeString(disco.resolve("backend"), "127.0.0.1 " + backend.port() + "\n");
    router = HoplinkProcess.start(dir, RouterCoreIT.config(disco, 1000));
  }

  @AfterAll
  static void stop() {
    router.close();
    backend.close();
  }

  static Stream<Arguments> corpus() {
    String big = "x".repeat(9 * 1024);
    return Stream.of(
        Arguments.of("both Content-Length and Transfer-Encoding", 400,
            "POST / HTTP/1.1\r\nHost: backend\r\nContent-Length: 5\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        Arguments.of("Transfer-Encoding other than chunked", 400,
            "POST / HTTP/1.1\r\nHost: backend\r\nTransfer-Encoding: gzip\r\n\r\nabc"),
        Arguments.of("chunked not last", 400,
            "POST / HTTP/1.1\r\nHost: backend\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n"),
        Arguments.of("conflicting Content-Length", 400,
            "POST / HTTP/1.1\r\nHost: backend\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"),
        Arguments.of("duplicate Content-Length", 400,
            "POST / HTTP/1.1\r\nHost: backend\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"),
        Arguments.of("two Host headers", 400,
            "GET / HTTP/1.1\r\nHost: backend\r\nHost: other\r\n\r\n"),
        Arguments.of("no Host on HTTP/1.1", 400, "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n"),
        Arguments.of("headers over maxHeadersKB", 431,
            "GET / HTTP/1.1\r\nHost: backend\r\nX-Big: " + big + "\r\n\r\n"),
        Arguments.of("request line over maxInitialLineKB", 414,
            "GET /" + "a".repeat(5 * 1024) + " HTTP/1.1\r\nHost: backend\r\n\r\n"),
        Arguments.of("CR inside a header value", 400,
            "GET / HTTP/1.1\r\nHost: backend\r\nX-A: a\rb\r\n\r\n"),
        Arguments.of("NUL inside a header value", 400,
            "GET / HTTP/1.1\r\nHost: backend\r\nX-A: a\0b\r\n\r\n"),
        Arguments.of("space before the colon", 400,
            "GET / HTTP/1.1\r\nHost: backend\r\nX-A : b\r\n\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void isRefusedAndNeverReachesTheBackend(String name, int status, String request)
      throws Exception {
    String response = RawHttp.exchange(router.port("outgoing"), request);
    assertEquals(status, RawHttp.status(response), response);
    assertEquals(0, backend.requests(), "the backend saw a malformed request");
  }
}
