package io.hoplink.router.h2;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;

/**
 * Plaintext HTTP/2 (h2c, prior knowledge) connections to upstream endpoints, a few per
 * {@code host:port}, each carrying many streams. One instance per router; each forwarded
 * stream picks its endpoint on its own.
 */
public final class H2Upstream {
  /** Upstream response heads may be larger than what we accept from clients. */
  private static final int MAX_RESPONSE_HEADER_LIST_BYTES = 64 * 1024;
  /** Response bytes one connection may have in flight across its streams. */
  private static final int CONNECTION_WINDOW_BYTES = 1024 * 1024;

  private final HttpClient client;
  private final H2UpstreamOptions options;

  private H2Upstream(HttpClient client, H2UpstreamOptions options) {
    this.client = client;
    this.options = options;
  }

  public static H2Upstream create(Vertx vertx, H2UpstreamOptions options) {
    requireNonNull(vertx, "vertx");
    requireNonNull(options, "options");
    HttpClientOptions http = new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false)
        .setHttp2MultiplexingLimit(options.streamsPerConnection())
        .setHttp2ConnectionWindowSize(CONNECTION_WINDOW_BYTES)
        .setDecompressionSupported(false)
        .setConnectTimeout(Math.toIntExact(options.connectTimeout().toMillis()))
        // Vert.x counts the idle timeout of pooled HTTP/2 connections in whole seconds.
        .setHttp2KeepAliveTimeout(Math.toIntExact((options.idleTimeout().toMillis() + 999) / 1000))
        .setInitialSettings(new Http2Settings()
            .setPushEnabled(false)
            .setInitialWindowSize(options.initialStreamWindowBytes())
            .setMaxHeaderListSize(MAX_RESPONSE_HEADER_LIST_BYTES));
    PoolOptions pool = new PoolOptions()
        .setHttp2MaxSize(options.connectionsPerEndpoint())
        .setMaxWaitQueueSize(-1);
    return new H2Upstream(vertx.httpClientBuilder().with(http).with(pool).build(), options);
  }

  public H2UpstreamOptions options() {
    return options;
  }

  HttpClient client() {
    return client;
  }

  /** Closes every connection; forwards through this instance fail afterwards. */
  public Future<Void> close() {
    return client.close();
  }
}
