package io.hoplink.router.forward;

import io.hoplink.router.resilience.Deadline;
import io.hoplink.router.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import java.util.function.Consumer;

/**
 * One request or stream as it will go out, whatever the wire protocol, and the means to end it.
 * Every method must be called on the exchange's event loop. An exchange ends exactly once: with
 * the relayed upstream response, with a router error, or with a reset (a stream reset on
 * HTTP/2, a closed connection on HTTP/1.x). Ending never calls back into the caller.
 */
public interface Exchange {
  String METHOD = ":method";
  String AUTHORITY = ":authority";
  String PATH = ":path";

  HttpMethod method();

  /** The origin-form target ({@code /path?query}, HTTP/2's {@code :path}), or {@code *}. */
  String path();

  /** Replaces the target sent upstream (an identifier that consumes path segments). */
  void setPath(String path);

  /** {@code Host}, or HTTP/2's {@code :authority}; null when there is none. */
  String authority();

  /** The version the client speaks. */
  HttpVersion version();

  /**
   * The outgoing request headers, mutable: hop-by-hop headers removed, {@code Via} and
   * {@code l5d-reqid} added, the dtab headers taken out. The pseudo-headers {@code :method
   * :authority :path} are in it too, for identifiers; they travel as the request line (or
   * HTTP/2 pseudo-headers), and changing {@code :path} here changes what is sent.
   */
  MultiMap headers();

  /** {@code l5d-ctx-dtab} then {@code l5d-dtab}, joined with {@code ;}; empty when none. */
  String localDtab();

  /** Whether this is a gRPC call ({@code content-type: application/grpc...}). */
  boolean grpc();

  SocketAddress remoteAddress();

  /**
   * The request's own deadline ({@code l5d-ctx-deadline}, {@code grpc-timeout}; null: none),
   * from now on the caller's to enforce. Unless it is taken during dispatch, the exchange
   * enforces it itself: when it passes, the exchange answers as {@link #deadlineExceeded} does.
   */
  Deadline takeDeadline();

  /**
   * Whether the deadline still holds once the response streams: an HTTP/2 stream or a gRPC call
   * is reset (or ended with DEADLINE_EXCEEDED) when it passes; an HTTP/1.1 body streams on.
   */
  boolean deadlineCoversResponse();

  /** The declared request body length: 0 for none, -1 when unknown (chunked, or streamed). */
  long declaredLength();

  /**
   * Keeps the first {@code maxBytes} of the request body while it streams, so that the request
   * can be sent again; before the first {@link #send}.
   */
  void keepForRetries(long maxBytes);

  /** Whether the request can be sent again: all of its body read so far is kept. */
  boolean replayable();

  /**
   * Sends the request to {@code host:port} over {@code upstream}, its kept body first, then the
   * rest as it comes, and completes with the response head, held, so that the caller can
   * classify it and relay or discard it. Fails with {@link ForwardFailure}; a failed attempt
   * leaves the exchange open, to be sent again or failed. One attempt at a time.
   */
  /**
   * The {@code x-forwarded-client-cert} value of the client certificate the request's TLS
   * connection presented, or null (plaintext, or no certificate).
   */
  default String clientCertHeader() {
    return null;
  }

  Future<UpstreamReply> send(Upstream upstream, String host, int port);

  /**
   * Fails the attempt in flight if its response head has not come yet (a per-attempt timeout):
   * its {@link #send} fails and the exchange stays open. Does nothing otherwise.
   */
  void abortAttempt(String reason);

  /** Sends once and relays the response; fails like {@link #send} and {@link UpstreamReply#relay}. */
  default Future<ForwardResult> forward(Upstream upstream, String host, int port) {
    return send(upstream, host, port).compose(UpstreamReply::relay);
  }

  /**
   * Answers with a router error: {@code status} with {@code l5d-err} (URL-encoded, as Linkerd
   * does) and a short text body, or for gRPC a trailers-only response with the matching
   * {@code grpc-status}. Once the response has started, a gRPC call ends with those trailers and
   * anything else is reset. Does nothing once the exchange has ended.
   */
  void fail(int status, String message);

  /**
   * Ends the exchange as a failed attempt asks: on HTTP/2, an upstream reset is relayed with its
   * code (DEADLINE_EXCEEDED if the outgoing deadline has passed); otherwise a 502 (gRPC
   * UNAVAILABLE), or a reset once the response has started. Returns the status sent, -1 for a
   * reset, 0 when the exchange had already ended.
   */
  int fail(ForwardFailure failure);

  /** Answers 503, for gRPC DEADLINE_EXCEEDED (a router timeout); like {@link #fail(int, String)}. */
  void deadlineExceeded(String message);

  /** A header for the response to the client (set last, over the upstream's). */
  void setResponseHeader(String name, String value);

  /** Whether the exchange has ended (or is ending) one way or another. */
  boolean ended();

  /**
   * Runs {@code hook} with this exchange once when it ends, at once if it has; one hook per
   * exchange (the router that took it counts what it has in flight, and writes its access log
   * line). The hook runs as the end is decided: {@link #sentStatus} and {@link #sentLength} are
   * known, the response may still be on its way.
   */
  void whenEnded(Consumer<Exchange> hook);

  /**
   * The request target as it arrived ({@code /path?query}, origin-form: an absolute-form target
   * made origin-form), whatever {@link #setPath} did since.
   */
  String receivedPath();

  /** Once ended: the status sent to the client, -1 for a reset; 0 before. */
  int sentStatus();

  /**
   * Once ended: the length of the response body as its head declared it
   * ({@code Content-Length}), -1 when it declared none or for a reset.
   */
  long sentLength();
}
