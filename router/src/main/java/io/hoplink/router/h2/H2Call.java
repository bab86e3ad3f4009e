package io.hoplink.router.h2;

import io.hoplink.router.upstream.Upstream;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One upstream stream (one attempt) of an exchange. The request body comes from the exchange's
 * {@link H2RequestBody}; the response head is handed to the caller held, its body paused, so
 * that it can be classified (buffering the body when the trailers must be seen) before it is
 * relayed or dropped. Relaying pumps with backpressure: the router holds at most about one
 * window per direction. Trailers are relayed, and a reset on either side resets the other.
 */
final class H2Call implements H2Response {
  private enum State { STARTING, HELD, RELAYING, DONE }

  private final H2ExchangeImpl exchange;
  private final H2RequestBody body;
  private final String host;
  private final int port;
  private final Promise<H2Response> head = Promise.promise();
  private final Promise<H2Result> relayed = Promise.promise();
  private final List<Buffer> held = new ArrayList<>();
  private State state = State.STARTING;
  private HttpClientRequest upstream;
  private HttpClientResponse response;
  private boolean responseEnded;
  private H2ForwardException failure;
  private Promise<Buffered> buffering;
  private long bufferLimit;
  private long bufferTimer = -1;
  private long heldBytes;
  private long responseBytes;
  private boolean http1;

  H2Call(H2ExchangeImpl exchange, H2RequestBody body, String host, int port) {
    this.exchange = exchange;
    this.body = body;
    this.host = host;
    this.port = port;
  }

  Future<H2Response> start(Upstream transport) {
    http1 = !transport.isHttp2();
    if (http1) {
      body.readAhead(); // a body that ends at once is framed with its length, not chunked
    }
    RequestOptions options = new RequestOptions()
        .setServer(SocketAddress.inetSocketAddress(port, host))
        .setMethod(exchange.method())
        .setURI(exchange.path());
    transport.client().request(options).onComplete(ar -> {
      if (state == State.DONE) {
        if (ar.succeeded()) {
          transport.cancelUnsent(ar.result());
        }
      } else if (ar.failed()) {
        failHead(new H2ForwardException("no connection to " + where() + ": "
            + ar.cause().getMessage(), ar.cause(), true, false));
      } else {
        sendHead(ar.result());
      }
    });
    return head.future();
  }

  private String where() {
    return host + ":" + port;
  }

  private void sendHead(HttpClientRequest request) {
    upstream = request;
    String authority = exchange.authority();
    if (authority != null) {
      HostAndPort parsed = HostAndPort.parseAuthority(authority, -1);
      if (parsed != null) {
        request.authority(parsed);
      }
    }
    MultiMap out = request.headers();
    for (Map.Entry<String, String> header : exchange.headers()) {
      if (!header.getKey().startsWith(":")) {
        out.add(header.getKey(), header.getValue());
      }
    }
    long left = exchange.outgoingDeadlineLeftNanos();
    if (left != Deadlines.NONE && out.contains(Deadlines.GRPC_TIMEOUT)) {
      out.set(Deadlines.GRPC_TIMEOUT, Deadlines.grpcTimeout(left)); // what is left, not what was
    }
    frameBody(request, out);
    request.exceptionHandler(t -> { }); // failures arrive through the response future
    request.response().onComplete(this::onResponse);
    request.sendHead().onComplete(sent -> {
      if (state != State.STARTING) {
        return;
      }
      if (sent.failed()) {
        request.reset(H2ExchangeImpl.CANCEL);
        failHead(new H2ForwardException("could not write to " + where() + ": "
            + sent.cause().getMessage(), sent.cause(), true, false));
        return;
      }
      body.attach(request);
    });
  }

  /**
   * HTTP/2 frames the body itself. HTTP/1.1 needs a length or chunks: the client's
   * {@code content-length}, else the length of a body that has come in full (none, for a request
   * that ended with its head), else chunked.
   */
  private void frameBody(HttpClientRequest request, MultiMap out) {
    if (!http1) {
      request.setChunked(true);
    } else if (!out.contains("content-length")) {
      long length = body.knownLength();
      if (length > 0) {
        out.set("content-length", Long.toString(length));
      } else if (length < 0) {
        request.setChunked(true);
      }
    }
  }

  private void onResponse(AsyncResult<HttpClientResponse> ar) {
    if (state != State.STARTING) {
      return;
    }
    if (ar.failed()) {
      Throwable cause = ar.cause();
      if (cause instanceof StreamResetException reset) {
        long code = reset.getCode();
        failHead(new H2ForwardException(where() + (code == H2ExchangeImpl.REFUSED_STREAM
            ? " refused the stream" : " reset the stream (code " + code + ")"), reset,
            code == H2ExchangeImpl.REFUSED_STREAM, false, code));
      } else {
        failHead(new H2ForwardException("no response from " + where() + ": "
            + cause.getMessage(), cause, false, false));
      }
      return;
    }
    response = ar.result();
    response.pause(); // held until relayed, buffered or dropped
    response.handler(this::onData);
    response.endHandler(v -> onEnd());
    response.exceptionHandler(this::onBroken);
    state = State.HELD;
    head.tryComplete(this);
  }

  private void failHead(H2ForwardException e) {
    stop();
    head.tryFail(e);
  }

  /** Whether this attempt is over: failed, dropped, relayed or aborted. */
  boolean done() {
    return state == State.DONE;
  }

  @Override
  public int status() {
    return response.statusCode();
  }

  @Override
  public MultiMap headers() {
    return response.headers();
  }

  @Override
  public boolean ended() {
    return responseEnded;
  }

  @Override
  public MultiMap trailers() {
    return responseEnded ? response.trailers() : MultiMap.caseInsensitiveMultiMap();
  }

  @Override
  public H2ForwardException failure() {
    return failure;
  }

  @Override
  public Future<Buffered> bufferToEnd(long maxBytes, long timeoutMs) {
    if (state != State.HELD || buffering != null) {
      return Future.failedFuture(new IllegalStateException("not held, or already buffering"));
    }
    if (failure != null) {
      return Future.succeededFuture(Buffered.FAILED);
    }
    if (responseEnded) {
      return Future.succeededFuture(Buffered.ENDED);
    }
    buffering = Promise.promise();
    bufferLimit = maxBytes;
    bufferTimer = exchange.vertx().setTimer(Math.max(1, timeoutMs), id -> {
      bufferTimer = -1;
      stopBuffering(Buffered.TIMED_OUT);
    });
    response.resume();
    return buffering.future();
  }

  private void stopBuffering(Buffered how) {
    Promise<Buffered> promise = buffering;
    if (promise == null) {
      return;
    }
    if (bufferTimer >= 0) {
      exchange.vertx().cancelTimer(bufferTimer);
      bufferTimer = -1;
    }
    if (state == State.HELD && how != Buffered.ENDED) {
      response.pause();
    }
    promise.tryComplete(how);
  }

  @Override
  public Future<H2Result> relay() {
    if (state != State.HELD) {
      return Future.failedFuture(new IllegalStateException("not held"));
    }
    stopBuffering(Buffered.TIMED_OUT);
    buffering = null;
    if (failure != null) {
      answerBroken(failure);
      return relayed.future();
    }
    if (!exchange.startRelay()) {
      abort();
      return relayed.future();
    }
    state = State.RELAYING;
    body.release();
    HttpServerResponse out = exchange.response();
    out.setStatusCode(response.statusCode());
    H2Headers.copyForward(response.headers(), out.headers());
    if (exchange.version() != HttpVersion.HTTP_2 && !out.headers().contains("content-length")) {
      out.setChunked(true); // HTTP/1.1 clients get trailers in the last chunk
    }
    boolean trailersOnly = response.headers().contains(GrpcStatus.STATUS);
    if (!trailersOnly) {
      out.writeHead(); // a streaming client sees the head before the first message
    }
    for (Buffer buf : held) {
      out.write(buf);
    }
    held.clear();
    if (responseEnded) {
      finishRelay();
    } else if (out.writeQueueFull()) {
      out.drainHandler(v -> resumeRelay());
    } else {
      response.resume();
    }
    return relayed.future();
  }

  private void resumeRelay() {
    if (state == State.RELAYING) {
      response.resume();
    }
  }

  private void onData(Buffer buf) {
    responseBytes += buf.length();
    if (state == State.HELD) {
      held.add(buf);
      heldBytes += buf.length();
      if (heldBytes > bufferLimit) {
        stopBuffering(Buffered.TOO_LONG);
      }
      return;
    }
    if (state != State.RELAYING) {
      return;
    }
    HttpServerResponse out = exchange.response();
    out.write(buf);
    if (out.writeQueueFull()) {
      response.pause();
      out.drainHandler(v -> resumeRelay());
    }
  }

  private void onEnd() {
    responseEnded = true;
    if (state == State.HELD) {
      stopBuffering(Buffered.ENDED);
    } else if (state == State.RELAYING) {
      finishRelay();
    }
  }

  private void finishRelay() {
    state = State.DONE;
    MultiMap trailers = response.trailers();
    int grpcStatus = GrpcStatus.of(response.headers());
    if (!trailers.isEmpty()) {
      H2Headers.copyForward(trailers, exchange.response().trailers());
      int fromTrailers = GrpcStatus.of(trailers);
      if (fromTrailers != GrpcStatus.ABSENT) {
        grpcStatus = fromTrailers;
      }
    }
    exchange.endRelay(response.statusCode(), grpcStatus);
    relayed.tryComplete(new H2Result(response.statusCode(), grpcStatus, trailers,
        body.readBytes(), responseBytes));
  }

  private void onBroken(Throwable cause) {
    H2ForwardException e;
    if (cause instanceof StreamResetException reset) {
      e = new H2ForwardException(where() + " reset the stream (code " + reset.getCode() + ")",
          reset, false, false, reset.getCode());
    } else {
      e = new H2ForwardException("the response from " + where() + " broke off: "
          + cause.getMessage(), cause, false, false);
    }
    if (state == State.HELD) {
      failure = e; // the caller decides: another attempt, or this answer
      stop();
      stopBuffering(Buffered.FAILED);
    } else if (state == State.RELAYING) {
      answerBroken(e);
    }
  }

  /** The stream broke once the response was the client's: the exchange answers it. */
  private void answerBroken(H2ForwardException e) {
    stop();
    state = State.DONE;
    exchange.fail(e);
    relayed.tryFail(e.asAnswered());
  }

  @Override
  public void discard() {
    if (state == State.HELD) {
      stop();
      stopBuffering(Buffered.FAILED);
      state = State.DONE;
      held.clear();
    }
  }

  /** The per-attempt timeout passed before the response head came: the attempt fails. */
  void abortAttempt(String reason) {
    if (state == State.STARTING) {
      failHead(new H2ForwardException(reason, null, false, false));
    }
  }

  /** The exchange ended first (client reset, deadline, router error): reset upstream. */
  void abort() {
    if (state == State.DONE) {
      return;
    }
    stop();
    H2ForwardException e = new H2ForwardException("the exchange ended before the response did",
        null, false, true);
    stopBuffering(Buffered.FAILED);
    head.tryFail(e);
    relayed.tryFail(e);
    state = State.DONE;
  }

  private void stop() {
    if (upstream != null) {
      upstream.reset(H2ExchangeImpl.CANCEL);
      body.detach(upstream);
    }
    if (state == State.STARTING) {
      state = State.DONE;
    }
    held.clear();
  }
}
