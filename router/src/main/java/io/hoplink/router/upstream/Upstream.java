package io.hoplink.router.upstream;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.ClientTlsConfig;
import io.hoplink.router.http.ChannelAccess;
import io.hoplink.router.http.FlushBatching;
import io.hoplink.router.tls.TlsOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import java.util.Optional;

/**
 * The connections a client forwards over, per upstream {@code host:port}: HTTP/1.1 keep-alive
 * pools (one request per connection at a time) or plaintext HTTP/2 with prior knowledge (a few
 * connections per endpoint, each carrying many streams). Either protocol router may use either
 * ({@code client.protocol}); the exchanges adapt the request and response to it.
 */
public final class Upstream {
  /** Upstream response heads may be larger than what we accept from clients. */
  private static final int MAX_RESPONSE_HEAD_BYTES = 64 * 1024;
  /** Per-loop pools are made only when each loop's share is at least this many connections. */
  static final int MIN_CONNECTIONS_PER_LOOP = 64;
  /** HTTP/2: the least response bytes one connection may have in flight across its streams. */
  private static final int H2_CONNECTION_WINDOW_BYTES = 1024 * 1024;
  /** HTTP/2 error code CANCEL. */
  private static final long CANCEL = 8;

  private final LoopClients clients;
  private final HttpVersion version;
  private final Record options;
  private final Optional<ClientTlsConfig> tls;
  /** The name certificates are checked against (commonName); empty: the address connected to. */
  private final Optional<String> serverName;
  /** TLS: the identity each endpoint's certificate named on the last connection to it. */
  private final PeerIdentities peers;

  private Upstream(LoopClients clients, HttpVersion version, Record options,
      Optional<ClientTlsConfig> tls, PeerIdentities peers) {
    this(clients, version, options, tls, Optional.empty(), peers);
  }

  private Upstream(LoopClients clients, HttpVersion version, Record options,
      Optional<ClientTlsConfig> tls, Optional<String> serverName, PeerIdentities peers) {
    this.clients = clients;
    this.version = version;
    this.options = options;
    this.tls = tls;
    this.serverName = serverName;
    this.peers = peers;
  }

  /** The identity the certificate of {@code host:port} named when last connected; TLS only. */
  public Optional<String> peerIdentity(String host, int port) {
    return peers.of(host, port);
  }

  /**
   * These connections, with certificates checked against {@code serverName} (a client's
   * {@code commonName}): a view that shares everything else, so clients that differ only in
   * their name share one set of connections.
   */
  public Upstream named(Optional<String> serverName) {
    return serverName.equals(this.serverName) ? this
        : new Upstream(clients, version, options, tls, serverName, peers);
  }

  /** HTTP/1.1 keep-alive pools, without pipelining, shared by every event loop. */
  public static Upstream http1(Vertx vertx, UpstreamPoolOptions options) {
    return http1(vertx, options, Optional.empty());
  }

  /** HTTP/1.1 keep-alive pools, over TLS with {@code tls}, shared by every event loop. */
  public static Upstream http1(Vertx vertx, UpstreamPoolOptions options,
      Optional<ClientTlsConfig> tls) {
    return http1(vertx, options, tls, 1);
  }

  /**
   * HTTP/1.1 keep-alive pools, over TLS with {@code tls}, for requests from {@code loops} event
   * loops: a pool of its own per loop when the limits leave each loop at least
   * {@link #MIN_CONNECTIONS_PER_LOOP} connections and waiters, each loop with its share of them
   * (so that the limits still bound all loops together); else one pool that all share.
   */
  public static Upstream http1(Vertx vertx, UpstreamPoolOptions options,
      Optional<ClientTlsConfig> tls, int loops) {
    requireNonNull(vertx, "vertx");
    requireNonNull(options, "options");
    HttpClientOptions http = new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_1_1)
        .setKeepAlive(true)
        .setPipelining(false)
        .setDecompressionSupported(false)
        .setMaxHeaderSize(MAX_RESPONSE_HEAD_BYTES)
        .setMaxChunkSize(ReadBounds.CHUNK_BYTES)
        .setConnectTimeout(Math.toIntExact(options.connectTimeout().toMillis()))
        // Vert.x counts the pooled keep-alive timeout in whole seconds; 0 means never.
        .setKeepAliveTimeout(wholeSeconds(options.idleTimeout().toMillis()));
    tls.ifPresent(t -> handshakeWithin(TlsOptions.client(http, t, false),
        options.connectTimeout()));
    PeerIdentities peers = new PeerIdentities();
    int pools = pools(options, loops);
    return new Upstream(new LoopClients(pools, i -> vertx.httpClientBuilder().with(http)
        .with(new PoolOptions()
            .setHttp1MaxSize(share(options.maxSize(), pools, i))
            .setMaxWaitQueueSize(share(options.maxWaiters(), pools, i)))
        .withConnectHandler(connection -> {
          ReadBounds.apply(connection);
          ReadEnds.install(ChannelAccess.channel(connection));
          peers.connected(connection);
        }).build()), HttpVersion.HTTP_1_1, options, tls, peers);
  }

  /** How many pools {@code options} are split into for {@code loops} event loops. */
  static int pools(UpstreamPoolOptions options, int loops) {
    if (loops < 1) {
      throw new IllegalArgumentException("loops: " + loops + " (expected: >= 1)");
    }
    boolean split = options.maxSize() / loops >= MIN_CONNECTIONS_PER_LOOP
        && (options.maxWaiters() <= 0 || options.maxWaiters() / loops >= MIN_CONNECTIONS_PER_LOOP);
    return split ? loops : 1;
  }

  /** Pool {@code i}'s part of {@code total} split {@code parts} ways; -1 (unbounded) stays so. */
  static int share(int total, int parts, int i) {
    return total < 0 ? total : total / parts + (i < total % parts ? 1 : 0);
  }

  /** h2c with prior knowledge: streams multiplexed over a few connections per endpoint. */
  public static Upstream h2c(Vertx vertx, H2UpstreamOptions options) {
    return h2c(vertx, options, Optional.empty());
  }

  /** HTTP/2: h2c with prior knowledge, or over TLS (ALPN h2) with {@code tls}. */
  public static Upstream h2c(Vertx vertx, H2UpstreamOptions options,
      Optional<ClientTlsConfig> tls) {
    requireNonNull(vertx, "vertx");
    requireNonNull(options, "options");
    HttpClientOptions http = new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false)
        .setHttp2MultiplexingLimit(options.streamsPerConnection())
        .setHttp2ConnectionWindowSize(connectionWindow(options))
        .setDecompressionSupported(false)
        .setConnectTimeout(Math.toIntExact(options.connectTimeout().toMillis()))
        // Vert.x counts the idle timeout of pooled HTTP/2 connections in whole seconds.
        .setHttp2KeepAliveTimeout(wholeSeconds(options.idleTimeout().toMillis()))
        .setInitialSettings(new Http2Settings()
            .setPushEnabled(false)
            .setInitialWindowSize(options.initialStreamWindowBytes())
            .setMaxHeaderListSize(MAX_RESPONSE_HEAD_BYTES));
    tls.ifPresent(t -> handshakeWithin(TlsOptions.client(http, t, true),
        options.connectTimeout()));
    PoolOptions pool = new PoolOptions()
        .setHttp2MaxSize(options.connectionsPerEndpoint())
        .setMaxWaitQueueSize(-1);
    PeerIdentities peers = new PeerIdentities();
    // One pool for all loops: two connections per endpoint do not split between event loops.
    return new Upstream(new LoopClients(1, i -> vertx.httpClientBuilder().with(http).with(pool)
        .withConnectHandler(connection -> {
          FlushBatching.installOnHttp2(connection);
          ReadEnds.install(ChannelAccess.channel(connection));
          peers.connected(connection);
        }).build()), HttpVersion.HTTP_2, options, tls, peers);
  }

  /**
   * Room on a connection for every stream's window: a stream whose client reads slowly holds at
   * most its own window unread in the router, and never the connection's, so the other streams
   * on the connection flow on. (With 1 MiB, 16 paused streams of 64 KiB stopped them all.) What
   * paused streams may hold in all is bounded where they pause (see StreamWrites).
   */
  static int connectionWindow(H2UpstreamOptions options) {
    long all = (long) options.streamsPerConnection() * options.initialStreamWindowBytes();
    return (int) Math.max(H2_CONNECTION_WINDOW_BYTES, Math.min(Integer.MAX_VALUE, all));
  }

  /**
   * A TLS handshake is part of connecting: one that stalls (a plaintext server waiting for a
   * request line that never comes) fails within the connect timeout, not Vert.x's 10 s.
   */
  private static void handshakeWithin(HttpClientOptions http, java.time.Duration timeout) {
    http.setSslHandshakeTimeout(timeout.toMillis())
        .setSslHandshakeTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private static int wholeSeconds(long millis) {
    return Math.toIntExact((millis + 999) / 1000);
  }

  /** {@link HttpVersion#HTTP_1_1} or {@link HttpVersion#HTTP_2}. */
  public HttpVersion version() {
    return version;
  }

  public boolean isHttp2() {
    return version == HttpVersion.HTTP_2;
  }

  /** What it was made from: {@link UpstreamPoolOptions} or {@link H2UpstreamOptions}. */
  public Record options() {
    return options;
  }

  /** The client of the calling thread's event loop (see {@link LoopClients}). */
  public HttpClient client() {
    return clients.current();
  }

  /**
   * The name an endpoint's certificate must carry when this upstream speaks TLS (the client's
   * {@code commonName}, else {@code host}); empty for plaintext.
   */
  public Optional<String> tlsName(String host) {
    return tls.map(t -> serverName.orElse(host));
  }

  /**
   * Drops a request obtained from {@link #client()} before its head was sent. Over h2c the
   * stream is opened and reset at once: Vert.x (5.0) frees a connection's stream slot only when
   * the stream closes on the wire, so a plain reset of an unsent stream would keep the slot for
   * good. An unsent HTTP/1.1 request goes back to the pool.
   */
  public void cancelUnsent(HttpClientRequest request) {
    request.exceptionHandler(t -> { }); // its own reset, else logged as unhandled
    if (!isHttp2()) {
      request.reset(CANCEL);
      return;
    }
    request.setChunked(true);
    request.sendHead().onComplete(sent -> request.reset(CANCEL));
  }

  /** New TLS settings (a renewed client certificate or trust) for connections made from now on. */
  public Future<Boolean> updateSsl(io.vertx.core.net.ClientSSLOptions options) {
    return clients.updateSsl(options);
  }

  /** Closes every connection; forwards through this instance fail afterwards. */
  public Future<Void> close() {
    return clients.close();
  }
}
