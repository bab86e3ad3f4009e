package io.hoplink.router.forward;

import io.hoplink.router.hop.HopHeaders;
import io.hoplink.router.http.ChannelAccess;
import io.hoplink.router.upstream.ReadEnds;
import io.hoplink.router.upstream.Upstream;
import io.netty.channel.Channel;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One upstream request (one attempt) of an exchange, over HTTP/1.1 or HTTP/2 alike. The request
 * body comes from the exchange's {@link RequestBody}; the response head is handed to the caller
 * held, its body paused, so that it can be classified (buffering the body when the trailers must
 * be seen) before it is relayed or dropped. Relaying pumps with backpressure; trailers are
 * relayed, and a failure on either side stops the other.
 */
final class UpstreamAttempt implements UpstreamReply {
  private enum State { STARTING, HELD, RELAYING, DONE }

  private final ExchangeImpl exchange;
  private final RequestBody body;
  private final String where;
  private final String host;
  private final int port;
  private final Promise<UpstreamReply> head = Promise.promise();
  private final Promise<ForwardResult> relayed = Promise.promise();
  private final List<Buffer> held = new ArrayList<>();
  /** Whether the response still streams to the client: made once, asked on every drain. */
  private final BooleanSupplier relaying = () -> this.state == State.RELAYING;
  private State state = State.STARTING;
  private HttpClientRequest upstream;
  private HttpClientResponse response;
  /** The response's body as relayed: pausing it pauses an HTTP/1.1 connection too. */
  private ReadStream<Buffer> source;
  /** Writes to an HTTP/2 client's stream, held to its window; null for an HTTP/1.x client. */
  private StreamWrites streamWrites;
  private boolean responseEnded;
  private ForwardFailure failure;
  private Promise<Buffered> buffering;
  private long bufferLimit;
  private long bufferTimer = -1;
  private long heldBytes;
  private long responseBytes;
  private boolean toHttp1;
  /** The upstream connection's read ends; null where they are not watched. */
  private ReadEnds readEnds;
  /** The body's chunk that may leave with the end; null until the relay starts. */
  private KeptChunk kept;

  UpstreamAttempt(ExchangeImpl exchange, RequestBody body, String host, int port) {
    this.exchange = exchange;
    this.body = body;
    this.host = host;
    this.port = port;
    this.where = host + ":" + port;
  }

  Future<UpstreamReply> start(Upstream transport) {
    toHttp1 = !transport.isHttp2();
    if (toHttp1 && exchange.wire() == Wire.HTTP2) {
      body.readAhead(); // a body that ends at once is framed with its length, not chunked
    }
    RequestOptions options = new RequestOptions()
        .setServer(SocketAddress.inetSocketAddress(port, host))
        .setMethod(exchange.method())
        .setURI(exchange.path());
    // TLS: the certificate is checked against (and SNI names) this name; the Host header stays
    // the request's own (set below).
    transport.tlsName(host).ifPresent(name -> options.setHost(name).setPort(port));
    transport.client().request(options).onComplete(ar -> {
      if (state == State.DONE) {
        if (ar.succeeded()) {
          transport.cancelUnsent(ar.result());
        }
      } else if (ar.failed()) {
        failHead(new ForwardFailure.NotSent(where, "no connection to " + where + ": "
            + withoutAddress(ar.cause()), ar.cause()));
      } else {
        sendHead(ar.result());
      }
    });
    return head.future();
  }

  private void sendHead(HttpClientRequest request) {
    upstream = request;
    MultiMap out = request.headers();
    // The exchange's headers are stripped for the client's hop already; HTTP/2 also takes no
    // Host (it becomes :authority) nor HTTP2-Settings from an HTTP/1.1 client.
    boolean fromHttp1ToHttp2 = !toHttp1 && exchange.wire() == Wire.HTTP1;
    // forEach walks the entries without an iterator's wrapper per header
    exchange.headers().forEach((name, value) -> {
      if (!name.startsWith(":") && !(fromHttp1ToHttp2 && HopHeaders.notForHttp2(name))) {
        out.add(name, value);
      }
    });
    String authority = exchange.authority();
    if (authority != null && !out.contains(HttpHeaders.HOST)) {
      HostAndPort parsed = HostAndPort.parseAuthority(authority, -1);
      if (parsed != null) {
        request.authority(parsed);
      }
    }
    long length = body.knownLength();
    if (!toHttp1) {
      request.setChunked(true);
    } else if (length < 0) {
      request.setChunked(true);
    } else if (length > 0 && !out.contains(HttpHeaders.CONTENT_LENGTH)) {
      out.set(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
    }
    request.exceptionHandler(t -> { }); // failures arrive through the response future
    request.continueHandler(v -> exchange.continueReceived());
    request.response().onComplete(this::onResponse);
    boolean bodyless = length == 0;
    Future<Void> sent = bodyless ? request.end() : request.sendHead();
    sent.onComplete(ar -> {
      if (state != State.STARTING) {
        return;
      }
      if (ar.failed()) {
        request.reset(Wire.CANCEL);
        failHead(new ForwardFailure.NotSent(where, "could not write to " + where + ": "
            + withoutAddress(ar.cause()), ar.cause()));
        return;
      }
      body.attach(request, bodyless);
    });
  }

  private void onResponse(AsyncResult<HttpClientResponse> ar) {
    if (state != State.STARTING) {
      return;
    }
    if (ar.failed()) {
      Throwable cause = ar.cause();
      failHead(cause instanceof StreamResetException reset
          ? new ForwardFailure.Reset(where, reset.getCode(), reset)
          : new ForwardFailure.Broken(where, "no response from " + where + ": "
              + withoutAddress(cause), cause, true));
      return;
    }
    HttpClientResponse arrived = ar.result();
    int status = arrived.statusCode();
    if (status >= 100 && status < 200) {
      // Vert.x takes an interim response other than 100 and 103 for the final one: the real
      // one would then answer the next request on this connection. The reset closes it.
      arrived.exceptionHandler(t -> { }); // our own reset
      failHead(new ForwardFailure.Broken(where, where + " sent an interim " + status
          + " response, which the router does not relay", null, true));
      return;
    }
    response = arrived;
    Channel connection = ChannelAccess.channel(arrived.request().connection());
    readEnds = ReadEnds.of(connection);
    source = ConnectionPausingBody.of(arrived, connection, toHttp1);
    response.pause(); // held until relayed, buffered or dropped
    response.handler(this::onData);
    response.endHandler(v -> onEnd());
    response.exceptionHandler(this::onBroken);
    state = State.HELD;
    head.tryComplete(this);
  }

  /**
   * The cause's message without the address Netty appends to it ({@code Connection refused:
   * /127.0.0.1:1}): the failure names the address once, itself.
   */
  private String withoutAddress(Throwable cause) {
    javax.net.ssl.SSLException ssl = ForwardFailure.sslCause(cause);
    if (ssl != null) {
      return tlsFailure(ssl);
    }
    String message = String.valueOf(cause.getMessage());
    // epoll words it "finishConnect(..) failed with error(-111): Connection refused"
    int nativeCall = message.indexOf("(..) failed with error(");
    int errno = nativeCall < 0 ? -1 : message.indexOf("): ", nativeCall);
    if (errno > 0) {
      message = message.substring(errno + 3);
    }
    int cut = message.lastIndexOf(": ");
    return cut > 0 && message.endsWith(":" + port) ? message.substring(0, cut) : message;
  }

  /**
   * The TLS handshake's reason, said once: the innermost SSL exception's message, as the JDK
   * words it ("PKIX path building failed", "No subject alternative DNS name matching ... found",
   * "Received fatal alert: certificate_required").
   */
  private static String tlsFailure(Throwable ssl) {
    Throwable innermost = ssl;
    for (Throwable t = ssl; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        innermost = t;
      }
    }
    String message = innermost.getMessage() == null ? innermost.toString() : innermost.getMessage();
    int nested = message.indexOf(": ");
    // "PKIX path building failed: sun.security...: unable to find valid certification path"
    if (message.startsWith("PKIX path") && nested > 0) {
      message = message.substring(message.lastIndexOf(": ") + 2);
    }
    return "TLS handshake failed: " + message.strip();
  }

  private void failHead(ForwardFailure e) {
    state = State.DONE;
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
  public MultiMap trailers() {
    return responseEnded ? response.trailers() : MultiMap.caseInsensitiveMultiMap();
  }

  @Override
  public ForwardFailure failure() {
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
  public Future<ForwardResult> relay() {
    if (state != State.HELD) {
      return Future.failedFuture(new IllegalStateException("not held"));
    }
    stopBuffering(Buffered.TIMED_OUT);
    buffering = null;
    if (failure != null) {
      answerBroken(failure);
      return relayed.future();
    }
    if (!exchange.startRelay(response, responseEnded)) {
      abort();
      return relayed.future();
    }
    state = State.RELAYING;
    body.release();
    var out = exchange.response();
    boolean endWithChunk =
        out.headWritten() || out.headers().contains(HttpHeaders.CONTENT_LENGTH);
    kept = new KeptChunk(readEnds, this::relayKept, endWithChunk);
    if (responseEnded && endWithChunk && !held.isEmpty()) {
      kept.keepForEnd(held.remove(held.size() - 1));
    }
    if (exchange.wire() == Wire.HTTP2) {
      Channel client = exchange.clientChannel();
      streamWrites = new StreamWrites(out, source, relaying, exchange.slowStreams(),
          () -> exchange.resetClient(Wire.ENHANCE_YOUR_CALM), client);
      held.forEach(buf -> RelayChunks.writeToStream(out, buf, client));
    } else {
      held.forEach(buf -> RelayChunks.write(out, buf));
    }
    held.clear();
    if (responseEnded) {
      finishRelay();
    } else if (out.writeQueueFull()) {
      Pump.resumeOnDrain(out, source, relaying);
    } else {
      kept.drain(source::resume); // what queued behind the head drains within resume()
    }
    return relayed.future();
  }

  /** A chunk that goes without the end: relayed, unless the relay is over. */
  private void relayKept(Buffer buf) {
    if (state == State.RELAYING) {
      relayChunk(buf);
    } else {
      RelayChunks.drop(buf);
    }
  }

  private void relayChunk(Buffer buf) {
    if (streamWrites != null) {
      streamWrites.write(buf);
    } else {
      Pump.write(buf, exchange.response(), source, relaying);
    }
  }

  private void onData(Buffer data) {
    Buffer buf = RelayChunks.keep(data);
    responseBytes += buf.length();
    if (state == State.HELD) {
      held.add(buf);
      heldBytes += buf.length();
      if (heldBytes > bufferLimit) {
        stopBuffering(Buffered.TOO_LONG);
      }
    } else if (state == State.RELAYING) {
      kept.relay(buf, streamWrites != null && streamWrites.wouldPause(buf.length()));
    } else {
      RelayChunks.drop(buf);
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
    if (streamWrites != null) {
      streamWrites.end();
    }
    MultiMap trailers = response.trailers();
    int grpcStatus = GrpcStatus.of(trailers);
    if (grpcStatus == GrpcStatus.ABSENT) {
      grpcStatus = GrpcStatus.of(response.headers());
    }
    Buffer lastChunk = kept == null ? null : kept.takeForEnd();
    // Counted first: whoever has seen the end of the response finds it in the metrics.
    relayed.tryComplete(new ForwardResult(response.statusCode(), trailers));
    exchange.endRelay(response.statusCode(), trailers, grpcStatus, lastChunk);
  }

  private void onBroken(Throwable cause) {
    if (failure != null || state == State.DONE) {
      return; // already failed, or the reset was ours
    }
    ForwardFailure e = cause instanceof StreamResetException reset
        ? new ForwardFailure.Reset(where, reset.getCode(), reset)
        : new ForwardFailure.Broken(where, "the response from " + where + " broke off: "
            + withoutAddress(cause), cause, true);
    if (state == State.HELD) {
      failure = e; // the caller decides: another attempt, or this answer
      stop();
      stopBuffering(Buffered.FAILED);
    } else if (state == State.RELAYING) {
      answerBroken(e);
    }
  }

  /** The response broke once it was the client's: the exchange answers it. */
  private void answerBroken(ForwardFailure e) {
    state = State.DONE;
    stop();
    exchange.fail(e);
    relayed.tryFail(e);
  }

  @Override
  public void discard() {
    if (state == State.HELD) {
      state = State.DONE;
      stop();
      stopBuffering(Buffered.FAILED);
    }
  }

  /** The per-attempt timeout passed before the response head came: the attempt fails. */
  void abortAttempt(String reason) {
    if (state == State.STARTING) {
      failHead(new ForwardFailure.Broken(where, reason, null, true));
    }
  }

  /** The exchange ended first (client gone, deadline, router error): stops the upstream side. */
  void abort() {
    if (state == State.DONE) {
      return;
    }
    state = State.DONE;
    stop();
    ForwardFailure e = new ForwardFailure.Broken(where,
        "the exchange ended before the response did", null, false);
    stopBuffering(Buffered.FAILED);
    head.tryFail(e);
    relayed.tryFail(e);
  }

  /**
   * Resets the upstream request (its HTTP/1.1 connection is closed, not pooled again). Callers
   * set the state first: a reset may report back at once, and must find the attempt over.
   */
  private void stop() {
    held.forEach(RelayChunks::drop);
    held.clear();
    if (kept != null) {
      kept.drop();
    }
    if (streamWrites != null) {
      streamWrites.end();
    }
    if (source instanceof ConnectionPausingBody pausing) {
      pausing.readOn(); // the connection may go back to the pool
    }
    if (upstream != null) {
      body.detach(upstream);
      upstream.reset(Wire.CANCEL);
    }
  }

  /**
   * The client went away while the response streamed. If it had every byte of a response of
   * known length (the end from upstream had not been seen yet), it is a delivered response, and
   * counts as one; returns whether it did.
   */
  boolean deliveredBeforeClientLeft() {
    if (state != State.RELAYING || kept != null && kept.holding()) {
      return false;
    }
    String length = response.headers().get(HttpHeaders.CONTENT_LENGTH);
    try {
      if (length == null || Long.parseLong(length.trim()) != responseBytes) {
        return false;
      }
    } catch (NumberFormatException e) {
      return false;
    }
    state = State.DONE; // the upstream's end is left to come, keeping its connection reusable
    if (streamWrites != null) {
      streamWrites.end();
    }
    source.resume(); // a drain that will never come may have paused it
    int grpcStatus = GrpcStatus.of(response.headers());
    exchange.delivered(response.statusCode(), grpcStatus);
    relayed.tryComplete(new ForwardResult(response.statusCode(),
        MultiMap.caseInsensitiveMultiMap()));
    return true;
  }
}
