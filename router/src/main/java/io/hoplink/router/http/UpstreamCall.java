package io.hoplink.router.http;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * One attempt to send an exchange to one upstream endpoint: both bodies are streamed with
 * backpressure (pause the reader while the writer's queue is full), keeping their framing.
 */
final class UpstreamCall {
  private final ExchangeImpl exchange;
  private final String host;
  private final int port;
  private final Promise<UpstreamResult> promise = Promise.promise();
  private HttpClientRequest upstream;
  private boolean aborted;
  private long requestBytes;
  private long responseBytes;

  UpstreamCall(ExchangeImpl exchange, String host, int port) {
    this.exchange = exchange;
    this.host = host;
    this.port = port;
  }

  Future<UpstreamResult> start(HttpClient client) {
    RequestOptions options = new RequestOptions()
        .setServer(SocketAddress.inetSocketAddress(port, host))
        .setMethod(exchange.method())
        .setURI(exchange.uri());
    client.request(options).onComplete(ar -> {
      if (aborted) {
        if (ar.succeeded()) {
          ar.result().reset();
        }
      } else if (ar.failed()) {
        notWritten(ar.cause());
      } else {
        sendHead(ar.result());
      }
    });
    return promise.future();
  }

  private void sendHead(HttpClientRequest request) {
    upstream = request;
    request.headers().setAll(exchange.headers());
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
    Future<Void> head = length == 0 ? request.end() : request.sendHead();
    head.onComplete(h -> {
      if (aborted) {
        return;
      }
      if (h.failed()) {
        request.reset();
        notWritten(h.cause());
        return;
      }
      pumpRequestBody(request, length);
      request.response().onComplete(this::onResponse);
    });
  }

  private void pumpRequestBody(HttpClientRequest out, long length) {
    HttpServerRequest in = exchange.request();
    if (length == 0 || in.isEnded()) {
      if (length != 0) {
        out.end();
      }
      in.resume(); // lets the end of a bodiless request through
      return;
    }
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
    HttpClientResponse in = ar.result();
    if (!exchange.startRelay()) {
      abort("the exchange had ended");
      return;
    }
    HttpServerResponse out = exchange.response();
    int status = in.statusCode();
    out.setStatusCode(status);
    if (in.statusMessage() != null) {
      out.setStatusMessage(in.statusMessage());
    }
    MultiMap headers = out.headers();
    headers.addAll(in.headers());
    ProxyHeaders.stripHopByHop(headers);
    ProxyHeaders.appendVia(headers, ExchangeImpl.protocol(in.version()));
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
    in.exceptionHandler(t -> {
      if (!aborted) {
        exchange.resetClient(); // aborts this call: responseStarted
      }
    });
    in.endHandler(v -> {
      if (out.isChunked()) {
        out.trailers().setAll(in.trailers());
      }
      out.end().onComplete(end -> {
        if (end.succeeded()) {
          exchange.finish(status);
          promise.tryComplete(new UpstreamResult(status, requestBytes, responseBytes));
        } else {
          abort("the client went away: " + end.cause().getMessage());
          exchange.finish(-1);
        }
      });
    });
    if (out.isChunked()) {
      out.writeHead(); // a streaming client sees the head before the first chunk
    }
  }

  private void notWritten(Throwable cause) {
    exchange.notWritten(this);
    promise.tryFail(new UpstreamNotWrittenException(host, port, cause));
  }

  private void failAfterWrite(String message, Throwable cause) {
    if (aborted) {
      return;
    }
    aborted = true;
    stop();
    promise.tryFail(new UpstreamFailedException(host, port, message, cause, false));
  }

  /** Stops both directions; the upstream connection is closed, not returned to the pool. */
  void abort(String reason) {
    if (aborted) {
      return;
    }
    aborted = true;
    stop();
    promise.tryFail(new UpstreamFailedException(host, port, reason, null, exchange.relaying()));
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
