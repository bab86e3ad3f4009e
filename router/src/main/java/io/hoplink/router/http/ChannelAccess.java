package io.hoplink.router.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The one place that reaches into Vert.x internals. Vert.x 5 offers no public hook to add
 * Netty handlers to an HTTP server connection, and {@link ConnectionGuard} must see raw bytes
 * and decoded request heads before Vert.x does (request-smuggling checks, request-head
 * timeout). Vert.x calls the server's connection handler while it configures the channel,
 * before the first read, so handlers added here see every byte.
 */
public final class ChannelAccess {
  /** Names Vert.x 5 gives its HTTP/1.x codec handlers. */
  private static final String DECODER = "httpDecoder";
  private static final String ENCODER = "httpEncoder";

  private ChannelAccess() {}

  /** The Netty channel under a Vert.x connection; fails for a connection type it does not know. */
  public static Channel channel(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      throw new IllegalStateException("unexpected Vert.x connection type: "
          + connection.getClass().getName());
    }
    return base.channel();
  }

  /** The HTTP/2 session under a Vert.x connection; null for an HTTP/1.x one. */
  public static Http2Connection http2Session(HttpConnection connection) {
    Http2ConnectionHandler handler = channel(connection).pipeline()
        .get(Http2ConnectionHandler.class);
    return handler == null ? null : handler.connection();
  }

  /** Whether the connection speaks HTTP/1.x: its pipeline has Vert.x's HTTP/1.x codec. */
  static boolean speaksHttp1(HttpConnection connection) {
    ChannelPipeline pipeline = channel(connection).pipeline();
    return pipeline.get(DECODER) != null && pipeline.get(ENCODER) != null;
  }

  /** Adds {@code handler} after the HTTP/1.x codec, if the connection has one. */
  static void installAfterDecoder(HttpConnection connection, ChannelHandler handler) {
    if (speaksHttp1(connection)) {
      channel(connection).pipeline().addAfter(ENCODER, "hoplinkBodyGuard", handler);
    }
  }

  /** Installs the guard around the codec; fails if this Vert.x version lays things out otherwise. */
  static void install(HttpConnection connection, ConnectionGuard guard) {
    ChannelPipeline pipeline = channel(connection).pipeline();
    if (pipeline.get(DECODER) == null || pipeline.get(ENCODER) == null) {
      throw new IllegalStateException("no HTTP/1.x codec in pipeline: " + pipeline.names());
    }
    pipeline.addBefore(DECODER, "hoplinkBytes", guard.byteWatch());
    pipeline.addAfter(ENCODER, "hoplinkGuard", guard);
  }
}
