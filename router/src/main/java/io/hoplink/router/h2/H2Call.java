package io.hoplink.router.h2;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import java.util.Map;

/**
 * One upstream stream for one exchange. Both bodies are pumped with backpressure: a reader is
 * paused while its writer's stream has no window left, so a slow reader slows the writer and
 * the router holds at most about one window per direction. Trailers are relayed, and a reset
 * on either side resets the other.
 */
final class H2Call {
  private final H2ExchangeImpl exchange;
  private final String host;
  private final int port;
  private final Promise<H2Result> promise = Promise.promise();
  private HttpClientRequest upstream;
  private boolean aborted;
  private long requestBytes;
  private long responseBytes;

  H2Call(H2ExchangeImpl exchange, String host, int port) {
    this.exchange = exchange;
    this.host = host;
    this.port = port;
  }

  Future<H2Result> start(HttpClient client) {
    RequestOptions options = new RequestOptions()
        .setServer(SocketAddress.inetSocketAddress(port, host))
        .setMethod(exchange.method())
        .setURI(exchange.path());
    client.request(options).onComplete(ar -> {
      if (aborted) {
        if (ar.succeeded()) {
          ar.result().reset(H2ExchangeImpl.CANCEL);
        }
      } else if (ar.failed()) {
        notWritten("no connection to " + where() + ": " + ar.cause().getMessage(), ar.cause());
      } else {
        sendHead(ar.result());
      }
    });
    return promise.future();
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
    long left = exchange.deadlineLeftNanos();
    if (left != Deadlines.NONE && out.contains(Deadlines.GRPC_TIMEOUT)) {
      out.set(Deadlines.GRPC_TIMEOUT, Deadlines.grpcTimeout(left)); // what is left, not what was
    }
    request.setChunked(true); // the length is unknown: HTTP/2 frames the body itself
    request.exceptionHandler(t -> { }); // failures arrive through the response future
    request.response().onComplete(this::onResponse);
    request.sendHead().onComplete(head -> {
      if (aborted) {
        return;
      }
      if (head.failed()) {
        request.reset(H2ExchangeImpl.CANCEL);
        notWritten("could not write to " + where() + ": " + head.cause().getMessage(),
            head.cause());
        return;
      }
      pumpRequestBody(request);
    });
  }

  private void pumpRequestBody(HttpClientRequest out) {
    HttpServerRequest in = exchange.request();
    if (in.isEnded()) {
      out.end();
      return;
    }
    in.handler(buf -> {
      requestBytes += buf.length();
      out.write(buf);
      if (out.writeQueueFull()) {
        in.pause();
        out.drainHandler(v -> resumeIfOpen(in));
      }
    });
    in.endHandler(v -> {
      if (!aborted) {
        out.end();
      }
    });
    in.resume();
  }

  private void resumeIfOpen(HttpServerRequest in) {
    if (!aborted && !in.isEnded()) {
      in.resume();
    }
  }

  private void onResponse(AsyncResult<HttpClientResponse> ar) {
    if (aborted) {
      return;
    }
    if (ar.failed()) {
      Throwable cause = ar.cause();
      if (cause instanceof StreamResetException reset) {
        if (reset.getCode() == H2ExchangeImpl.REFUSED_STREAM) {
          refused(reset); // the upstream did not process it: it may go elsewhere
        } else {
          upstreamReset(reset);
        }
      } else {
        lost("no response from " + where() + ": " + cause.getMessage(), cause);
      }
      return;
    }
    relay(ar.result());
  }

  private void relay(HttpClientResponse in) {
    if (!exchange.startRelay()) {
      abort();
      return;
    }
    HttpServerResponse out = exchange.response();
    int status = in.statusCode();
    out.setStatusCode(status);
    H2Headers.copyForward(in.headers(), out.headers());
    boolean trailersOnly = in.headers().contains(GrpcStatus.STATUS);
    int[] grpcStatus = {GrpcStatus.of(in.headers())};
    if (exchange.version() != HttpVersion.HTTP_2 && !out.headers().contains("content-length")) {
      out.setChunked(true); // HTTP/1.1 clients get trailers in the last chunk
    }
    in.handler(buf -> relayChunk(in, out, buf));
    in.exceptionHandler(this::responseBroke);
    in.endHandler(v -> {
      if (aborted) {
        return;
      }
      MultiMap trailers = in.trailers();
      if (!trailers.isEmpty()) {
        H2Headers.copyForward(trailers, out.trailers());
        int fromTrailers = GrpcStatus.of(trailers);
        if (fromTrailers != GrpcStatus.ABSENT) {
          grpcStatus[0] = fromTrailers;
        }
      }
      aborted = true; // done: nothing left to stop
      exchange.endRelay(status, grpcStatus[0]);
      promise.tryComplete(new H2Result(status, grpcStatus[0], requestBytes, responseBytes));
    });
    if (!trailersOnly) {
      out.writeHead(); // a streaming client sees the head before the first message
    }
  }

  private void relayChunk(HttpClientResponse in, HttpServerResponse out, Buffer buf) {
    if (aborted) {
      return;
    }
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
  }

  private void responseBroke(Throwable cause) {
    if (aborted) {
      return;
    }
    if (cause instanceof StreamResetException reset) {
      upstreamReset(reset);
    } else {
      lost("the response from " + where() + " broke off: " + cause.getMessage(), cause);
    }
  }

  private void refused(StreamResetException reset) {
    stop();
    exchange.notWritten(this);
    promise.tryFail(new H2ForwardException(where() + " refused the stream", reset, true, false));
  }

  /** The upstream reset its stream: the client's stream is reset with the same code. */
  private void upstreamReset(StreamResetException reset) {
    stop();
    long left = exchange.deadlineLeftNanos();
    if (left != Deadlines.NONE && left <= 0) {
      // The backend gave up on the deadline we forwarded (grpc-timeout) before our own timer
      // fired: the client's answer is still DEADLINE_EXCEEDED, not a bare reset.
      exchange.deadlineExceeded();
    } else {
      exchange.resetClient(reset.getCode());
    }
    promise.tryFail(new H2ForwardException(
        where() + " reset the stream (code " + reset.getCode() + ")", reset, false, true));
  }

  private void lost(String message, Throwable cause) {
    stop();
    exchange.upstreamLost(message);
    promise.tryFail(new H2ForwardException(message, cause, false, exchange.ended()));
  }

  private void notWritten(String message, Throwable cause) {
    aborted = true;
    exchange.notWritten(this);
    promise.tryFail(new H2ForwardException(message, cause, true, false));
  }

  /** The exchange ended first (client reset, deadline, router error): reset upstream. */
  void abort() {
    if (aborted) {
      return;
    }
    stop();
    promise.tryFail(new H2ForwardException("the exchange ended before the response did", null,
        false, true));
  }

  private void stop() {
    aborted = true;
    if (upstream != null) {
      upstream.reset(H2ExchangeImpl.CANCEL);
    }
    HttpServerRequest in = exchange.request();
    if (!in.isEnded()) {
      in.handler(null);
      in.endHandler(null);
    }
  }
}
