package io.hoplink.router.http;

import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpConnection;
import java.util.Map;

/**
 * The HTTP/1.x connection guard of a server ({@link ConnectionGuard}: request-head checks and
 * timers) and the answer to a request head it or Netty's decoder refused.
 */
public final class Http1Guard {
  /** Why a request head was refused: the status to answer with and a one-line reason. */
  public record Refusal(int status, String message) {}

  /**
   * A request head no guard has seen (an h2 router's port takes HTTP/1.x too), checked by the
   * same rules: either the refusal, or the target in origin-form and the Host to use.
   */
  public record Checked(Refusal refusal, String uri, String host) {}

  /** What a slow HTTP/1.x client's connection may have waiting in the router to be written. */
  static final int WRITE_HIGH_BYTES = 16 * 1024;

  private Http1Guard() {}

  /** Guards {@code connection}; closes it if the guard cannot be installed. */
  public static void install(HttpConnection connection, GuardSettings settings) {
    try {
      ChannelAccess.install(connection, new ConnectionGuard(settings));
    } catch (RuntimeException e) {
      connection.close(); // without the guard the checks would be silently off
    }
  }

  /**
   * On an HTTP/1.x connection: holds what it buffers for a client that reads slowly to
   * {@link #WRITE_HIGH_BYTES}, past which the response pauses its upstream (the kernel's socket
   * buffer still holds far more; Netty's default is four times as much). Leaves an h2
   * connection as it is.
   */
  public static void boundWrites(HttpConnection connection) {
    if (ChannelAccess.speaksHttp1(connection)) {
      ChannelAccess.channel(connection).config().setWriteBufferWaterMark(
          new WriteBufferWaterMark(WRITE_HIGH_BYTES / 2, WRITE_HIGH_BYTES));
    }
  }

  /**
   * On an HTTP/1.x connection of an h2 router's port: answers a body with broken framing 400.
   * Leaves any other connection as it is.
   */
  public static void installBodyGuard(HttpConnection connection) {
    ChannelAccess.installAfterDecoder(connection, new BodyFramingGuard());
  }

  /** Checks a decoded HTTP/1.x request head by the guard's rules (see {@link RequestHeadCheck}). */
  public static Checked check(String method, String version, String uri,
      Iterable<Map.Entry<String, String>> headers) {
    DefaultHttpRequest request = new DefaultHttpRequest(HttpVersion.valueOf(version),
        HttpMethod.valueOf(method), uri);
    for (Map.Entry<String, String> header : headers) {
      request.headers().add(header.getKey(), header.getValue());
    }
    RequestRejectedException refused = RequestHeadCheck.check(request);
    return refused != null
        ? new Checked(new Refusal(refused.status(), refused.getMessage()), null, null)
        : new Checked(null, request.uri(), request.headers().get(HttpHeaderNames.HOST));
  }

  /** The answer to a request whose decoding failed with {@code cause} (null: unknown). */
  public static Refusal refusal(Throwable cause) {
    if (cause instanceof RequestRejectedException refused) {
      return new Refusal(refused.status(), refused.getMessage());
    } else if (cause instanceof TooLongHttpLineException) {
      return new Refusal(414, "request line too long: " + cause.getMessage());
    } else if (cause instanceof TooLongHttpHeaderException) {
      return new Refusal(431, "request headers too large: " + cause.getMessage());
    } else if (cause != null) {
      return new Refusal(400, "malformed request: " + cause.getMessage());
    }
    return new Refusal(400, "malformed request");
  }
}
