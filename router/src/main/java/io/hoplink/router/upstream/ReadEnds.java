package io.hoplink.router.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an upstream connection's reads end: the decoders handle what one read of the connection
 * brings before the read is passed on, so a response's body chunk can wait there to see whether
 * the response's end came in the same read, and then leave together with it (one HTTP/2 DATA
 * frame that ends the stream, one write of an HTTP/1.1 response's last bytes). What waits is let
 * go when the read has been handled, before Netty's read loop looks at auto-read again: a chunk
 * whose write pauses the upstream pauses it before the next read, as one written at once does.
 * Lives on the connection's event loop: {@link #reading()} and {@link #atEnd} are for that
 * loop's thread only.
 */
public final class ReadEnds extends ChannelInboundHandlerAdapter {
  /** What waits for the end of the read in progress. */
  public interface Waiter {
    /** The read ended (or the connection closed): whatever was kept back goes now. */
    void readEnded();
  }

  private static final AttributeKey<ReadEnds> KEY = AttributeKey.valueOf("hoplink.readEnds");
  private static final String NAME = "hoplinkReadEnds";

  private final Channel channel;
  private final List<Waiter> waiting = new ArrayList<>();
  /** Reads being handled: one, or more where handling a read reads again. */
  private int depth;
  private boolean releasing;

  private ReadEnds(Channel channel) {
    this.channel = channel;
  }

  /** Watches {@code channel}'s reads: where its bytes arrive decrypted, before any decoder. */
  public static void install(Channel channel) {
    ReadEnds ends = new ReadEnds(channel);
    ChannelPipeline pipeline = channel.pipeline();
    SslHandler tls = pipeline.get(SslHandler.class);
    if (tls != null) {
      pipeline.addAfter(pipeline.context(tls).name(), NAME, ends);
    } else {
      pipeline.addFirst(NAME, ends);
    }
    channel.attr(KEY).set(ends);
  }

  /** {@code channel}'s read ends; null where {@link #install} did not watch it. */
  public static ReadEnds of(Channel channel) {
    return channel.attr(KEY).get();
  }

  /**
   * Whether the caller runs within a read of this connection, on its event loop: then the read's
   * end is sure to come, and {@link #atEnd} may be called.
   */
  public boolean reading() {
    return depth > 0 && channel.eventLoop().inEventLoop();
  }

  /** Calls {@code waiter} once, when the read in progress ends; within {@link #reading()}. */
  public void atEnd(Waiter waiter) {
    waiting.add(waiter);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    depth++;
    try {
      ctx.fireChannelRead(msg);
    } finally {
      if (--depth == 0) {
        release();
      }
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    release(); // a close in the middle of a read: nothing more of it will come
    ctx.fireChannelInactive();
  }

  private void release() {
    if (releasing) {
      return; // a waiter's write closed the connection: the walk below goes on
    }
    releasing = true;
    try {
      for (int i = 0; i < waiting.size(); i++) {
        waiting.get(i).readEnded();
      }
    } finally {
      waiting.clear();
      releasing = false;
    }
  }
}
