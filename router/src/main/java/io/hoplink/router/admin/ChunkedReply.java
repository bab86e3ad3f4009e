package io.hoplink.router.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A page sent while a worker thread writes it: each {@link #part} of at least {@link #CHUNK}
 * characters goes out as one HTTP chunk and the text is emptied, so a page of megabytes is never
 * held whole (with 1000 clients, whole copies of the Prometheus page were 30 MB of garbage a
 * scrape, and full collections in the DaemonSet's 96 MB heap). A page shorter than a chunk goes
 * out as one response with its length. The worker waits while the connection's write queue is
 * full, at most {@link #STALL_SECONDS} each time.
 */
final class ChunkedReply {
  static final int CHUNK = 32 * 1024;
  static final long STALL_SECONDS = 30;

  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final String type;
  private boolean started;

  ChunkedReply(HttpServerRequest request, String type) {
    this.request = request;
    this.response = request.response();
    this.type = type;
  }

  /** Sends what {@code text} holds once it is a chunk or more, and empties it. */
  void part(StringBuilder text) {
    if (text.length() < CHUNK) {
      return;
    }
    if (!started) {
      started = true;
      response.setStatusCode(200).setChunked(true)
          .putHeader(HttpHeaders.CONTENT_TYPE, type)
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    }
    awaitRoom();
    response.write(Buffer.buffer(text.toString()));
    text.setLength(0);
  }

  /** Sends the rest and ends the response. */
  void last(StringBuilder text) {
    if (!started) {
      Replies.send(request, 200, type, text);
      return;
    }
    awaitRoom();
    response.end(Buffer.buffer(text.toString()));
  }

  /** True once part of the page went out: a failure can then only reset the stream. */
  boolean started() {
    return started;
  }

  private void awaitRoom() {
    if (response.closed()) {
      throw new UncheckedIOException(new java.io.IOException("the client went away"));
    }
    if (!response.writeQueueFull()) {
      return;
    }
    CompletableFuture<Void> room = new CompletableFuture<>();
    response.drainHandler(v -> room.complete(null));
    response.closeHandler(v -> room.completeExceptionally(
        new java.io.IOException("the client went away")));
    if (!response.writeQueueFull() || response.closed()) {
      room.complete(null); // drained (or closed) before the handlers were set
    }
    try {
      room.get(STALL_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the client was reading", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the client stopped reading the page", e);
    }
  }
}
