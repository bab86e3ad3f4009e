package io.hoplink.router.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.hoplink.config.H2ServerParams;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The frontend's protocol handling: Upgrade, HTTP/1.1 clients, limits. */
class H2FrontendTest {
  private final Vertx backendVertx = Vertx.vertx();
  private HttpServer backend;
  private H2Fixture router;

  @BeforeEach
  void start() throws Exception {
    // An h2c backend that says what it saw.
    backend = backendVertx.createHttpServer().requestHandler(request -> request.body().onSuccess(
        body -> request.response()
            .putHeader("x-seen-version", request.version().name())
            .putHeader("x-seen-authority", String.valueOf(request.authority()))
            .putHeader("x-seen-via", String.valueOf(request.getHeader("via")))
            .putHeader("x-seen-connection", String.valueOf(request.getHeader("connection")))
            .end("got " + body.length() + " bytes")));
    backend.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    router = H2Fixture.forwardingTo(
        H2Fixture.server(0, 10, new H2ServerParams(1000, 65_535, 4096, 4096, 16_384)),
        exchange -> backend.actualPort());
  }

  @AfterEach
  void stop() {
    router.close();
    backendVertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private HttpResponse<String> send(HttpClient.Version version, String... headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + router.port() + "/x")).version(version)
        .POST(HttpRequest.BodyPublishers.ofString("hello"));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpClient client = HttpClient.newBuilder().version(version).build();
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anHttp11UpgradeToH2cIsServedOverHttp2UpstreamAndDown() throws Exception {
    HttpResponse<String> response = send(HttpClient.Version.HTTP_2);

    assertEquals(HttpClient.Version.HTTP_2, response.version(), "the client upgraded to h2c");
    assertEquals("got 5 bytes", response.body());
    assertEquals("HTTP_2", response.headers().firstValue("x-seen-version").orElseThrow());
    assertEquals("2 hoplink", response.headers().firstValue("x-seen-via").orElseThrow());
  }

  @Test
  void anHttp11ClientReachesTheHttp2BackendWithoutConnectionHeaders() throws Exception {
    HttpResponse<String> response = send(HttpClient.Version.HTTP_1_1);

    assertEquals(HttpClient.Version.HTTP_1_1, response.version());
    assertEquals(200, response.statusCode());
    assertEquals("got 5 bytes", response.body());
    assertEquals("HTTP_2", response.headers().firstValue("x-seen-version").orElseThrow());
    assertEquals("null", response.headers().firstValue("x-seen-connection").orElseThrow());
    assertTrue(response.headers().firstValue("x-seen-authority").orElseThrow()
        .startsWith("127.0.0.1:"));
  }

  @Test
  void aCallDeeperThanMaxCallDepthIsRefused() throws Exception {
    String via = String.join(", ", java.util.Collections.nCopies(10, "2 hoplink"));

    HttpResponse<String> ok = send(HttpClient.Version.HTTP_2, "via", "2 a, 2 b");
    HttpResponse<String> loop = send(HttpClient.Version.HTTP_2, "via", via + ", 2 more");

    assertEquals(200, ok.statusCode());
    assertEquals(400, loop.statusCode());
    assertNotNull(loop.headers().firstValue("l5d-err").orElse(null));
    assertTrue(loop.body().contains("exceeds maxCallDepth 10"), loop.body());
  }

  @Test
  void aHeaderListOverTheAnnouncedLimitNeverReachesTheBackend() throws Exception {
    ManagedChannel channel = router.channel();
    try {
      Metadata big = new Metadata();
      big.put(Metadata.Key.of("x-big", Metadata.ASCII_STRING_MARSHALLER), "x".repeat(6000));
      StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(
          StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
              ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(big)),
              EchoService.UNARY, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS),
              new byte[0]));
      assertTrue(e.getStatus().getCode() != Status.Code.OK
          && e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED, e.toString());
      assertEquals(0, router.counter("server/requests"), "no stream was dispatched");
    } finally {
      channel.shutdownNow();
    }
  }
}
