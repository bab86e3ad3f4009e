package io.hoplink.router.forward;

import io.hoplink.router.http.ChannelAccess;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.http.HttpConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One client connection of a frontend, on its event loop: the requests or streams open on it,
 * which decide whether it is idle (an idle timeout never cuts a connection that still has a
 * response to finish, however long it pauses) and whether another HTTP/2 stream is admitted
 * (the limit holds from the first stream, not only once the client has acknowledged the
 * router's SETTINGS). A connection whose HTTP/1.x request was refused takes no more requests.
 */
final class ConnectionWatch {
  private final HttpConnection connection;
  private final int maxStreams;
  private int open;
  private boolean refused;
  private String clientCert;
  private boolean clientCertRead;
  private Http2Connection session;
  private boolean sessionRead;
  /** With an idle timeout: its length, and since when nothing has been open. */
  private long idleNanos;
  private long quietSinceNanos;

  /** {@code maxStreams}: the most streams open at once (0: no limit of its own). */
  ConnectionWatch(HttpConnection connection, int maxStreams) {
    this.connection = connection;
    this.maxStreams = maxStreams;
  }

  /**
   * The {@code x-forwarded-client-cert} value of the certificate this TLS connection's client
   * presented and the server verified, read once per connection; null for none or plaintext.
   */
  String clientCertHeader() {
    if (!clientCertRead) {
      clientCertRead = true;
      if (connection.isSsl()) {
        try {
          List<java.security.cert.Certificate> certs = connection.peerCertificates();
          clientCert = certs == null || certs.isEmpty() ? null
              : io.hoplink.router.tls.ClientCertHeader.of(certs.get(0));
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
          clientCert = null; // the client presented none
        }
      }
    }
    return clientCert;
  }

  /**
   * Whether the client ended HTTP/2 stream {@code streamId} with its head, so that the request
   * has no body: Vert.x tells the request's end only after its handler, and a request forwarded
   * before that went out as a head, then an empty DATA frame to end it. Not for stream 1, which
   * an HTTP/1.1 {@code Upgrade} opens half-closed while its body still comes over HTTP/1.1.
   */
  boolean endedWithHead(int streamId) {
    if (streamId <= 1) {
      return false;
    }
    if (!sessionRead) {
      sessionRead = true;
      session = ChannelAccess.http2Session(connection);
    }
    Http2Stream stream = session == null ? null : session.stream(streamId);
    return stream != null && stream.state() == Http2Stream.State.HALF_CLOSED_REMOTE;
  }

  /**
   * Lets the server's idle timeout close the connection only once nothing has been open on it
   * for {@code idleTime} and the client has sent nothing for as long. The server counts reads
   * only (Vert.x's read-idle timeout): its timeout over reads and writes hung a promise and a
   * listener, and read the clock, on every frame the router wrote. A stream's end stands for its
   * last write. Fails if this Vert.x version lays the pipeline out otherwise.
   */
  void holdIdleWhileBusy(Duration idleTime) {
    ChannelPipeline pipeline = ChannelAccess.channel(connection).pipeline();
    var idle = pipeline.context(IdleStateHandler.class);
    if (idle != null) {
      idleNanos = idleTime.toNanos();
      quietSinceNanos = System.nanoTime();
      pipeline.addAfter(idle.name(), "hoplinkIdle", new IdleGate());
    }
  }

  /** Passes the read-idle event on only when the connection has been quiet long enough. */
  private final class IdleGate extends ChannelInboundHandlerAdapter {
    private boolean readSinceEvent;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
      readSinceEvent = true;
      ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (!(event instanceof IdleStateEvent)) {
        ctx.fireUserEventTriggered(event);
        return;
      }
      readSinceEvent = false;
      if (open > 0) {
        return; // a response is still on its way: not idle
      }
      long left = idleNanos - (System.nanoTime() - quietSinceNanos);
      if (left <= 0) {
        ctx.fireUserEventTriggered(event);
        return;
      }
      // the last stream ended less than the timeout ago: close then, unless the client is back
      ctx.executor().schedule(() -> {
        if (open == 0 && !readSinceEvent && ctx.channel().isActive()) {
          ctx.fireUserEventTriggered(event);
        }
      }, left, TimeUnit.NANOSECONDS);
    }
  }

  /** A request or stream arrived: whether it may be served (false: refuse it, unserved). */
  boolean admit() {
    if (refused || maxStreams > 0 && open >= maxStreams) {
      return false;
    }
    open++;
    return true;
  }

  /** An admitted request or stream ended. */
  void ended() {
    open--;
    if (open == 0 && idleNanos > 0) {
      quietSinceNanos = System.nanoTime();
    }
  }

  /** No further request on this connection is served (its framing can no longer be trusted). */
  void refuseMore() {
    refused = true;
  }
}
