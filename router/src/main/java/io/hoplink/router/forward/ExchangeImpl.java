package io.hoplink.router.forward;

import static java.util.Objects.requireNonNull;

import io.hoplink.router.hop.HopHeaders;
import io.hoplink.router.http.ChannelAccess;
import io.hoplink.router.http.Http1Guard;
import io.hoplink.router.resilience.Deadline;
import io.hoplink.router.upstream.Upstream;
import io.netty.channel.Channel;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import java.util.function.Consumer;

/** One request or stream on a frontend, from its head until it ends exactly once. */
final class ExchangeImpl implements Exchange {
  private enum Phase { WAITING, RELAYING, DONE }

  private final FrontendImpl frontend;
  private final ConnectionWatch connection;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final Wire wire;
  private final IncomingHead head;
  private final long startNanos;
  private final RequestBody body;
  private MultiMap responseHeaders;
  private Phase phase = Phase.WAITING;
  /** Run when the exchange ends: the router that took it counts and logs it. */
  private Consumer<Exchange> endHook;
  private final String receivedPath;
  /** The status {@link #finish} counted; 0 while open. */
  private int sentStatus;
  /** The body of a router error sent as text, for its length; null otherwise. */
  private String errorBody;
  private long deadlineTimer = -1;
  private boolean deadlineTaken;
  private UpstreamAttempt call;
  private int attempts;

  ExchangeImpl(FrontendImpl frontend, ConnectionWatch connection, HttpServerRequest request,
      long startNanos) {
    this.frontend = frontend;
    this.connection = connection;
    this.request = request;
    this.response = request.response();
    this.startNanos = startNanos;
    this.wire = Wire.of(request.version());
    boolean ended = request.isEnded();
    if (!ended) {
      request.pause(); // the body waits for send(); the client's window fills, then it waits
    }
    head = IncomingHead.read(request, wire, frontend, frontend.guarded(),
        ended || wire == Wire.HTTP2 && connection.endedWithHead(request.streamId()));
    String path = head.headers().get(PATH);
    receivedPath = path != null ? path : request.uri(); // a refused head keeps its own
    body = new RequestBody(request, head.declaredLength(), frontend.vertx(),
        frontend.config().requestBodyTimeout(), this::bodyStalled);
    response.closeHandler(v -> clientGone());
    response.exceptionHandler(t -> clientGone());
    request.exceptionHandler(this::requestFailed);
  }

  /**
   * Once dispatched: unless a forward loop took the deadline over, the exchange enforces it
   * (one that has passed, at once). Most requests are taken over during dispatch, so they never
   * arm a timer here.
   */
  void enforceDeadlineUnlessTaken() {
    if (deadlineTaken || head.deadline() == null || phase == Phase.DONE) {
      return;
    }
    deadlineTaken = true;
    long left = head.deadline().remainingNanos(frontend.wallNanos());
    deadlineTimer = frontend.vertx().setTimer(Math.max(1, left / 1_000_000), id -> {
      deadlineTimer = -1;
      deadlineExceeded("deadline exceeded");
    });
  }

  int viaHops() {
    return head.viaHops();
  }

  /** Why the request head is refused; null when it may be dispatched. */
  Http1Guard.Refusal refusal() {
    return head.refusal();
  }

  Wire wire() {
    return wire;
  }

  /** The Netty channel of the client's connection. */
  Channel clientChannel() {
    return ChannelAccess.channel(request.connection());
  }

  /** The server's count of streams paused for slow clients. */
  SlowStreams slowStreams() {
    return frontend.slowStreams();
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
    return head.headers().get(PATH);
  }

  @Override
  public void setPath(String path) {
    head.headers().set(PATH, requireNonNull(path, "path"));
  }

  @Override
  public String authority() {
    return head.headers().get(AUTHORITY);
  }

  @Override
  public HttpVersion version() {
    return request.version();
  }

  @Override
  public MultiMap headers() {
    return head.headers();
  }

  @Override
  public String localDtab() {
    return head.localDtab();
  }

  @Override
  public boolean grpc() {
    return head.grpc();
  }

  @Override
  public SocketAddress remoteAddress() {
    return request.remoteAddress();
  }

  @Override
  public Deadline takeDeadline() {
    deadlineTaken = true;
    cancelDeadlineTimer();
    return head.deadline();
  }

  private void cancelDeadlineTimer() {
    if (deadlineTimer >= 0) {
      frontend.vertx().cancelTimer(deadlineTimer);
      deadlineTimer = -1;
    }
  }

  @Override
  public boolean deadlineCoversResponse() {
    return wire == Wire.HTTP2 || head.grpc();
  }

  @Override
  public long declaredLength() {
    return head.declaredLength();
  }

  @Override
  public void keepForRetries(long maxBytes) {
    body.keep(maxBytes);
  }

  @Override
  public boolean replayable() {
    return body.replayable();
  }

  @Override
  public String clientCertHeader() {
    return connection.clientCertHeader();
  }

  @Override
  public Future<UpstreamReply> send(Upstream upstream, String host, int port) {
    requireNonNull(upstream, "upstream");
    requireNonNull(host, "host");
    if (phase != Phase.WAITING) {
      return Future.failedFuture(new IllegalStateException("the exchange has ended"));
    }
    if (call != null && !call.done()) {
      return Future.failedFuture(new IllegalStateException("an attempt is in flight"));
    }
    if (attempts > 0 && !body.replayable()) {
      return Future.failedFuture(new IllegalStateException(
          "the request body was streamed to an earlier attempt; it cannot be sent again"));
    }
    attempts++;
    UpstreamAttempt attempt = new UpstreamAttempt(this, body, host, port);
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
  public void fail(int status, String message) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status: " + status + " (expected: 400 to 599)");
    }
    failWith(status, GrpcStatus.fromHttp(status), message);
  }

  @Override
  public int fail(ForwardFailure failure) {
    requireNonNull(failure, "failure");
    if (phase == Phase.DONE) {
      return 0;
    }
    boolean reset = failure.resetCode() != ForwardFailure.NO_RESET;
    boolean waiting = phase == Phase.WAITING;
    if (reset && outgoingDeadlinePassed()) {
      // The backend gave up on the deadline we forwarded (grpc-timeout) before our own timer
      // fired: the client's answer is still DEADLINE_EXCEEDED, not a bare reset.
      deadlineExceeded("deadline exceeded");
      return waiting ? 503 : -1;
    }
    if (reset && !failure.notSent() && wire.relaysResets()) {
      resetClient(failure.resetCode());
      return -1;
    }
    if (waiting || head.grpc()) {
      failWith(502, GrpcStatus.UNAVAILABLE, failure.getMessage());
      return waiting ? 502 : -1;
    }
    resetClient(Wire.INTERNAL_ERROR);
    return -1;
  }

  @Override
  public void deadlineExceeded(String message) {
    failWith(503, GrpcStatus.DEADLINE_EXCEEDED, requireNonNull(message, "message"));
  }

  @Override
  public void setResponseHeader(String name, String value) {
    if (responseHeaders == null) {
      responseHeaders = MultiMap.caseInsensitiveMultiMap();
    }
    responseHeaders.set(requireNonNull(name, "name"), requireNonNull(value, "value"));
  }

  @Override
  public boolean ended() {
    return phase == Phase.DONE;
  }

  @Override
  public void whenEnded(Consumer<Exchange> hook) {
    if (phase == Phase.DONE) {
      hook.accept(this);
    } else {
      endHook = requireNonNull(hook, "hook");
    }
  }

  @Override
  public String receivedPath() {
    return receivedPath;
  }

  @Override
  public int sentStatus() {
    return sentStatus;
  }

  @Override
  public long sentLength() {
    if (phase != Phase.DONE || sentStatus < 0) {
      return -1;
    }
    if (errorBody != null) {
      return utf8Length(errorBody);
    }
    String length = response.headers().get(HttpHeaders.CONTENT_LENGTH);
    if (length == null) {
      return -1;
    }
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private boolean outgoingDeadlinePassed() {
    Deadline out = Deadline.parse(head.headers().getAll(Deadline.HEADER)).orElse(head.deadline());
    return out != null && out.expired(frontend.wallNanos());
  }

  /**
   * The upstream response {@code in} is about to be relayed: its head is written (at once when
   * the body streams). False if the exchange already ended.
   */
  boolean startRelay(HttpClientResponse in, boolean inEnded) {
    if (phase != Phase.WAITING) {
      return false;
    }
    phase = Phase.RELAYING;
    int status = in.statusCode();
    response.setStatusCode(status);
    if (wire == Wire.HTTP1 && in.statusMessage() != null) {
      response.setStatusMessage(in.statusMessage());
    }
    MultiMap out = response.headers();
    in.headers().forEach(out::add); // addAll would copy the entries to a list first
    wire.stripHopHeaders(out);
    HopHeaders.appendVia(out, in.version());
    HopHeaders.overwrite(out, responseHeaders);
    wire.frame(response, request.method(), status, request.version());
    boolean trailersOnly = in.headers().contains(GrpcStatus.STATUS);
    if (!inEnded && !trailersOnly && (wire == Wire.HTTP2 || response.isChunked())) {
      response.writeHead(); // a streaming client sees the head before the first message
    }
    return true;
  }

  /**
   * Ends the relayed response ({@code status}) with the upstream's {@code trailers}, and with
   * {@code last}, the body's last chunk, when it was kept back to leave with the end (null: none).
   */
  void endRelay(int status, MultiMap trailers, int grpcStatus, Buffer last) {
    if (!trailers.isEmpty() && (wire == Wire.HTTP2 || response.isChunked())) {
      MultiMap out = response.trailers();
      out.addAll(trailers);
      wire.stripHopHeaders(out);
    }
    finish(status, grpcStatus);
    if (last == null) {
      end(null);
    } else {
      RelayChunks.end(response, last, wire == Wire.HTTP2 ? clientChannel() : null)
          .onComplete(ar -> wire.afterEnd(request, response));
    }
  }

  /** The upstream asked for the body ({@code 100 Continue}): the client is told to send it. */
  void continueReceived() {
    if (wire == Wire.HTTP1 && phase == Phase.WAITING) {
      response.writeContinue();
    }
  }

  /**
   * The client stopped sending its body for longer than requestBodyTimeoutMs while nothing held
   * it back. Before the response begins that is answered 408 (and stops the attempt); once it
   * has begun, the exchange is active on the response's side and goes on.
   */
  private void bodyStalled() {
    if (phase == Phase.WAITING && !response.headWritten()) {
      fail(408, "request body stalled: no bytes for "
          + frontend.config().requestBodyTimeout().toMillis() + " ms (requestBodyTimeoutMs)");
    }
  }

  /** Ends the exchange by resetting the client's stream (HTTP/1.x: closing the connection). */
  void resetClient(long code) {
    if (phase == Phase.DONE) {
      return;
    }
    finish(-1, GrpcStatus.ABSENT);
    abortCall();
    wire.reset(request, code);
  }

  private void failWith(int status, int grpcStatus, String message) {
    if (phase == Phase.DONE) {
      return;
    }
    String text = RouterError.singleLine(message);
    if (phase == Phase.RELAYING || response.headWritten()) {
      if (head.grpc() && !response.ended()) {
        finish(response.getStatusCode(), grpcStatus);
        abortCall();
        response.trailers().set(GrpcStatus.STATUS, Integer.toString(grpcStatus))
            .set(GrpcStatus.MESSAGE, GrpcStatus.encodeMessage(text))
            .set(HopHeaders.ERR, RouterError.headerValue(text));
        end(null);
      } else {
        resetClient(Wire.INTERNAL_ERROR);
      }
      return;
    }
    boolean grpc = head.grpc();
    int sent = grpc ? 200 : status;
    String body = grpc ? null : text + "\n";
    errorBody = body;
    finish(sent, grpc ? grpcStatus : GrpcStatus.ABSENT);
    abortCall();
    wire.beforeError(request, response, head.declaredLength() != 0 && !request.isEnded());
    response.setStatusCode(sent).putHeader(HopHeaders.ERR, RouterError.headerValue(text));
    HopHeaders.overwrite(response.headers(), responseHeaders);
    if (grpc) {
      response.putHeader(HttpHeaders.CONTENT_TYPE, "application/grpc")
          .putHeader(GrpcStatus.STATUS, Integer.toString(grpcStatus))
          .putHeader(GrpcStatus.MESSAGE, GrpcStatus.encodeMessage(text));
      end(null);
    } else {
      response.putHeader(HttpHeaders.CONTENT_TYPE, RouterError.CONTENT_TYPE);
      end(body);
    }
  }

  private void end(String text) {
    Future<Void> end = text == null ? response.end() : response.end(text);
    end.onComplete(ar -> wire.afterEnd(request, response));
  }

  /** Counts the end once: {@code status} sent (-1: reset), with its gRPC status (-1: none). */
  private void finish(int status, int grpcStatus) {
    if (phase == Phase.DONE) {
      return;
    }
    phase = Phase.DONE;
    sentStatus = status;
    cancelDeadlineTimer();
    body.stopWatching();
    connection.ended();
    frontend.requestEnded(status, grpcStatus, startNanos);
    if (endHook != null) {
      endHook.accept(this);
    }
  }

  /** The client had the whole response when it went away: it counts as sent. */
  void delivered(int status, int grpcStatus) {
    finish(status, grpcStatus);
  }

  private void requestFailed(Throwable cause) {
    if (wire == Wire.HTTP2 || cause instanceof HttpClosedException) {
      clientGone(); // a reset stream, or a closed connection
    } else {
      fail(400, "request body failed: " + cause.getMessage());
    }
  }

  private void clientGone() {
    if (phase == Phase.DONE || call != null && call.deliveredBeforeClientLeft()) {
      return;
    }
    finish(-1, GrpcStatus.ABSENT);
    abortCall();
  }

  private void abortCall() {
    if (call != null) {
      call.abort();
    }
  }
}
