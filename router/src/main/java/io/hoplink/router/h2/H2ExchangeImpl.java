package io.hoplink.router.h2;

import static java.util.Objects.requireNonNull;

import io.hoplink.router.hop.HopHeaders;
import io.hoplink.router.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** One stream on the frontend, from its headers until it ends exactly once. */
final class H2ExchangeImpl implements H2Exchange {
  static final long NO_ERROR = 0;
  static final long INTERNAL_ERROR = 2;
  static final long REFUSED_STREAM = 7;
  static final long CANCEL = 8;
  private static final int MAX_MESSAGE_CHARS = 1024;

  private enum Phase { WAITING, RELAYING, DONE }

  private final H2FrontendImpl frontend;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
  private final String localDtab;
  private final boolean grpc;
  private final int viaHops;
  private final long startNanos;
  private final long deadlineLeftNanos;
  private final H2RequestBody body;
  private Phase phase = Phase.WAITING;
  private H2Call call;
  private long timer = -1;

  H2ExchangeImpl(H2FrontendImpl frontend, HttpServerRequest request, long startNanos,
      long wallNanos) {
    this.frontend = frontend;
    this.request = request;
    this.response = request.response();
    this.startNanos = startNanos;
    if (!request.isEnded()) {
      request.pause(); // the body waits for send(); the client's window fills, then it waits
    }
    this.body = new H2RequestBody(request);
    headers.addAll(request.headers());
    localDtab = HopHeaders.takeLocalDtab(headers, frontend.config().clearContext());
    HopHeaders.stripForHttp2(headers);
    viaHops = HopHeaders.viaHops(headers);
    HopHeaders.appendVia(headers, request.version());
    if (!headers.contains(HopHeaders.REQUEST_ID)) {
      headers.set(HopHeaders.REQUEST_ID, frontend.newRequestId());
    }
    grpc = H2Headers.isGrpc(headers);
    deadlineLeftNanos = Deadlines.remainingNanos(headers, wallNanos);
    headers.set(METHOD, request.method().name());
    HostAndPort authority = request.authority();
    if (authority != null) {
      headers.set(AUTHORITY, authority.port() < 0
          ? authority.host() : authority.host() + ":" + authority.port());
    }
    headers.set(PATH, request.uri());
    response.closeHandler(v -> clientGone());
    response.exceptionHandler(t -> clientGone());
    request.exceptionHandler(t -> clientGone());
    if (deadlineLeftNanos != Deadlines.NONE && deadlineLeftNanos > 0) {
      long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineLeftNanos));
      timer = frontend.vertx().setTimer(millis, id -> {
        timer = -1;
        deadlineExceeded();
      });
    }
  }

  int viaHops() {
    return viaHops;
  }

  boolean deadlinePassed() {
    return deadlineLeftNanos <= 0;
  }

  /** Nanoseconds the request has left, or {@link Deadlines#NONE}. */
  long deadlineLeftNanos() {
    return deadlineLeftNanos == Deadlines.NONE
        ? Deadlines.NONE : deadlineLeftNanos - (frontend.nanoTime() - startNanos);
  }

  /**
   * Nanoseconds the outgoing request has left: the exchange's own deadline, or an earlier
   * {@code l5d-ctx-deadline} the router set in {@link #headers()}; {@link Deadlines#NONE}.
   */
  long outgoingDeadlineLeftNanos() {
    long own = deadlineLeftNanos();
    if (!headers.contains(Deadlines.CTX_DEADLINE)) {
      return own;
    }
    MultiMap ctx = MultiMap.caseInsensitiveMultiMap()
        .set(Deadlines.CTX_DEADLINE, headers.getAll(Deadlines.CTX_DEADLINE));
    return Math.min(own, Deadlines.remainingNanos(ctx, frontend.wallNanos()));
  }

  Vertx vertx() {
    return frontend.vertx();
  }

  HttpServerResponse response() {
    return response;
  }

  @Override
  public HttpMethod method() {
    return request.method();
  }

  @Override
  public String path() {
    return headers.get(PATH);
  }

  @Override
  public void setPath(String path) {
    headers.set(PATH, requireNonNull(path, "path"));
  }

  @Override
  public String authority() {
    return headers.get(AUTHORITY);
  }

  @Override
  public HttpVersion version() {
    return request.version();
  }

  @Override
  public MultiMap headers() {
    return headers;
  }

  @Override
  public String localDtab() {
    return localDtab;
  }

  @Override
  public boolean grpc() {
    return grpc;
  }

  @Override
  public SocketAddress remoteAddress() {
    return request.remoteAddress();
  }

  @Override
  public void bufferRequest(long maxBytes) {
    body.keep(maxBytes);
  }

  @Override
  public boolean replayable() {
    return body.replayable();
  }

  @Override
  public Future<H2Response> send(Upstream upstream, String host, int port) {
    requireNonNull(upstream, "upstream");
    requireNonNull(host, "host");
    if (phase != Phase.WAITING) {
      return Future.failedFuture(new IllegalStateException("the exchange has ended"));
    }
    if (call != null && !call.done()) {
      return Future.failedFuture(new IllegalStateException("an attempt is in flight"));
    }
    H2Call attempt = new H2Call(this, body, host, port);
    call = attempt;
    return attempt.start(upstream);
  }

  @Override
  public void abortAttempt(String reason) {
    if (call != null) {
      call.abortAttempt(requireNonNull(reason, "reason"));
    }
  }

  @Override
  public Future<H2Result> forward(Upstream upstream, String host, int port) {
    return send(upstream, host, port).compose(H2Response::relay, e -> {
      if (e instanceof H2ForwardException failed && !failed.answered() && !failed.retryable()) {
        fail(failed);
        return Future.failedFuture(failed.asAnswered());
      }
      return Future.failedFuture(e);
    });
  }

  @Override
  public void fail(H2ForwardException failure) {
    requireNonNull(failure, "failure");
    if (phase == Phase.DONE) {
      return;
    }
    long left = outgoingDeadlineLeftNanos();
    if (failure.resetCode() != H2ForwardException.NO_RESET && left != Deadlines.NONE && left <= 0) {
      // The backend gave up on the deadline we forwarded (grpc-timeout) before our own timer
      // fired: the client's answer is still DEADLINE_EXCEEDED, not a bare reset.
      deadlineExceeded();
    } else if (failure.resetCode() != H2ForwardException.NO_RESET && !failure.retryable()) {
      resetClient(failure.resetCode());
    } else if (grpc || phase == Phase.WAITING) {
      failWith(502, GrpcStatus.UNAVAILABLE, failure.getMessage());
    } else {
      resetClient(INTERNAL_ERROR);
    }
  }

  @Override
  public void deadlineExceeded(String message) {
    failWith(503, GrpcStatus.DEADLINE_EXCEEDED, requireNonNull(message, "message"));
  }

  @Override
  public void fail(int status, String message) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status: " + status + " (expected: 400 to 599)");
    }
    failWith(status, GrpcStatus.fromHttp(status), message);
  }

  @Override
  public boolean ended() {
    return phase == Phase.DONE;
  }

  /** The deadline passed: cancel upstream; answer DEADLINE_EXCEEDED (gRPC) or 503. */
  void deadlineExceeded() {
    deadlineExceeded("deadline exceeded");
  }

  private void failWith(int status, int grpcStatus, String message) {
    if (phase == Phase.DONE) {
      return;
    }
    abortCall();
    String text = singleLine(message);
    if (phase == Phase.RELAYING || response.headWritten()) {
      if (grpc && !response.ended()) {
        response.trailers().set(GrpcStatus.STATUS, Integer.toString(grpcStatus))
            .set(GrpcStatus.MESSAGE, GrpcStatus.encodeMessage(text))
            .set(HopHeaders.ERR, errValue(text));
        endResponse(response.getStatusCode(), grpcStatus, null);
      } else {
        resetClient(INTERNAL_ERROR);
      }
      return;
    }
    response.putHeader(HopHeaders.ERR, errValue(text));
    if (grpc) {
      response.setStatusCode(200)
          .putHeader(H2Headers.CONTENT_TYPE, "application/grpc")
          .putHeader(GrpcStatus.STATUS, Integer.toString(grpcStatus))
          .putHeader(GrpcStatus.MESSAGE, GrpcStatus.encodeMessage(text));
      endResponse(200, grpcStatus, null);
    } else {
      response.setStatusCode(status).putHeader(H2Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
      endResponse(status, GrpcStatus.ABSENT, text + "\n");
    }
  }

  /** The upstream response is about to be relayed; false if the exchange already ended. */
  boolean startRelay() {
    if (phase != Phase.WAITING) {
      return false;
    }
    phase = Phase.RELAYING;
    return true;
  }

  /** Ends the relayed response (its trailers are set); counts it. */
  void endRelay(int status, int grpcStatus) {
    endResponse(status, grpcStatus, null);
  }

  /** Ends the exchange by resetting the client's stream with {@code code}. */
  void resetClient(long code) {
    if (phase == Phase.DONE) {
      return;
    }
    abortCall();
    finish(-1, GrpcStatus.ABSENT);
    response.reset(code);
  }

  private void endResponse(int status, int grpcStatus, String body) {
    finish(status, grpcStatus);
    Future<Void> end = body == null ? response.end() : response.end(body);
    end.onComplete(ar -> {
      if (!request.isEnded()) {
        response.reset(NO_ERROR); // RFC 9113 8.1: the rest of the request is not needed
      }
    });
  }

  private void finish(int status, int grpcStatus) {
    if (phase == Phase.DONE) {
      return;
    }
    phase = Phase.DONE;
    if (timer >= 0) {
      frontend.vertx().cancelTimer(timer);
      timer = -1;
    }
    frontend.streamEnded(status, grpcStatus, startNanos);
  }

  private void clientGone() {
    if (phase == Phase.DONE) {
      return;
    }
    abortCall();
    finish(-1, GrpcStatus.ABSENT);
  }

  private void abortCall() {
    if (call != null) {
      call.abort();
    }
  }

  private static String singleLine(String message) {
    String text = message == null ? "error" : message;
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_MESSAGE_CHARS));
    for (int i = 0; i < text.length() && out.length() < MAX_MESSAGE_CHARS; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? ' ' : c);
    }
    return out.toString().trim();
  }

  /** {@code l5d-err}: URL-encoded, as Linkerd sends it. */
  private static String errValue(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
