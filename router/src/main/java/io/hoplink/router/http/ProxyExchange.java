package io.hoplink.router.http;

import io.hoplink.router.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;

/**
 * One request as it will go out, and the means to end it. Every method must be called on the
 * connection's event loop. An exchange ends exactly once: with the relayed upstream response,
 * with a router error ({@link #fail}), or with a reset of the client connection (the response
 * had started, or the client went away).
 */
public interface ProxyExchange {

  HttpMethod method();

  /** The request target in origin-form ({@code /path?query}), or {@code *}. */
  String uri();

  /** Replaces the request target sent upstream (an identifier that consumes path segments). */
  void setUri(String uri);

  HttpVersion version();

  /**
   * The outgoing request headers, mutable: hop-by-hop headers removed, {@code Via} and
   * {@code l5d-reqid} added, {@code l5d-dtab} and {@code l5d-ctx-dtab} taken out.
   */
  MultiMap headers();

  /** The {@code Host} header (the authority of an absolute-form request), or null. */
  String host();

  /**
   * The per-request dtab: the {@code l5d-ctx-dtab} values, then the {@code l5d-dtab} values,
   * joined with {@code ;}. Empty when there were none or the server clears context. Not
   * parsed here: a malformed dtab is the caller's 400.
   */
  String localDtab();

  /** The declared body length; -1 for a chunked body; 0 when there is no body. */
  long contentLength();

  SocketAddress remoteAddress();

  /**
   * Reads a fixed-length body of at most {@code maxBytes} into memory, so that the request can
   * be sent more than once. Completes with {@link #replayable()}: true for a bodiless request
   * or a buffered body; false, without reading anything, for a chunked body, a longer one, or
   * one the client sends only after {@code 100 Continue}. Fails if the client goes away.
   */
  Future<Boolean> bufferBody(long maxBytes);

  /** Whether the request can be sent again: it has no body, or its body is buffered. */
  boolean replayable();

  /**
   * Sends the request like {@link #forward(Upstream, String, int)} but completes with
   * the response head, before anything is relayed, so that the caller can classify it and
   * relay it or discard it and send again. Fails like forward does; an attempt that failed
   * before a response leaves the exchange open.
   */
  Future<UpstreamResponse> send(Upstream clients, String host, int port);

  /**
   * Aborts the attempt in flight, if its response is not being relayed yet: its
   * {@link #send} fails with {@link UpstreamFailedException} (the upstream may have seen the
   * request) and the exchange stays open. Does nothing otherwise.
   */
  void abortAttempt(String reason);

  /** Forwards through the frontend's default {@link Upstream}. */
  Future<UpstreamResult> forward(String host, int port);

  /**
   * Sends the request to {@code host:port} over a pooled keep-alive connection, streams the
   * body both ways with backpressure, and completes once the response has been relayed to the
   * client in full. Fails with {@link UpstreamNotWrittenException} (may be forwarded again) or
   * {@link UpstreamFailedException} (may not).
   */
  Future<UpstreamResult> forward(Upstream clients, String host, int port);

  /**
   * Answers with a router error: {@code status}, header {@code l5d-err} (the message,
   * URL-encoded as Linkerd does) and a short text/plain body. If the response has already
   * started, resets the client connection instead. Does nothing once the exchange has ended.
   */
  void fail(int status, String message);

  /** A header for the response to the client (set last, over the upstream's). */
  void setResponseHeader(String name, String value);

  /** Whether the exchange has ended (or is ending) one way or another. */
  boolean ended();
}
