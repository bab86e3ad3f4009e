package io.hoplink.router.forward;

import io.netty.channel.Channel;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.streams.ReadStream;

/**
 * The body of a response from an HTTP/1.1 upstream, whose connection carries nothing else while
 * it streams: pausing it stops reading the connection at once. Vert.x alone pauses a connection
 * only after 16 messages have queued behind a paused response, which held some 70 KB of heap
 * for each client that reads slowly; here it is what one read brings.
 */
final class ConnectionPausingBody implements ReadStream<Buffer> {
  private final HttpClientResponse response;
  private final Channel channel;
  private boolean paused;

  private ConnectionPausingBody(HttpClientResponse response, Channel channel) {
    this.response = response;
    this.channel = channel;
  }

  /**
   * {@code response}'s body, pausing its connection ({@code channel}) where it has one of its
   * own.
   */
  static ReadStream<Buffer> of(HttpClientResponse response, Channel channel, boolean http1) {
    return http1 ? new ConnectionPausingBody(response, channel) : response;
  }

  @Override
  public ReadStream<Buffer> pause() {
    paused = true;
    response.pause();
    channel.config().setAutoRead(false);
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    paused = false;
    response.resume(); // what was queued is handled now, and may pause it again
    if (!paused) {
      channel.config().setAutoRead(true);
    }
    return this;
  }

  /** The response is dropped: its connection reads again (to its close, or for the next use). */
  void readOn() {
    channel.config().setAutoRead(true);
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    response.fetch(amount);
    return this;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    response.exceptionHandler(handler);
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    response.handler(handler);
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    response.endHandler(endHandler);
    return this;
  }
}
