package io.hoplink.router.forward;

import io.hoplink.config.H2ServerParams;
import io.hoplink.config.ServerConfig;
import io.hoplink.router.http.HttpLimits;
import io.hoplink.router.tls.TlsOptions;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;

/** The Vert.x server options of an http router's server and of an h2 router's. */
public final class ServerOptions {
  /** Rapid reset (CVE-2023-44487): more client resets than this per window closes the connection. */
  public static final int RST_FLOOD_MAX_PER_WINDOW = 200;
  public static final int RST_FLOOD_WINDOW_SECONDS = 30;
  /**
   * CONTINUATION flood (CVE-2024-27316 family): a header block may come in at most this many
   * frames under 8 KiB (HEADERS included, the last not counted); one more ends the connection.
   */
  public static final int MAX_SMALL_CONTINUATION_FRAMES = 16;
  /** Request bytes one connection may have in flight across its streams (each has its own window). */
  public static final int CONNECTION_WINDOW_BYTES = 1024 * 1024;

  private ServerOptions() {}

  /**
   * HTTP/1.x only, with Linkerd's head limits, over TLS when the server has {@code tls}; the
   * connection guard does the rest.
   */
  static HttpServerOptions http1(ServerConfig config, HttpLimits limits) {
    HttpServerOptions options = plain(new HttpServerOptions()
        .setHttp2ClearTextEnabled(false) // the pipeline is then set up before the first read
        .setMaxHeaderSize(limits.maxHeadersKB() * 1024)
        .setMaxInitialLineLength(limits.maxInitialLineKB() * 1024));
    config.tls().ifPresent(tls -> TlsOptions.server(options, tls, false));
    return options;
  }

  /**
   * h2c with prior knowledge and through the HTTP/1.1 {@code Upgrade} (or h2 over TLS by ALPN
   * when the server has {@code tls}), plain HTTP/1.1 too, with
   * the server's HTTP/2 settings announced and the flood protections on.
   */
  static HttpServerOptions h2(ServerConfig config) {
    H2ServerParams h2 = config.h2().orElse(H2ServerParams.defaults());
    HttpServerOptions options = plain(new HttpServerOptions()
        .setHttp2ClearTextEnabled(true)
        .setInitialSettings(new Http2Settings()
            .setPushEnabled(false)
            .setMaxConcurrentStreams(h2.maxConcurrentStreamsPerConnection())
            .setInitialWindowSize(h2.initialStreamWindowBytes())
            .setMaxHeaderListSize(h2.maxHeaderListBytes())
            .setHeaderTableSize(h2.headerTableBytes())
            .setMaxFrameSize(h2.maxFrameBytes()))
        .setHttp2ConnectionWindowSize(CONNECTION_WINDOW_BYTES)
        .setHttp2RstFloodMaxRstFramePerWindow(RST_FLOOD_MAX_PER_WINDOW)
        .setHttp2RstFloodWindowDuration(RST_FLOOD_WINDOW_SECONDS)
        .setHttp2RstFloodWindowDurationTimeUnit(TimeUnit.SECONDS)
        .setHttp2MaxSmallContinuationFrames(MAX_SMALL_CONTINUATION_FRAMES)
        .setMaxHeaderSize(h2.maxHeaderListBytes())); // HTTP/1.1 requests on the same port
    if (!config.idleTime().isZero()) {
      // reads only: each connection's ConnectionWatch adds its streams (see holdIdleWhileBusy)
      options.setReadIdleTimeout(Math.toIntExact(config.idleTime().toMillis()))
          .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    }
    config.tls().ifPresent(tls -> TlsOptions.server(options, tls, true));
    return options;
  }

  /** No compression either way, {@code 100 Continue} left to the upstream. */
  private static HttpServerOptions plain(HttpServerOptions options) {
    return options
        .setCompressionSupported(false)
        .setDecompressionSupported(false)
        .setHandle100ContinueAutomatically(false)
        .setStrictThreadMode(true)
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false);
  }
}
