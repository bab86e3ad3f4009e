package io.hoplink.router.http;

import io.hoplink.router.hop.HopHeaders;
import io.hoplink.router.upstream.Upstream;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;

/**
 * One attempt to send an exchange to one upstream endpoint: the request body is streamed with
 * backpressure (or written from the exchange's buffer), the response head is handed to the
 * caller paused, and on {@link #relay()} the response body is streamed to the client.
 */
final class UpstreamCall implements UpstreamResponse {
  private final ExchangeImpl exchange;
  private final String host;
  private final int port;
  /** Completes with the response head; fails if the attempt ends before one arrives. */
  private final Promise<UpstreamResponse> head = Promise.promise();
  /** Completes once the response was relayed in full. */
  private final Promise<UpstreamResult> done = Promise.promise();
  private HttpClientRequest upstream;
  private HttpClientResponse response;
  private boolean aborted;
  private boolean relayed;
  private long requestBytes;
  private long responseBytes;
  private boolean http2;

  UpstreamCall(ExchangeImpl exchange, String host, int port) {
    this.exchange = exchange;
    this.host = host;
    this.port = port;
  }

  Future<UpstreamResponse> start(Upstream transport) {
    http2 = transport.isHttp2();
    RequestOptions options = new RequestOptions()
        .setServer(SocketAddress.inetSocketAddress(port, host))
        .setMethod(exchange.method())
        .setURI(exchange.uri());
    transport.client().request(options).onComplete(ar -> {
      if (aborted) {
        if (ar.succeeded()) {
          transport.cancelUnsent(ar.result());
        }
      } else if (ar.failed()) {
        notWritten(ar.cause());
      } else {
        sendHead(ar.result());
      }
    });
    return head.future();
  }

  private void sendHead(HttpClientRequest request) {
    upstream = request;
    request.headers().setAll(exchange.headers());
    if (http2) { // Host becomes :authority
      String host = request.headers().get(HttpHeaders.HOST);
      HopHeaders.stripForHttp2(request.headers());
      HostAndPort authority = host == null ? null : HostAndPort.parseAuthority(host, -1);
      if (authority != null) {
        request.authority(authority);
      }
    }
    long length = exchange.contentLength();
    if (length < 0) {
      request.setChunked(true);
    }
    request.exceptionHandler(t -> { }); // failures arrive through the futures below
    request.continueHandler(v -> {
      if (!exchange.ended() && !exchange.relaying()) {
        exchange.response().writeContinue();
      }
    });
    Future<Void> sent = length == 0 ? request.end() : request.sendHead();
    sent.onComplete(h -> {
      if (aborted) {
        return;
      }
      if (h.failed()) {
        request.reset();
        notWritten(h.cause());
        return;
      }
      writeRequestBody(request, length);
      request.response().onComplete(this::onResponse);
    });
  }

  private void writeRequestBody(HttpClientRequest out, long length) {
    HttpServerRequest in = exchange.request();
    Buffer buffered = exchange.bufferedBody();
    if (length != 0 && buffered != null) {
      requestBytes = buffered.length();
      out.end(buffered);
      return;
    }
    if (length == 0 || in.isEnded()) {
      if (length != 0) {
        out.end();
      }
      in.resume(); // lets the end of a bodiless request through
      return;
    }
    exchange.bodyStreamed();
    in.handler(buf -> {
      requestBytes += buf.length();
      out.write(buf);
      if (out.writeQueueFull()) {
        in.pause();
        out.drainHandler(v -> {
          if (!aborted) {
            in.resume();
          }
        });
      }
    });
    in.endHandler(v -> out.end());
    in.exceptionHandler(t -> {
      failAfterWrite("request body from the client failed: " + t.getMessage(), t);
      exchange.fail(400, "request body failed: " + t.getMessage());
    });
    in.resume();
  }

  private void onResponse(AsyncResult<HttpClientResponse> ar) {
    if (aborted) {
      return;
    }
    if (ar.failed()) {
      failAfterWrite("no response: " + ar.cause().getMessage(), ar.cause());
      return;
    }
    response = ar.result();
    response.pause(); // the body waits for relay()
    response.exceptionHandler(t -> {
      if (aborted) {
        return; // discarded or aborted: nothing more to tell
      }
      if (relayed) {
        exchange.resetClient(); // aborts this call: responseStarted
      } else {
        failAfterWrite("response failed: " + t.getMessage(), t);
      }
    });
    head.tryComplete(this);
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
  public Future<UpstreamResult> relay() {
    if (relayed) {
      return Future.failedFuture(new IllegalStateException("already relayed"));
    }
    relayed = true;
    if (aborted) {
      return done.future(); // failed by the abort
    }
    if (!exchange.startRelay()) {
      abort("the exchange had ended");
      return done.future();
    }
    HttpClientResponse in = response;
    HttpServerResponse out = exchange.response();
    int status = in.statusCode();
    out.setStatusCode(status);
    if (in.statusMessage() != null) {
      out.setStatusMessage(in.statusMessage());
    }
    MultiMap headers = out.headers();
    headers.addAll(in.headers());
    HopHeaders.stripHopByHop(headers);
    HopHeaders.appendVia(headers, in.version());
    ProxyHeaders.overwrite(headers, exchange.responseHeaders());
    boolean bodyless = exchange.method() == HttpMethod.HEAD || status == 204 || status == 304;
    if (!bodyless && !headers.contains(HttpHeaders.CONTENT_LENGTH)) {
      if (exchange.version() == HttpVersion.HTTP_1_0) {
        headers.set(HttpHeaders.CONNECTION, HttpHeaders.CLOSE); // delimited by the close
      } else {
        out.setChunked(true);
      }
    }
    in.handler(buf -> {
      responseBytes += buf.length();
      out.write(buf);
      if (out.writeQueueFull()) {
        in.pause();
        out.drainHandler(v -> {
          if (!aborted) {
            in.resume();
          }
        });
      }
    });
    in.endHandler(v -> {
      if (out.isChunked()) {
        out.trailers().setAll(in.trailers());
      }
      out.end().onComplete(end -> {
        if (end.succeeded()) {
          exchange.finish(status);
          done.tryComplete(new UpstreamResult(status, requestBytes, responseBytes));
        } else {
          abort("the client went away: " + end.cause().getMessage());
          exchange.finish(-1);
        }
      });
    });
    if (out.isChunked()) {
      out.writeHead(); // a streaming client sees the head before the first chunk
    }
    in.resume();
    return done.future();
  }

  @Override
  public void discard() {
    if (relayed || aborted) {
      return;
    }
    relayed = true;
    aborted = true;
    stop();
    exchange.attemptEnded(this);
  }

  private void notWritten(Throwable cause) {
    aborted = true;
    exchange.attemptEnded(this);
    head.tryFail(new UpstreamNotWrittenException(host, port, cause));
  }

  private void failAfterWrite(String message, Throwable cause) {
    if (aborted) {
      return;
    }
    aborted = true;
    stop();
    fail(new UpstreamFailedException(host, port, message, cause, false));
  }

  /** Stops both directions; the upstream connection is closed, not returned to the pool. */
  void abort(String reason) {
    if (aborted) {
      return;
    }
    aborted = true;
    stop();
    fail(new UpstreamFailedException(host, port, reason, null, exchange.relaying()));
  }

  /** Fails whichever future the caller waits on: the head's, or once relaying, the relay's. */
  private void fail(UpstreamException e) {
    if (!exchange.relaying()) {
      exchange.attemptEnded(this);
    }
    if (!head.tryFail(e)) {
      done.tryFail(e);
    }
  }

  private void stop() {
    if (upstream != null) {
      upstream.reset();
    }
    HttpServerRequest in = exchange.request();
    if (!in.isEnded()) {
      in.pause();
      in.handler(null);
      in.endHandler(null);
    }
  }
}
