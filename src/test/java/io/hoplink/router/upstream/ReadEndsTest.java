package io.hoplink.router.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadEndsTest {
  /** What the handler behind the read ends saw of them, in order. */
  private final List<String> events = new ArrayList<>();

  /** What the handler behind the read ends does with a read, given the channel's read ends. */
  private interface OnRead {
    void read(EmbeddedChannel channel, ReadEnds ends, Object msg);
  }

  /** A watched channel whose handler behind the read ends does {@code onRead} with each read. */
  private EmbeddedChannel watched(OnRead onRead) {
    EmbeddedChannel channel = new EmbeddedChannel();
    ReadEnds.install(channel);
    ReadEnds ends = ReadEnds.of(channel);
    channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        onRead.read(channel, ends, msg);
      }

      @Override
      public void channelReadComplete(ChannelHandlerContext ctx) {
        events.add("read complete");
      }
    });
    return channel;
  }

  /** A channel whose reads each start a waiter, as a kept chunk does, while reading() says so. */
  private EmbeddedChannel watched() {
    return watched((channel, ends, msg) -> {
      events.add("read " + msg + ", reading: " + ends.reading());
      if (ends.reading()) {
        ends.atEnd(() -> events.add("waiter of " + msg));
      }
    });
  }

  @Test
  void waitersRunOnceTheirReadIsHandled() {
    EmbeddedChannel channel = watched();
    channel.writeInbound("a", "b");
    assertEquals(List.of("read a, reading: true", "waiter of a", "read b, reading: true",
        "waiter of b", "read complete"), events);
  }

  @Test
  void aReadWithinAReadEndsWithTheOuterOne() {
    EmbeddedChannel channel = watched((ch, ends, msg) -> {
      ends.atEnd(() -> events.add("waiter of " + msg));
      if (msg.equals("outer")) {
        ch.pipeline().fireChannelRead("inner");
        events.add("inner handled, reading: " + ends.reading());
      }
    });
    channel.writeInbound("outer");
    assertEquals(List.of("inner handled, reading: true", "waiter of outer", "waiter of inner",
        "read complete"), events);
  }

  @Test
  void betweenReadsNothingReads() {
    EmbeddedChannel channel = watched();
    channel.writeInbound("a");
    assertFalse(ReadEnds.of(channel).reading());
  }

  @Test
  void aConnectionThatClosesWhileAReadIsHandledReleasesItsWaiters() {
    EmbeddedChannel channel = watched((ch, ends, msg) -> {
      ends.atEnd(() -> events.add("waiter of " + msg));
      ch.pipeline().fireChannelInactive(); // as a close within the read delivers it
      events.add("closed");
    });
    channel.writeInbound("a");
    assertEquals(List.of("waiter of a", "closed", "read complete"), events);
  }

  @Test
  void onATlsConnectionItSeesTheDecryptedReads() throws Exception {
    EmbeddedChannel channel = new EmbeddedChannel();
    SslHandler tls = SslContextBuilder.forClient()
        .trustManager(InsecureTrustManagerFactory.INSTANCE).build().newHandler(channel.alloc());
    channel.pipeline().addLast("tls", tls);
    ReadEnds.install(channel);
    List<String> names = channel.pipeline().names();
    assertEquals(names.indexOf("tls") + 1, names.indexOf("hoplinkReadEnds"), names::toString);
    assertSame(ReadEnds.of(channel), channel.pipeline().get("hoplinkReadEnds"));
  }

  @Test
  void anUnwatchedChannelHasNone() {
    assertNull(ReadEnds.of(new EmbeddedChannel()));
  }
}
