package io.hoplink.router.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** Writes admin responses with their Content-Type. */
final class Replies {
  static final String JSON = "application/json; charset=utf-8";
  static final String TEXT = "text/plain; charset=utf-8";
  static final String HTML = "text/html; charset=utf-8";

  private Replies() {}

  static Future<Void> send(HttpServerRequest request, int status, String type, CharSequence body) {
    return request.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, type)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .end(Buffer.buffer(body.toString()));
  }

  /** A JSON error document: {@code {"error": message}}. */
  static void error(HttpServerRequest request, int status, String message) {
    send(request, status, JSON, JsonText.of(Map.of("error", String.valueOf(message)), false));
  }

  /** Plain data, or a {@link Future} of it, as JSON; {@code ?pretty=1} indents. */
  static void json(HttpServerRequest request, Object value) {
    if (value instanceof Future<?> future) {
      future.onComplete(done -> {
        if (done.succeeded()) {
          json(request, done.result());
        } else {
          failed(request, done.cause());
        }
      });
      return;
    }
    send(request, 200, JSON, JsonText.of(value, flag(request, "pretty")));
  }

  /** Renders a large document on a worker thread so the event loop stays free. */
  static void rendered(Vertx vertx, HttpServerRequest request, String type,
      Consumer<StringBuilder> render) {
    vertx.executeBlocking(() -> {
      StringBuilder out = new StringBuilder(16 * 1024);
      render.accept(out);
      return out;
    }, false).onComplete(done -> {
      if (done.succeeded()) {
        send(request, 200, type, done.result());
      } else {
        failed(request, done.cause());
      }
    });
  }

  /**
   * Renders a large page on a worker thread and sends it as it is written ({@link ChunkedReply}):
   * {@code render} appends to the text it is given and calls the part consumer whenever what it
   * wrote so far may go out. A failure after the first chunk resets the stream.
   */
  static void streamed(Vertx vertx, HttpServerRequest request, String type,
      BiConsumer<StringBuilder, Consumer<StringBuilder>> render) {
    ChunkedReply reply = new ChunkedReply(request, type);
    vertx.executeBlocking(() -> {
      StringBuilder out = new StringBuilder(ChunkedReply.CHUNK + ChunkedReply.CHUNK / 4);
      render.accept(out, reply::part);
      reply.last(out);
      return null;
    }, false).onFailure(cause -> {
      if (reply.started()) {
        request.response().reset();
      } else {
        failed(request, cause);
      }
    });
  }

  /** 400 for bad input, 500 for anything else. */
  static void failed(HttpServerRequest request, Throwable cause) {
    if (request.response().ended() || request.response().headWritten()) {
      return;
    }
    if (cause instanceof IllegalArgumentException) {
      error(request, 400, cause.getMessage());
    } else {
      error(request, 500, cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }
  }

  /** A query flag such as {@code pretty=1} or {@code tree=true}. */
  static boolean flag(HttpServerRequest request, String name) {
    String value = request.getParam(name);
    return "1".equals(value) || "true".equalsIgnoreCase(value);
  }
}
