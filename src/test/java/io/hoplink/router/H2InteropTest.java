package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hoplink.config.HoplinkConfig;
import io.hoplink.config.RouterConfig;
import io.hoplink.naming.ConfiguredNamersInterpreter;
import io.hoplink.router.http.HttpFrontend;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.transformers.TransformerContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1.1 to an HTTP/2-only backend: an http router's dtab sends the name to an h2 router's
 * port (which also takes HTTP/1.1), and the h2 router forwards over h2c.
 */
class H2InteropTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<RouterStack> stacks = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    stacks.forEach(RouterStack::close);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private int router(String yaml) throws Exception {
    RouterConfig config = HoplinkConfig.load(yaml, Main.plugins()).routers().get(0);
    ConfiguredNamersInterpreter interpreter = new ConfiguredNamersInterpreter(Map.of());
    RouterStack stack = RouterStack.build(config, Main.plugins(), interpreter,
        TransformerContext.system(() -> interpreter), vertx, Metrics.newTree());
    stacks.add(stack);
    HttpFrontend frontend = await(stack.startServer(config.servers().get(0)));
    return frontend.actualPort();
  }

  @Test
  void anHttp11ClientReachesAnH2cBackendThroughAnHttpRouterAndAnH2Router() throws Exception {
    HttpServer backend = await(vertx.createHttpServer(new HttpServerOptions()
            .setHttp2ClearTextEnabled(true))
        .requestHandler(req -> req.response().end(req.version() + " " + req.authority().host()))
        .listen(0, "127.0.0.1"));
    int h2 = router("""
        routers:
        - protocol: h2
          dtab: /svc/h2only => /$/inet/127.0.0.1/%d;
          servers: [{port: 0}]
        """.formatted(backend.actualPort()));
    int http = router("""
        routers:
        - protocol: http
          dtab: /svc/h2only => /$/inet/127.0.0.1/%d;
          servers: [{port: 0}]
        """.formatted(h2));

    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", http))).build();
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://h2only/"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(200, response.statusCode());
    assertEquals("HTTP_2 h2only", response.body(), "the last hop speaks HTTP/2");
  }
}
