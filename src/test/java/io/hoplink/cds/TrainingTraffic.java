package io.hoplink.cds;

import io.hoplink.cds.CdsTraining.TrainingFailed;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the training router serves: a backend on loopback that answers HTTP/1.1 and h2c (gRPC
 * calls with a message and {@code grpc-status: 0}), a config in the DaemonSet's shape (an
 * io.l5d.fs namer, an http, an h2 and a gRPC router, the admin; every port 0), and requests
 * through each router (and through the http one as a proxy, as with http_proxy), to names that
 * resolve and to one that does not, and to the admin pages.
 */
final class TrainingTraffic implements AutoCloseable {
  private static final int ROUNDS = 2; // the second round reuses pooled connections
  private static final Buffer UPLOAD = Buffer.buffer(new byte[64 * 1024]);
  /** A gRPC message: not compressed, 2 bytes long. */
  private static final Buffer GRPC_MESSAGE = Buffer.buffer(new byte[] {0, 0, 0, 0, 2, 'h', 'i'});

  private final Vertx vertx;
  private final HttpServer backend;
  private final HttpClient http1;
  private final HttpClient h2;
  /** As applications send with http_proxy: absolute-form requests. Made once the port is known. */
  private HttpClient viaProxy;

  private TrainingTraffic(Vertx vertx, HttpServer backend) {
    this.vertx = vertx;
    this.backend = backend;
    this.http1 = vertx.createHttpClient(new HttpClientOptions());
    this.h2 = vertx.createHttpClient(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
  }

  static TrainingTraffic start() throws Exception {
    // no class-path file cache: it would leave a vertx-cache directory in /tmp (or the image)
    Vertx vertx = Vertx.vertx(new VertxOptions().setFileSystemOptions(
        new FileSystemOptions().setClassPathResolvingEnabled(false)));
    HttpServer backend = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(
        body -> {
          String type = req.getHeader("content-type");
          if (type != null && type.startsWith("application/grpc")) {
            req.response().putHeader("content-type", "application/grpc")
                .putTrailer("grpc-status", "0").end(GRPC_MESSAGE);
          } else {
            req.response().end("hello, " + body.length() + " bytes");
          }
        }));
    await(backend.listen(0, "127.0.0.1"));
    return new TrainingTraffic(vertx, backend);
  }

  /** Writes the namer's directory and the router's config into {@code dir}. */
  Path writeConfig(Path dir) throws Exception {
    Path disco = Files.createDirectories(dir.resolve("disco"));
    String endpoint = "127.0.0.1 " + backend.actualPort() + "\n";
    Files.writeString(disco.resolve("web"), endpoint);
    Files.writeString(disco.resolve("test.Echo"), endpoint);
    return Files.writeString(dir.resolve("hoplink.yaml"), """
        admin: {ip: 127.0.0.1, port: 0}
        namers:
        - {kind: io.l5d.fs, rootDir: %s}
        routers:
        - protocol: http
          label: outgoing
          dtab: |
            /svc => /#/io.l5d.fs;
            /svc/direct => /$/inet/127.0.0.1/%d;
          servers: [{ip: 127.0.0.1, port: 0}]
        - protocol: h2
          label: h2-outgoing
          dtab: /svc => /#/io.l5d.fs;
          servers: [{ip: 127.0.0.1, port: 0}]
        - protocol: h2
          label: grpc-outgoing
          identifier: {kind: io.l5d.header.path, segments: 1}
          dtab: /svc => /#/io.l5d.fs;
          service:
            responseClassifier: {kind: io.l5d.h2.grpc.default}
          servers: [{ip: 127.0.0.1, port: 0}]
        """.formatted(disco, backend.actualPort()));
  }

  boolean pong(int admin) {
    try {
      Reply r = await(exchange(http1, admin, HttpMethod.GET, "admin", "/admin/ping", null), 1);
      return r.status() == 200 && r.body().equals("pong");
    } catch (Exception e) {
      return false; // not listening yet
    }
  }

  /** Sends every request; returns how many. Throws if one is answered as it should not be. */
  int send(Map<String, Integer> ports, int admin) throws Exception {
    int http = port(ports, "outgoing");
    int h2c = port(ports, "h2-outgoing");
    int grpc = port(ports, "grpc-outgoing");
    int sent = 0;
    for (int round = 0; round < ROUNDS; round++) {
      for (HttpClient client : new HttpClient[] {http1, h2}) {
        int port = client == http1 ? http : h2c;
        ok(exchange(client, port, HttpMethod.GET, "web", "/hello", null));
        ok(exchange(client, port, HttpMethod.POST, "web", "/upload", UPLOAD));
        failed(exchange(client, port, HttpMethod.GET, "nowhere", "/", null));
        sent += 3;
      }
      ok(exchange(http1, http, HttpMethod.GET, "direct", "/", null));
      ok(proxied(http, "/proxied"));
      Reply call = await(grpc(grpc, "/test.Echo/Say"), 10);
      if (call.status() != 200 || !"0".equals(grpcStatus(call))) {
        throw new TrainingFailed(call.request() + ": " + call.status() + ", grpc-status "
            + grpcStatus(call));
      }
      Reply unknown = await(grpc(grpc, "/nowhere.Svc/Call"), 10);
      if (unknown.status() == 200 && "0".equals(grpcStatus(unknown))) {
        throw new TrainingFailed(unknown.request() + ": an unknown service succeeded");
      }
      sent += 4;
    }
    for (String page : new String[] {"/admin/ping", "/admin/metrics.json",
        "/admin/metrics/prometheus", "/", "/admin/server_info", "/config.json",
        "/client_state.json", "/delegator.json?path=/svc/web"}) {
      ok(exchange(http1, admin, HttpMethod.GET, "admin", page, null));
      sent++;
    }
    return sent;
  }

  void closeClients() throws Exception {
    await(http1.close());
    await(h2.close());
    if (viaProxy != null) {
      await(viaProxy.close());
    }
  }

  @Override
  public void close() throws Exception {
    await(vertx.close());
  }

  /** An answer to {@code request} (method, authority, path and port, for messages). */
  private record Reply(String request, int status, String body, MultiMap headers,
      MultiMap trailers) {}

  private Future<Reply> exchange(HttpClient client, int port, HttpMethod method, String authority,
      String uri, Buffer body) {
    return exchange(client, port, method, authority, uri, MultiMap.caseInsensitiveMultiMap(), body);
  }

  private Future<Reply> exchange(HttpClient client, int port, HttpMethod method, String authority,
      String uri, MultiMap headers, Buffer body) {
    return client.request(new RequestOptions().setHost("127.0.0.1").setPort(port)
            .setMethod(method).setURI(uri).setHeaders(headers))
        .compose(req -> {
          req.authority(HostAndPort.authority(authority));
          return body == null ? req.send() : req.send(body);
        })
        .compose(resp -> resp.body().map(b -> new Reply(
            method + " " + authority + uri + " (port " + port + ", " + resp.version() + ")",
            resp.statusCode(), b.toString(), resp.headers(), resp.trailers())));
  }

  private Future<Reply> proxied(int port, String path) {
    if (viaProxy == null) {
      viaProxy = vertx.createHttpClient(new HttpClientOptions().setProxyOptions(
          new ProxyOptions().setType(ProxyType.HTTP).setHost("127.0.0.1").setPort(port)));
    }
    return viaProxy.request(new RequestOptions().setHost("web").setPort(80).setURI(path))
        .compose(HttpClientRequest::send)
        .compose(resp -> resp.body().map(b -> new Reply("GET http://web" + path + " (proxy port "
            + port + ")", resp.statusCode(), b.toString(), resp.headers(), resp.trailers())));
  }

  private Future<Reply> grpc(int port, String path) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("content-type", "application/grpc").add("te", "trailers");
    return exchange(h2, port, HttpMethod.POST, "grpc", path, headers, GRPC_MESSAGE);
  }

  /** A trailers-only answer carries grpc-status in its headers. */
  private static String grpcStatus(Reply r) {
    String status = r.trailers().get("grpc-status");
    return status != null ? status : r.headers().get("grpc-status");
  }

  private static void ok(Future<Reply> reply) throws Exception {
    Reply r = await(reply, 10);
    if (r.status() != 200) {
      throw new TrainingFailed(r.request() + ": expected 200, got " + r.status() + ": "
          + r.body());
    }
  }

  private static void failed(Future<Reply> reply) throws Exception {
    Reply r = await(reply, 10);
    if (r.status() < 400) {
      throw new TrainingFailed(r.request() + ": an unknown service got " + r.status() + ": "
          + r.body());
    }
  }

  private static int port(Map<String, Integer> ports, String label) {
    Integer port = ports.get(label);
    if (port == null) {
      throw new TrainingFailed("no '" + label + " listening on' line in the router's log");
    }
    return port;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return await(future, 10);
  }

  private static <T> T await(Future<T> future, int seconds) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
