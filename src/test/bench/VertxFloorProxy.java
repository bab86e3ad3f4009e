// The floor of the stack hoplink is built on, for peers-bench.sh: an HTTP/1.1 proxy on Vert.x's
// HttpServer and pooled HttpClient and nothing else (no naming, balancing, metrics, guards or
// header rules), one event loop, on the test class path:
//   java -cp CLASSPATH VertxFloorProxy LISTEN_PORT BACKEND_PORT
// Every request goes to 127.0.0.1:BACKEND_PORT with its method, URI and headers; the response
// comes back with its status and headers but Connection, bodies streamed both ways. A failed
// upstream request is answered 502. Prints "ready" once it listens; runs until killed.

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

public final class VertxFloorProxy {
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: java VertxFloorProxy LISTEN_PORT BACKEND_PORT");
      System.exit(2);
    }
    int listen = Integer.parseInt(args[0]);
    int backend = Integer.parseInt(args[1]);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1)
        .setPreferNativeTransport(true));
    HttpClient client = vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true).setPipelining(false)
            .setDefaultHost("127.0.0.1").setDefaultPort(backend),
        new PoolOptions().setHttp1MaxSize(1024));
    vertx.createHttpServer()
        .requestHandler(request -> forward(client, request))
        .listen(listen, "127.0.0.1")
        .await();
    System.out.println("ready");
  }

  private static void forward(HttpClient client, HttpServerRequest request) {
    request.pause();
    RequestOptions options = new RequestOptions().setMethod(request.method())
        .setURI(request.uri()).setHeaders(request.headers());
    client.request(options).onComplete(sent -> {
      if (sent.failed()) {
        request.response().setStatusCode(502).end();
        return;
      }
      sent.result().response().onComplete(received -> {
        HttpServerResponse response = request.response();
        if (received.failed()) {
          if (!response.headWritten()) {
            response.setStatusCode(502).end();
          }
          return;
        }
        HttpClientResponse upstream = received.result();
        response.setStatusCode(upstream.statusCode());
        response.headers().setAll(upstream.headers()).remove(HttpHeaders.CONNECTION);
        if (!upstream.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
          response.setChunked(true);
        }
        upstream.pipeTo(response);
      });
      request.resume();
      request.pipeTo(sent.result());
    });
  }
}
