package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.Test;

class EventLoopTransportTest {
  /** epoll as a machine without its native library sees it. */
  private static final Transport MISSING = new Transport() {
    @Override
    public String name() {
      return "epoll";
    }

    @Override
    public boolean available() {
      return false;
    }

    @Override
    public Throwable unavailabilityCause() {
      return new UnsatisfiedLinkError("no netty_transport_native_epoll_riscv64");
    }

    @Override
    public io.vertx.core.spi.transport.Transport implementation() {
      throw new UnsupportedOperationException();
    }
  };

  @Test
  void epollLoadsOnThisLinuxMachineFromTheJarsNatives() {
    assertTrue(Transport.EPOLL.available(), () -> "epoll: " + Transport.EPOLL.unavailabilityCause());
    assertSame(Transport.EPOLL, EventLoopTransport.choose("auto", Transport.EPOLL).transport());
    assertSame(Transport.EPOLL, EventLoopTransport.choose("epoll", Transport.EPOLL).transport());
  }

  @Test
  void nioWhenAskedFor() {
    assertSame(Transport.NIO, EventLoopTransport.choose("nio", Transport.EPOLL).transport());
  }

  @Test
  void autoFallsBackToNioWhereEpollDoesNotLoad() {
    EventLoopTransport.Choice choice = EventLoopTransport.choose("auto", MISSING);
    assertSame(Transport.NIO, choice.transport());
    assertEquals("event loops on NIO: epoll does not load here (java.lang.UnsatisfiedLinkError:"
        + " no netty_transport_native_epoll_riscv64)", choice.note());
  }

  @Test
  void askingForEpollWhereItDoesNotLoadIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EventLoopTransport.choose("epoll", MISSING));
    assertEquals("hoplink.transport=epoll, but epoll does not load: java.lang.UnsatisfiedLinkError:"
        + " no netty_transport_native_epoll_riscv64", e.getMessage());
  }

  @Test
  void anUnknownTransportIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EventLoopTransport.choose("io_uring", Transport.EPOLL));
    assertEquals("hoplink.transport=io_uring (expected: epoll or nio)", e.getMessage());
  }
}
