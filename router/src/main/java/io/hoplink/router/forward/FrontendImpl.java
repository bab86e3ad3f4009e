package io.hoplink.router.forward;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.ServerConfig;
import io.hoplink.router.hop.HopHeaders;
import io.hoplink.router.http.FlushBatching;
import io.hoplink.router.http.GuardSettings;
import io.hoplink.router.http.Http1Guard;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.RequestStats;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

final class FrontendImpl implements Frontend {
  private static final Logger LOG = Logger.getLogger("hoplink");
  /** File descriptors kept back from client connections: namers, upstreams, admin, logs. */
  static final int RESERVED_FDS = 256;
  /** Keys of Vert.x's shared random ports, one per frontend bound on port 0. */
  private static final AtomicInteger SHARED_RANDOM_PORTS = new AtomicInteger();

  private final Vertx vertx;
  private final ServerConfig config;
  private final HttpServerOptions options;
  private final GuardSettings guard;
  private final Dispatcher dispatcher;
  private final RequestStats requests;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean capped = new AtomicBoolean();
  private final int maxConnections;
  private final PeerNotes peerNotes = new PeerNotes(
      io.hoplink.router.logging.RateLimitedLog.every(LOG, Duration.ofSeconds(10)));
  private final List<HttpServer> servers = new ArrayList<>();
  private final Map<HttpConnection, ConnectionWatch> watches = new ConcurrentHashMap<>();
  private final int maxStreams;
  private final MemoryGate memory;
  private final SlowStreams slowStreams = new SlowStreams(SlowStreams.MAX_PAUSED);
  private final ForwardedHeader forwarded;
  /** TLS servers: connections whose handshake failed (no or a wrong client certificate...). */
  private final com.codahale.metrics.Counter tlsFailures;
  /** TLS servers: connections by the identity their client certificate names. */
  private final PeerConnections peers;

  private FrontendImpl(Vertx vertx, ServerConfig config, HttpServerOptions options,
      boolean guarded, Dispatcher dispatcher, Metrics scope, MemoryGate memory) {
    this.vertx = vertx;
    this.config = config;
    this.options = options;
    this.guard = guarded ? new GuardSettings(config.requestHeadTimeout(), config.idleTime(),
        config.lifeTime(), draining::get) : null;
    this.dispatcher = dispatcher;
    // HTTP/1.x connections carry one request at a time; h2: the announced stream limit.
    this.maxStreams = guarded ? 0 : (int) Math.min(Integer.MAX_VALUE,
        options.getInitialSettings().getMaxConcurrentStreams());
    this.requests = new RequestStats(scope);
    this.maxConnections = config.maxConnections() > 0 ? config.maxConnections()
        : connectionsTheDescriptorsAllow();
    this.memory = memory;
    this.forwarded = config.addForwardedHeader().map(ForwardedHeader::new).orElse(null);
    this.tlsFailures = scope.counter("tls/handshake_failures");
    this.peers = new PeerConnections(scope);
    scope.gauge("connections", connections::get);
  }

  static Future<Frontend> start(Vertx vertx, ServerConfig config, HttpServerOptions options,
      boolean guarded, int instances, Dispatcher dispatcher, Metrics scope) {
    return start(vertx, config, options, guarded, instances, dispatcher, scope,
        MemoryGate.ofProcess());
  }

  /** {@link #start} with the process's memory read through {@code memory}. */
  static Future<Frontend> start(Vertx vertx, ServerConfig config, HttpServerOptions options,
      boolean guarded, int instances, Dispatcher dispatcher, Metrics scope, MemoryGate memory) {
    requireNonNull(vertx, "vertx");
    requireNonNull(config, "server");
    requireNonNull(dispatcher, "dispatcher");
    requireNonNull(scope, "serverMetrics");
    requireNonNull(memory, "memory");
    return new FrontendImpl(vertx, config, options, guarded, dispatcher, scope, memory)
        .listen(instances);
  }

  /**
   * Binds {@code instances} servers on the same address, each from its own event loop: Vert.x
   * shares the listening socket and spreads connections over them. The first binds the
   * configured port (maybe 0); the others join it on the port it got.
   */
  private Future<Frontend> listen(int instances) {
    // Vert.x shares a random port between servers that all ask for the same negative port: each
    // frontend asks with its own, or two routers on port 0 would share one socket.
    int port = config.port() == 0 ? -SHARED_RANDOM_PORTS.incrementAndGet() : config.port();
    Future<Integer> chain = listenOn(port);
    for (int i = 1; i < instances; i++) {
      chain = chain.compose(first -> listenOn(port).map(other -> {
        if (!other.equals(first)) {
          throw new IllegalStateException("server instances got ports " + first + " and " + other);
        }
        return first;
      }));
    }
    return chain.map(bound -> this);
  }

  private Future<Integer> listenOn(int port) {
    HttpServer server = vertx.createHttpServer(options)
        .exceptionHandler(this::onServerException)
        .connectionHandler(this::onConnection)
        .invalidRequestHandler(this::onInvalidRequest)
        .requestHandler(this::onRequest);
    synchronized (servers) {
      servers.add(server);
    }
    // Each server is bound from its own event-loop context, which then serves its connections.
    ContextInternal context = ((VertxInternal) vertx).createEventLoopContext();
    Promise<Integer> bound = Promise.promise();
    context.runOnContext(v -> server.listen(port, config.ip())
        .map(HttpServer::actualPort).onComplete(bound));
    return bound.future();
  }

  @Override
  public int actualPort() {
    synchronized (servers) {
      return servers.get(0).actualPort();
    }
  }

  @Override
  public int openStreams() {
    return requests.pending();
  }

  @Override
  public Future<Boolean> updateSsl(io.vertx.core.net.ServerSSLOptions options) {
    List<Future<Boolean>> updates = new ArrayList<>();
    synchronized (servers) {
      servers.forEach(server -> updates.add(server.updateSSLOptions(options)));
    }
    return Future.all(updates).map(all -> updates.stream().allMatch(Future::result));
  }

  @Override
  public Future<Void> drain(Duration grace) {
    draining.set(true);
    List<Future<Void>> shutdowns = new ArrayList<>();
    synchronized (servers) {
      for (HttpServer server : servers) {
        shutdowns.add(server.shutdown(Math.max(0, grace.toMillis()), TimeUnit.MILLISECONDS));
      }
    }
    return Future.join(shutdowns).mapEmpty();
  }

  ServerConfig config() {
    return config;
  }

  /** The Forwarded element writer of a server with {@code addForwardedHeader}, else null. */
  ForwardedHeader forwarded() {
    return forwarded;
  }

  /** Whether HTTP/1.x heads were checked by the connection guard before they got here. */
  boolean guarded() {
    return guard != null;
  }

  Vertx vertx() {
    return vertx;
  }

  SlowStreams slowStreams() {
    return slowStreams;
  }

  long wallNanos() {
    return System.currentTimeMillis() * 1_000_000L;
  }

  String newRequestId() {
    String hex = Long.toHexString(ThreadLocalRandom.current().nextLong());
    return "0".repeat(16 - hex.length()) + hex;
  }

  /** A request ended: {@code status} sent (-1: reset), with its gRPC status (-1: none). */
  void requestEnded(int status, int grpcStatus, long startNanos) {
    boolean success = status >= 100 && status < 500 && grpcStatus <= 0;
    requests.ended(status, success, System.nanoTime() - startNanos);
  }

  /**
   * Each proxied connection may hold two descriptors (client and upstream): half of what the
   * limit leaves after {@link #RESERVED_FDS}, at least 64; unbounded where the limit is unknown.
   */
  static int connectionsTheDescriptorsAllow() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
      long max = unix.getMaxFileDescriptorCount();
      return (int) Math.min(Integer.MAX_VALUE, Math.max(64, (max - RESERVED_FDS) / 2));
    }
    return Integer.MAX_VALUE;
  }

  /**
   * A failure before a connection exists: on a TLS server, a handshake that failed (the client
   * sent no certificate, or one from another CA; plaintext to the TLS port). Counted, and noted
   * once per kind and interval.
   */
  private void onServerException(Throwable t) {
    Throwable ssl = null;
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof javax.net.ssl.SSLException) {
        ssl = c;
      }
    }
    if (ssl != null) {
      tlsFailures.inc();
    }
    peerNotes.note((ssl != null ? "TLS handshake with a client of " : "client of ") + config.ip()
        + ":" + actualPort(), ssl != null ? ssl : t);
  }

  private void onConnection(HttpConnection connection) {
    if (connections.incrementAndGet() > maxConnections) {
      connections.decrementAndGet();
      connection.close(); // the open ones keep being served
      if (capped.compareAndSet(false, true)) {
        LOG.warning("server " + config.ip() + ":" + actualPort() + " has " + maxConnections
            + " connections open (maxConnections): closing new ones until some close");
      }
      return;
    }
    peers.accepted(connection);
    FlushBatching.installOnHttp2(connection);
    // Resets, protocol errors and garbage from clients: one line per kind, never a stack trace.
    connection.exceptionHandler(t -> peerNotes.note("client connection to " + config.ip() + ":"
        + actualPort(), t));
    ConnectionWatch watch = new ConnectionWatch(connection, maxStreams);
    watches.put(connection, watch);
    connection.closeHandler(v -> {
      if (connections.decrementAndGet() < maxConnections * 9L / 10) {
        capped.set(false); // the next time the cap is reached is logged again
      }
      watches.remove(connection);
    });
    Http1Guard.boundWrites(connection);
    if (guard != null) {
      Http1Guard.install(connection, guard);
    } else {
      Http1Guard.installBodyGuard(connection);
      try {
        watch.holdIdleWhileBusy(config.idleTime());
      } catch (RuntimeException e) {
        connection.close(); // an idle timeout that cut busy connections would be worse
      }
    }
  }

  private void onRequest(HttpServerRequest request) {
    ConnectionWatch watch = watches.get(request.connection());
    if (watch == null || !watch.admit()) {
      if (request.version() == HttpVersion.HTTP_2) {
        request.response().reset(ForwardFailure.REFUSED_STREAM); // never dispatched: may go elsewhere
      } else {
        request.connection().close(); // behind a refused head: its framing is not to be trusted
      }
      return;
    }
    long start = System.nanoTime();
    int pending = requests.started();
    ExchangeImpl exchange = new ExchangeImpl(this, watch, request, start);
    Dispatcher target = dispatcher.admit(exchange);
    int max = config.maxConcurrentRequests();
    Http1Guard.Refusal refusal = exchange.refusal();
    if (refusal != null) {
      if (request.version() != HttpVersion.HTTP_2) {
        watch.refuseMore();
        request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
            .endHandler(v -> request.connection().close());
      }
      exchange.fail(refusal.status(), refusal.message());
    } else if (max > 0 && pending > max) {
      exchange.fail(503, "too many requests in flight (maxConcurrentRequests: " + max + ")");
    } else if (memory.low()) {
      if (request.version() != HttpVersion.HTTP_2) {
        request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE); // frees its buffers
      }
      exchange.fail(503, memory.describe());
    } else if (exchange.viaHops() > config.maxCallDepth()) {
      exchange.fail(400, "call depth " + exchange.viaHops() + " exceeds maxCallDepth "
          + config.maxCallDepth() + " (a routing loop?)");
    } else {
      try {
        target.dispatch(exchange);
        exchange.enforceDeadlineUnlessTaken();
      } catch (RuntimeException e) {
        exchange.fail(502, "dispatch failed: " + e);
      }
    }
  }

  /** A request head Netty's decoder or the guard refused: answered, and the connection closes. */
  private void onInvalidRequest(HttpServerRequest request) {
    long start = System.nanoTime();
    requests.started();
    Http1Guard.Refusal refusal = Http1Guard.refusal(request.decoderResult().cause());
    request.response()
        .setStatusCode(refusal.status())
        .putHeader(HopHeaders.ERR, RouterError.headerValue(refusal.message()))
        .putHeader(HttpHeaders.CONTENT_TYPE, RouterError.CONTENT_TYPE)
        .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
        .end(RouterError.body(refusal.message()))
        .onComplete(ar -> {
          requestEnded(ar.succeeded() ? refusal.status() : -1, GrpcStatus.ABSENT, start);
          request.connection().close(); // what followed the head cannot be trusted
        });
  }
}
