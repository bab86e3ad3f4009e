package io.hoplink.router.http;

import io.hoplink.router.forward.RouterError;
import io.hoplink.router.hop.HopHeaders;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.net.impl.ShutdownEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sits between Netty's HTTP codec and Vert.x on one server connection: refuses bad request
 * heads (see {@link RequestHeadCheck}), and runs the request-head, idle and lifetime timers,
 * which need to see raw bytes and decoded heads that Vert.x never exposes. Everything runs on
 * the channel's event loop.
 */
final class ConnectionGuard extends ChannelDuplexHandler {
  /** How long a quiet keep-alive connection stays open once the server drains. */
  static final Duration DRAIN_QUIET = Duration.ofMillis(500);
  private final GuardSettings settings;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> headTimer;
  private ScheduledFuture<?> idleTimer;
  private ScheduledFuture<?> lifeTimer;
  private boolean headStarted; // bytes of a request head arrived, the head is not decoded yet
  private boolean inRequest; // a head was decoded, the body has not ended
  private int openResponses; // requests whose final response is not written yet
  private boolean rejected;
  private boolean lifeOver;
  private boolean informational;
  private boolean closeAfterResponse;
  private boolean responseStarted; // the final response's head went out; its end has not
  // The head and idle timers are moved on lazily (one schedule per timeout, not per request):
  // each remembers when its count began and, when it fires early, waits out the rest.
  private long headStartedNanos;
  private long quietSinceNanos;
  private Duration idleLimit;

  ConnectionGuard(GuardSettings settings) {
    this.settings = settings;
  }

  /** The companion handler placed before the decoder, to see bytes of a head arriving. */
  ChannelHandler byteWatch() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext c, Object msg) {
        if (msg instanceof ByteBuf buf && buf.isReadable()) {
          onBytes();
        }
        c.fireChannelRead(msg);
      }
    };
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    idleLimit = settings.idleTime();
    quietSinceNanos = System.nanoTime();
    idleTimer = schedule(idleLimit, this::onIdle);
    lifeTimer = schedule(settings.lifeTime(), this::onLifeOver);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancelTimers();
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancelTimers();
  }

  private void onBytes() {
    if (inRequest || rejected) {
      return;
    }
    if (!headStarted) {
      headStarted = true;
      headStartedNanos = System.nanoTime();
    }
    if (headTimer == null) {
      headTimer = schedule(settings.headTimeout(), this::onHeadTimeout);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (rejected) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (BodyFramingGuard.brokenBody(msg) && !responseStarted) {
      rejected = true;
      inRequest = false;
      BodyFramingGuard.refuse(ctx, (HttpContent) msg);
      return;
    }
    if (msg instanceof HttpRequest request) {
      headStarted = false;
      inRequest = !(msg instanceof LastHttpContent);
      openResponses++;
      if (request.decoderResult().isSuccess()) {
        RequestRejectedException refusal = RequestHeadCheck.check(request);
        if (refusal != null) {
          request.setDecoderResult(DecoderResult.failure(refusal));
        }
      }
      if (request.decoderResult().isFailure()) {
        // Vert.x answers through the invalid-request handler and closes; read nothing more.
        rejected = true;
        inRequest = false;
        ctx.channel().config().setAutoRead(false);
      }
    } else if (msg instanceof LastHttpContent) {
      inRequest = false;
    }
    ctx.fireChannelRead(msg);
  }

  /**
   * The server is shutting down (a drain). Vert.x would close a connection at once unless a
   * response is in progress, dropping a request whose head is still arriving, or read but not
   * yet dispatched, or on its way from a keep-alive client that just had its last response.
   * The guard keeps the event instead: a request on the connection is answered, with
   * {@code Connection: close} since the server drains, and the connection closes after it; a
   * connection that stays quiet for {@link #DRAIN_QUIET} is closed then (at the latest, the
   * drain's grace ends it).
   */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof ShutdownEvent) {
      idleTimer = cancel(idleTimer);
      idleLimit = DRAIN_QUIET;
      idleTimer = schedule(DRAIN_QUIET, this::onIdle);
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response) {
      informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
      if (!informational) {
        responseStarted = true;
        if (lifeOver || rejected || settings.draining().getAsBoolean()) {
          response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        closeAfterResponse = response.headers()
            .containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
      }
    }
    if (msg instanceof LastHttpContent && !informational) {
      boolean close = closeAfterResponse;
      promise = promise.unvoid();
      promise.addListener(f -> onResponseWritten(close));
    }
    ctx.write(msg, promise);
  }

  private void onResponseWritten(boolean close) {
    openResponses--;
    responseStarted = false;
    if (close) {
      ctx.close();
    } else if (quiet()) {
      quietSinceNanos = System.nanoTime();
      if (idleTimer == null) {
        idleTimer = schedule(idleLimit, this::onIdle);
      }
    }
  }

  /** No request in flight and no head arriving. */
  private boolean quiet() {
    return openResponses <= 0 && !inRequest && !headStarted;
  }

  private void onIdle() {
    idleTimer = null;
    if (!quiet()) {
      return; // the response that ends this request schedules the count anew
    }
    long left = idleLimit.toNanos() - (System.nanoTime() - quietSinceNanos);
    if (left > 0) {
      idleTimer = schedule(Duration.ofNanos(left), this::onIdle);
    } else {
      ctx.close();
    }
  }

  private void onLifeOver() {
    lifeTimer = null;
    lifeOver = true;
    if (quiet()) {
      ctx.close();
    }
  }

  private void onHeadTimeout() {
    headTimer = null;
    if (!headStarted || inRequest) {
      return; // the next head's first bytes schedule the count anew
    }
    long left = settings.headTimeout().toNanos() - (System.nanoTime() - headStartedNanos);
    if (left > 0) {
      headTimer = schedule(Duration.ofNanos(left), this::onHeadTimeout);
      return;
    }
    if (openResponses > 0) {
      ctx.close(); // an earlier response is still being written: no room for a 408
      return;
    }
    rejected = true;
    String message = "request head not received within " + settings.headTimeout().toMillis()
        + " ms";
    ctx.writeAndFlush(timeoutResponse(message)).addListener(ChannelFutureListener.CLOSE);
  }

  private static FullHttpResponse timeoutResponse(String message) {
    return errorResponse(HttpResponseStatus.REQUEST_TIMEOUT, message);
  }

  static FullHttpResponse errorResponse(HttpResponseStatus status, String message) {
    ByteBuf body = Unpooled.copiedBuffer(message + "\n", StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    response.headers()
        .set(HopHeaders.ERR, RouterError.headerValue(message))
        .set(HttpHeaderNames.CONTENT_TYPE, RouterError.CONTENT_TYPE)
        .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return response;
  }

  private ScheduledFuture<?> schedule(Duration delay, Runnable task) {
    if (delay.isZero() || delay.isNegative()) {
      return null;
    }
    return ctx.executor().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  private static ScheduledFuture<?> cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
    return null;
  }

  private void cancelTimers() {
    headTimer = cancel(headTimer);
    idleTimer = cancel(idleTimer);
    lifeTimer = cancel(lifeTimer);
  }
}
