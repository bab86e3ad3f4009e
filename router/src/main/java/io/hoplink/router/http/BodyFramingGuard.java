package io.hoplink.router.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Answers a request body whose framing is broken (a bad chunk size, say) with a 400, on an
 * HTTP/1.x connection of an h2 router's port, which has no {@link ConnectionGuard}: Vert.x
 * alone closes the connection without a word. Inert on a connection upgraded to h2c, where
 * no HTTP/1.x messages pass.
 */
final class BodyFramingGuard extends ChannelDuplexHandler {
  private boolean responseStarted;

  /** Whether {@code msg} is a body part the decoder could not read. */
  static boolean brokenBody(Object msg) {
    return msg instanceof HttpContent content && !(msg instanceof HttpRequest)
        && content.decoderResult().isFailure();
  }

  /** Answers the broken {@code content} 400 and closes; nothing more is read. */
  static void refuse(ChannelHandlerContext ctx, HttpContent content) {
    String message = "malformed request body: " + content.decoderResult().cause().getMessage();
    ReferenceCountUtil.release(content);
    ctx.channel().config().setAutoRead(false);
    ctx.writeAndFlush(ConnectionGuard.errorResponse(HttpResponseStatus.BAD_REQUEST, message))
        .addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (brokenBody(msg) && !responseStarted) {
      refuse(ctx, (HttpContent) msg);
      return;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response
        && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
      responseStarted = true;
    }
    if (msg instanceof LastHttpContent) {
      responseStarted = false;
    }
    ctx.write(msg, promise);
  }
}
