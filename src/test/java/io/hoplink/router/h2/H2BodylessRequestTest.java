package io.hoplink.router.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hoplink.router.http.ChannelAccess;
import io.netty.handler.codec.http2.Http2Stream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request the client ends with its head goes upstream the same way, as one HEADERS frame
 * with END_STREAM, not a head and then an empty DATA frame; a request with a body keeps it, also
 * on the stream an HTTP/1.1 {@code Upgrade: h2c} opens (half-closed at once in Netty's state,
 * while its body still arrives over HTTP/1.1).
 */
class H2BodylessRequestTest {
  private final Vertx vertx = Vertx.vertx();
  /** Per request the backend saw: its path, whether it had ended with its head, its body size. */
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private HttpServer backend;
  private H2Fixture router;

  @BeforeEach
  void start() throws Exception {
    backend = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(true))
        .requestHandler(this::record)
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    router = H2Fixture.forwardingTo(exchange -> backend.actualPort());
  }

  @AfterEach
  void stop() throws Exception {
    router.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void record(HttpServerRequest request) {
    // read in the handler, before Vert.x tells the request's end: the stream's own state
    Http2Stream stream = ChannelAccess.http2Session(request.connection())
        .stream(request.streamId());
    boolean endedWithHead = stream.state() == Http2Stream.State.HALF_CLOSED_REMOTE;
    request.body().onSuccess(body -> {
      seen.add(request.path() + " " + (endedWithHead ? "head-only" : "with-data") + " "
          + body.length());
      request.response().end("ok");
    });
  }

  private static int call(HttpClient client, HttpMethod method, String path, String body)
      throws Exception {
    Future<HttpClientResponse> response = client.request(new RequestOptions()
            .setMethod(method).setURI(path))
        .compose(req -> body == null ? req.send() : req.send(body));
    return response.compose(r -> r.body().map(b -> r.statusCode()))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aRequestEndedWithItsHeadGoesUpstreamAsOneHeadersFrame() throws Exception {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
        .setDefaultHost("127.0.0.1").setDefaultPort(router.port()));

    // stream 1 of the client's connection first, then 3, 5, 7 on the same connection
    assertEquals(200, call(client, HttpMethod.GET, "/warm", null));
    assertEquals(200, call(client, HttpMethod.GET, "/get", null));
    assertEquals(200, call(client, HttpMethod.POST, "/post", "hello"));
    assertEquals(200, call(client, HttpMethod.DELETE, "/delete", null));

    assertEquals(List.of("/get head-only 0", "/post with-data 5", "/delete head-only 0"),
        seen.subList(1, seen.size()));
  }

  @Test
  void theUpgradedStreamKeepsItsBody() throws Exception {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(true)
        .setDefaultHost("127.0.0.1").setDefaultPort(router.port()));

    assertEquals(200, call(client, HttpMethod.POST, "/upgrade", "hello upgrade"));
    assertEquals(200, call(client, HttpMethod.GET, "/after", null));

    assertEquals(List.of("/upgrade with-data 13", "/after head-only 0"), seen);
  }
}
