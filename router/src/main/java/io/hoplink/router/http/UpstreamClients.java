package io.hoplink.router.http;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;

/**
 * HTTP/1.1 keep-alive connection pools, one per upstream {@code host:port}, shared by the
 * exchanges that forward through it. One instance per router (or per client configuration).
 */
public final class UpstreamClients {
  /** Upstream responses may carry larger heads than we accept from clients. */
  private static final int MAX_RESPONSE_HEADER_BYTES = 64 * 1024;

  private final HttpClient client;
  private final UpstreamPoolOptions options;

  private UpstreamClients(HttpClient client, UpstreamPoolOptions options) {
    this.client = client;
    this.options = options;
  }

  public static UpstreamClients create(Vertx vertx, UpstreamPoolOptions options) {
    requireNonNull(vertx, "vertx");
    requireNonNull(options, "options");
    HttpClientOptions http = new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_1_1)
        .setKeepAlive(true)
        .setPipelining(false)
        .setDecompressionSupported(false)
        .setMaxHeaderSize(MAX_RESPONSE_HEADER_BYTES)
        .setConnectTimeout(Math.toIntExact(options.connectTimeout().toMillis()))
        // Vert.x counts the pooled keep-alive timeout in whole seconds; 0 means never.
        .setKeepAliveTimeout(Math.toIntExact(
            (options.idleTimeout().toMillis() + 999) / 1000));
    PoolOptions pool = new PoolOptions()
        .setHttp1MaxSize(options.maxSize())
        .setMaxWaitQueueSize(options.maxWaiters());
    return new UpstreamClients(vertx.httpClientBuilder().with(http).with(pool).build(), options);
  }

  public UpstreamPoolOptions options() {
    return options;
  }

  HttpClient client() {
    return client;
  }

  /** Closes every pooled connection; forwards through this instance fail afterwards. */
  public Future<Void> close() {
    return client.close();
  }
}
