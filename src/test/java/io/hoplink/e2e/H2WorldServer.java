package io.hoplink.e2e;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An h2 pod of the multi-node test, run as its own process inside a node's network namespace:
 * {@code H2WorldServer <pod> <node> <ip> <h2 port> <grpc port>}. On the h2 port it speaks
 * HTTP/2 only (h2c with prior knowledge): an HTTP/1.1 request is answered 505 and its connection
 * closed, so an answer through the routers proves they spoke HTTP/2 to it. {@code GET /} answers
 * like {@link WorldServer}, plus {@code version=}; {@code GET /requests} how many {@code /}
 * requests it served. On the gRPC port a grpc-java server serves {@link Greeter}.
 */
public final class H2WorldServer {
  private H2WorldServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: H2WorldServer POD NODE IP H2_PORT GRPC_PORT");
      System.exit(64);
    }
    String pod = args[0];
    String node = args[1];
    String ip = args[2];
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
        .setInternalBlockingPoolSize(1));
    AtomicInteger served = new AtomicInteger();
    HttpServer h2 = vertx.createHttpServer(new HttpServerOptions().setHost(ip)
            .setPort(Integer.parseInt(args[3])).setHttp2ClearTextEnabled(true))
        .requestHandler(request -> answer(request, pod, node, served))
        .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    Server grpc = NettyServerBuilder.forAddress(new InetSocketAddress(ip, Integer.parseInt(args[4])))
        .directExecutor().addService(Greeter.service(pod, node)).build().start();
    System.out.println("h2 world " + pod + " listening on " + ip + ":" + h2.actualPort()
        + ", gRPC on " + ip + ":" + grpc.getPort());
    System.out.flush();
  }

  private static void answer(HttpServerRequest request, String pod, String node,
      AtomicInteger served) {
    if (request.version() != HttpVersion.HTTP_2) {
      request.response().setStatusCode(505).putHeader("connection", "close")
          .end("HTTP/2 (h2c with prior knowledge) only\n")
          .onComplete(done -> request.connection().close());
      return;
    }
    if (request.path().equals("/requests")) {
      request.response().end(served.get() + "\n");
      return;
    }
    served.incrementAndGet();
    request.response().end("pod=" + pod + "\nnode=" + node
        + "\npeer=" + request.connection().remoteAddress().host()
        + "\nversion=" + request.version()
        + "\nvia=" + String.join(", ", request.headers().getAll("via"))
        + "\nl5d-dst-client=" + String.join(", ", request.headers().getAll("l5d-dst-client"))
        + "\n");
  }
}
