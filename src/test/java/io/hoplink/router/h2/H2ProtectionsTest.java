package io.hoplink.router.h2;

import io.hoplink.router.forward.ServerOptions;

import static io.hoplink.router.h2.H2Frames.CANCEL;
import static io.hoplink.router.h2.H2Frames.CONTINUATION;
import static io.hoplink.router.h2.H2Frames.DATA;
import static io.hoplink.router.h2.H2Frames.END_HEADERS;
import static io.hoplink.router.h2.H2Frames.END_STREAM;
import static io.hoplink.router.h2.H2Frames.ENHANCE_YOUR_CALM;
import static io.hoplink.router.h2.H2Frames.GOAWAY;
import static io.hoplink.router.h2.H2Frames.HEADERS;
import static io.hoplink.router.h2.H2Frames.PROTOCOL_ERROR;
import static io.hoplink.router.h2.H2Frames.REFUSED_STREAM;
import static io.hoplink.router.h2.H2Frames.RST_STREAM;
import static io.hoplink.router.h2.H2Frames.frame;
import static io.hoplink.router.h2.H2Frames.rstStream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.H2ServerParams;
import io.hoplink.config.ServerConfig;
import io.hoplink.router.upstream.H2UpstreamOptions;
import io.netty.handler.codec.http2.Http2Headers;
import io.vertx.core.Vertx;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The h2 server's protections, spoken to in raw HTTP/2 frames. */
class H2ProtectionsTest {
  /** The backend's SETTINGS_MAX_CONCURRENT_STREAMS. */
  private static final int BACKEND_MAX_STREAMS = 8;
  /** Connections the fixture's upstream opens per endpoint. */
  private static final int UPSTREAM_CONNECTIONS =
      H2UpstreamOptions.defaults().connectionsPerEndpoint();
  private static final H2ServerParams HEADER_LIMITED =
      new H2ServerParams(1000, 65_535, 4096, 4096, 16_384);
  private final Vertx backendVertx = Vertx.vertx();
  /** The paths of the requests the backend saw, in order. */
  private final Queue<String> seen = new ConcurrentLinkedQueue<>();
  private HttpServer backend;
  private H2Fixture router;
  private H2Frames client;

  @BeforeEach
  void startBackend() throws Exception {
    // An h2c backend that notes each request and answers 200 once its body has ended.
    backend = backendVertx.createHttpServer(new HttpServerOptions().setInitialSettings(
        new Http2Settings().setMaxConcurrentStreams(BACKEND_MAX_STREAMS))).requestHandler(request -> {
      seen.add(request.path());
      request.body().onSuccess(body -> request.response()
          .putHeader("x-echo", String.valueOf(request.getHeader("x-echo"))).end("ok"));
    });
    backend.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (router != null) {
      router.close();
    }
    backendVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Starts the router with these server settings and connects a client past the handshake. */
  private Map<Integer, Long> connect(ServerConfig server) throws Exception {
    router = H2Fixture.forwardingTo(server, exchange -> backend.actualPort());
    client = H2Frames.connect(router.port());
    return client.handshake();
  }

  private Map<Integer, Long> connect() throws Exception {
    return connect(H2Fixture.server(0, 10, H2ServerParams.defaults()));
  }

  /** Opens a stream whose request body never ends: it stays in flight. */
  private void hold(int streamId, String path) throws Exception {
    client.write(frame(HEADERS, END_HEADERS, streamId, client.requestBlock("POST", path)));
  }

  /** Sends a complete GET on a new stream and returns the response head. */
  private Http2Headers get(int streamId, String path, String... headers) throws Exception {
    client.write(frame(HEADERS, END_HEADERS | END_STREAM, streamId,
        client.requestBlock("GET", path, headers)));
    return client.responseHeaders(streamId);
  }

  /** Streams 1, 3, 5... {@code count} of them, each opened and at once cancelled. */
  private byte[] openAndCancel(int count) {
    ByteArrayOutputStream frames = new ByteArrayOutputStream();
    for (int i = 0; i < count; i++) {
      int stream = 2 * i + 1;
      frames.writeBytes(frame(HEADERS, END_HEADERS, stream, client.requestBlock("POST", "/reset")));
      frames.writeBytes(rstStream(stream, CANCEL));
    }
    return frames.toByteArray();
  }

  private static String status(Http2Headers headers) {
    return String.valueOf(headers.status());
  }

  @Test
  void settingsAnnounceTheLimitsAndAStreamOverMaxConcurrentStreamsIsRefused() throws Exception {
    Map<Integer, Long> settings = connect(H2Fixture.server(0, 10,
        new H2ServerParams(5, 100_000, 6000, 2048, 32_768)));

    assertEquals(5L, settings.get(H2Frames.SETTINGS_MAX_CONCURRENT_STREAMS), settings.toString());
    assertEquals(6000L, settings.get(H2Frames.SETTINGS_MAX_HEADER_LIST_SIZE), settings.toString());
    assertEquals(100_000L, settings.get(H2Frames.SETTINGS_INITIAL_WINDOW_SIZE), settings.toString());
    assertEquals(2048L, settings.get(H2Frames.SETTINGS_HEADER_TABLE_SIZE), settings.toString());
    assertEquals(32_768L, settings.get(H2Frames.SETTINGS_MAX_FRAME_SIZE), settings.toString());

    for (int i = 1; i <= 5; i++) {
      hold(2 * i - 1, "/held-" + i);
    }
    hold(11, "/one-too-many");
    H2Frames.Frame refused = client.readUntil("a reset", f -> f.type() == RST_STREAM);

    assertEquals(11, refused.streamId());
    assertEquals(REFUSED_STREAM, refused.errorCode());
    H2Fixture.await("5 streams at the backend", () -> seen.size() == 5);
    // Ending one held stream frees a place: the connection is still fine for a new one.
    client.write(frame(DATA, END_STREAM, 1, new byte[0]));
    assertEquals("200", status(client.responseHeaders(1)));
    H2Fixture.await("stream 1 ended at the router", () -> router.frontend.openStreams() == 4);
    assertEquals("200", status(get(13, "/after")));
    assertEquals(List.of("/after", "/held-1", "/held-2", "/held-3", "/held-4", "/held-5"),
        List.copyOf(seen).stream().sorted().toList());
  }

  @Test
  void aHeaderListOverMaxHeaderListBytesGets431AndTheConnectionStays() throws Exception {
    Map<Integer, Long> settings = connect(H2Fixture.server(0, 10, HEADER_LIMITED));
    assertEquals(4096L, settings.get(H2Frames.SETTINGS_MAX_HEADER_LIST_SIZE), settings.toString());

    // About 4.5 KiB: over the limit, under Netty's connection-closing 1.25 times the limit.
    client.write(frame(HEADERS, END_HEADERS | END_STREAM, 1,
        client.requestBlock("GET", "/big", "x-big", "x".repeat(4300))));

    assertEquals("431", status(client.responseHeaders(1)));
    H2Frames.Frame reset = client.readUntil("a reset", f -> f.type() == RST_STREAM);
    assertEquals(1, reset.streamId());
    assertEquals(PROTOCOL_ERROR, reset.errorCode());
    assertEquals("200", status(get(3, "/after")));
    assertEquals(List.of("/after"), List.copyOf(seen), "the big request never reached the backend");
  }

  @Test
  void aHeaderListFarOverMaxHeaderListBytesEndsTheConnection() throws Exception {
    connect(H2Fixture.server(0, 10, HEADER_LIMITED));

    client.write(frame(HEADERS, END_HEADERS | END_STREAM, 1,
        client.requestBlock("GET", "/huge", "x-big", "x".repeat(2 * 4096))));

    H2Frames.Frame goAway = client.readUntil("GOAWAY", f -> f.type() == GOAWAY);
    assertEquals(PROTOCOL_ERROR, goAway.errorCode());
    client.readToClose();
    assertEquals(0, router.counter("server/requests"), "no stream was dispatched");
    assertTrue(seen.isEmpty(), seen.toString());
  }

  @Test
  void rapidResetBeyondTheLimitEndsTheConnectionWithEnhanceYourCalm() throws Exception {
    connect();
    client.write(openAndCancel(ServerOptions.RST_FLOOD_MAX_PER_WINDOW + 1));

    H2Frames.Frame goAway = client.readUntil("GOAWAY", f -> f.type() == GOAWAY);
    assertEquals(ENHANCE_YOUR_CALM, goAway.errorCode());
    client.readToClose();
    H2Fixture.await("no stream left open", () -> router.frontend.openStreams() == 0);
  }

  @Test
  void resetsUpToTheLimitLeaveTheConnectionUsable() throws Exception {
    connect();
    int resets = ServerOptions.RST_FLOOD_MAX_PER_WINDOW;
    client.write(openAndCancel(resets));

    assertEquals("200", status(get(2 * resets + 1, "/after")));
  }

  @Test
  void streamsResetBeforeTheyWereForwardedGiveTheirUpstreamStreamsBack() throws Exception {
    connect();
    // Three times the streams the router may open to the backend, each reset at once: the
    // router gets its upstream request after the client's reset, and must still free it.
    int resets = 3 * UPSTREAM_CONNECTIONS * BACKEND_MAX_STREAMS;
    client.write(openAndCancel(resets));

    assertEquals("200", status(get(2 * resets + 1, "/after")));
  }

  @Test
  void aContinuationFloodEndsTheConnectionBeforeTheRequestIsDispatched() throws Exception {
    connect();
    byte[][] frames = new byte[ServerOptions.MAX_SMALL_CONTINUATION_FRAMES + 1][];
    // The block never ends: a HEADERS frame and then empty CONTINUATION frames.
    frames[0] = frame(HEADERS, END_STREAM, 1, client.requestBlock("GET", "/flood"));
    for (int i = 1; i < frames.length; i++) {
      frames[i] = frame(CONTINUATION, 0, 1, new byte[0]);
    }
    client.write(frames);

    H2Frames.Frame goAway = client.readUntil("GOAWAY", f -> f.type() == GOAWAY);
    assertEquals(ENHANCE_YOUR_CALM, goAway.errorCode());
    client.readToClose();
    assertEquals(0, router.counter("server/requests"), "no stream was dispatched");
    assertTrue(seen.isEmpty(), seen.toString());
  }

  @Test
  void aHeaderBlockInAsManyFramesAsAllowedIsServed() throws Exception {
    connect();
    int pieces = ServerOptions.MAX_SMALL_CONTINUATION_FRAMES; // HEADERS + 15 CONTINUATION
    byte[] block = client.requestBlock("GET", "/split", "x-echo", "in " + pieces + " frames");
    byte[][] frames = new byte[pieces][];
    int step = block.length / pieces;
    for (int i = 0; i < pieces; i++) {
      byte[] piece = Arrays.copyOfRange(block, i * step, i == pieces - 1 ? block.length : (i + 1) * step);
      frames[i] = i == 0 ? frame(HEADERS, END_STREAM, 1, piece)
          : frame(CONTINUATION, i == pieces - 1 ? END_HEADERS : 0, 1, piece);
    }
    client.write(frames);

    Http2Headers response = client.responseHeaders(1);
    assertEquals("200", status(response));
    assertEquals("in 16 frames", String.valueOf(response.get("x-echo")));
    assertEquals(List.of("/split"), List.copyOf(seen));
  }

  @Test
  void streamsOverMaxConcurrentRequestsAreShedWith503OrUnavailable() throws Exception {
    connect(H2Fixture.server(2, 10, H2ServerParams.defaults()));
    hold(1, "/held-1");
    hold(3, "/held-2");
    H2Fixture.await("2 streams at the backend", () -> seen.size() == 2);

    Http2Headers grpc = get(5, "/svc/Method", "content-type", "application/grpc", "te", "trailers");
    Http2Headers plain = get(7, "/plain");

    assertEquals("200", status(grpc));
    assertEquals("14", String.valueOf(grpc.get("grpc-status")), "UNAVAILABLE");
    assertEquals("503", status(plain));
    assertTrue(String.valueOf(plain.get("l5d-err")).contains("maxConcurrentRequests"),
        plain.toString());
    assertEquals(2, seen.size(), seen.toString());
  }
}
