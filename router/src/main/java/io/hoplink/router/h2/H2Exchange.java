package io.hoplink.router.h2;

import io.hoplink.router.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;

/**
 * One request stream as it will go out, and the means to end it. Every method must be called on
 * the stream's event loop. An exchange ends exactly once: with the relayed upstream response
 * (trailers included), with a router error ({@link #fail}), or with a stream reset (the client
 * cancelled, the upstream reset, the deadline passed after the response had started).
 */
public interface H2Exchange {
  String AUTHORITY = ":authority";
  String PATH = ":path";
  String METHOD = ":method";

  HttpMethod method();

  /** {@code :path}, such as {@code /pkg.Service/Method}. */
  String path();

  /** Replaces {@code :path} for the upstream request. */
  void setPath(String path);

  /** {@code :authority} (from {@code Host} for an HTTP/1.1 client), or null. */
  String authority();

  /** The version the client speaks: HTTP/2, or HTTP/1.x through the same server. */
  HttpVersion version();

  /**
   * The outgoing request headers, mutable: connection-specific headers removed, {@code Via} and
   * {@code l5d-reqid} added, the dtab headers taken out. The pseudo-headers {@code :method
   * :authority :path} are in it too, for identifiers; they travel as pseudo-headers, and
   * changing {@code :authority} or {@code :path} here changes what is sent.
   */
  MultiMap headers();

  /** {@code l5d-ctx-dtab} then {@code l5d-dtab}, joined with {@code ;}; empty when none. */
  String localDtab();

  /** Whether this is a gRPC call ({@code content-type: application/grpc...}). */
  boolean grpc();

  SocketAddress remoteAddress();

  /**
   * Keeps the first {@code maxBytes} of the request body in memory, so that the request can be
   * sent again ({@code service.retryBufferSize.requestBytes}); before the first {@link #send}.
   */
  void bufferRequest(long maxBytes);

  /** Whether the request can be sent again: all of its body read so far is kept. */
  boolean replayable();

  /**
   * Opens a stream to {@code host:port} over {@code upstream}'s multiplexed connections, sends
   * the request (its kept body first, then the rest as it comes), and completes with the
   * response head, held, so that the caller can classify it, then relay or drop it. Fails with
   * {@link H2ForwardException}; a failed attempt leaves the exchange open, to be sent again or
   * failed. One attempt at a time.
   */
  Future<H2Response> send(Upstream upstream, String host, int port);

  /**
   * Fails the attempt in flight if its response head has not come yet (a per-attempt timeout):
   * its {@link #send} fails and the exchange stays open. Does nothing otherwise.
   */
  void abortAttempt(String reason);

  /**
   * Sends once and relays the response, with flow control, trailers and resets. Completes once
   * the response has ended towards the client; fails with {@link H2ForwardException}, having
   * answered the client unless the failure is {@link H2ForwardException#retryable()}.
   */
  Future<H2Result> forward(Upstream upstream, String host, int port);

  /**
   * Answers with a router error: HTTP {@code status} with {@code l5d-err}, or for gRPC a
   * trailers-only response with the matching {@code grpc-status} and {@code grpc-message}. Once
   * the response has started, a gRPC call ends with those trailers and anything else is reset.
   * Does nothing once the exchange has ended.
   */
  void fail(int status, String message);

  /**
   * Ends the exchange as a failed attempt asks: a reset of the upstream stream is relayed to
   * the client with its code (DEADLINE_EXCEEDED if the deadline has passed); anything else is a
   * 502, for gRPC UNAVAILABLE.
   */
  void fail(H2ForwardException failure);

  /** Answers 503, for gRPC DEADLINE_EXCEEDED, with {@code message} (a router timeout). */
  void deadlineExceeded(String message);

  boolean ended();
}
