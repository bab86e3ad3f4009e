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
 * Where an upstream connection's reads end: what one read of the connection brings is handled
 * before its end, so a response's body chunk can wait there to see whether the response's end
 * came in the same read, and then leave together with it (one HTTP/2 DATA frame that ends the
 * stream, one write of an HTTP/1.1 response's last bytes). Lives on the connection's event loop:
 * {@link #reading()} and {@link #atEnd} are for that loop's thread only.
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
  private boolean reading;

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
    return reading && channel.eventLoop().inEventLoop();
  }

  /** Calls {@code waiter} once, when the read in progress ends; within {@link #reading()}. */
  public void atEnd(Waiter waiter) {
    waiting.add(waiter);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    reading = true;
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    reading = false;
    release();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    reading = false;
    release();
    ctx.fireChannelInactive();
  }

  private void release() {
    // by index: nothing starts waiting while no read is on, but a waiter's writes must not
    // break the walk
    for (int i = 0; i < waiting.size(); i++) {
      waiting.get(i).readEnded();
    }
    waiting.clear();
  }
}
