package io.hoplink.router.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SelfSignedCertificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where the flush batching goes in a connection's pipeline, and that held flushes still go. */
class FlushBatchingTest {
  private final Vertx vertx = Vertx.vertx();
  /** The server connection's pipeline, once the handler was installed. */
  private final CompletableFuture<ChannelPipeline> pipeline = new CompletableFuture<>();

  @AfterEach
  void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private int serve(HttpServerOptions options) throws Exception {
    HttpServer server = vertx.createHttpServer(options)
        .connectionHandler(connection -> {
          FlushBatching.installOnHttp2(connection);
          pipeline.complete(ChannelAccess.channel(connection).pipeline());
        })
        .requestHandler(request -> request.response().end("stream " + request.path()));
    return await(server.listen(0, "127.0.0.1")).actualPort();
  }

  private List<String> names() throws Exception {
    return pipeline.get(10, TimeUnit.SECONDS).names();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /**
   * Sends {@code streams} requests at once and returns the bodies in order, from one event
   * loop, which the connections then share. From the test's thread, Vert.x gave each request a
   * context on the next event loop, so a response's head and end came on one thread while its
   * body handler was set on another; once, the first body came back empty.
   */
  private List<String> send(HttpClientOptions options, int port, int streams) throws Exception {
    HttpClientAgent client = vertx.createHttpClient(options);
    CompletableFuture<List<Future<String>>> sent = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> {
      List<Future<String>> bodies = new ArrayList<>();
      for (int i = 0; i < streams; i++) {
        bodies.add(client.request(HttpMethod.GET, port, "127.0.0.1", "/" + i)
            .compose(request -> request.send())
            .compose(response -> response.body())
            .map(Object::toString));
      }
      sent.complete(bodies);
    });
    List<String> out = new ArrayList<>();
    for (Future<String> body : sent.get(10, TimeUnit.SECONDS)) {
      out.add(await(body));
    }
    return out;
  }

  private static List<String> expected(int streams) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      out.add("stream /" + i);
    }
    return out;
  }

  @Test
  void anH2cConnectionHoldsItsFlushesFirstInItsPipelineAndEveryStreamIsAnswered()
      throws Exception {
    int port = serve(new HttpServerOptions());
    // more streams than flushes held, so a flush must also go through on the count
    int streams = FlushBatching.MAX_HELD + 44;
    assertEquals(expected(streams), send(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false), port, streams));
    assertEquals("hoplinkFlush", names().get(0));
  }

  @Test
  void anHttp11ConnectionIsLeftAsItWas() throws Exception {
    int port = serve(new HttpServerOptions());
    assertEquals(expected(3), send(new HttpClientOptions(), port, 3));
    assertFalse(names().contains("hoplinkFlush"), names().toString());
  }

  @Test
  void underTlsTheFlushesAreHeldAfterTheEncryption() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    int port = serve(new HttpServerOptions().setSsl(true).setUseAlpn(true)
        .setKeyCertOptions(certificate.keyCertOptions()));
    assertEquals(expected(20), send(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setSsl(true).setUseAlpn(true).setTrustAll(true).setVerifyHost(false), port, 20));
    String tls = pipeline.get(10, TimeUnit.SECONDS).context(SslHandler.class).name();
    List<String> names = names();
    assertEquals("hoplinkFlush", names.get(names.indexOf(tls) + 1), "after " + tls + ": " + names);
  }
}
