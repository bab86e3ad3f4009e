package io.hoplink.router;

import io.vertx.core.Vertx;
import io.vertx.core.transport.Transport;

/**
 * What the event loops read and write sockets with: Linux's epoll through Netty's native library
 * where it loads (fewer objects per read and write than NIO's selector, and edge-triggered), NIO
 * otherwise. The system property {@code hoplink.transport} ({@code epoll}, {@code nio}; default:
 * the first that works) chooses; asking for epoll where it does not load is an error at start.
 */
public final class EventLoopTransport {
  public static final String PROPERTY = "hoplink.transport";

  private EventLoopTransport() {}

  /** A transport and the line that says why it was taken, logged once the router serves. */
  record Choice(Transport transport, String note) {}

  /** A Vert.x instance on the chosen transport, and the line to log about it. */
  public record Started(Vertx vertx, String note) {}

  /**
   * A Vert.x instance on the transport the property asks for.
   *
   * @throws IllegalArgumentException if the property names no transport, or epoll where it does
   *     not load
   */
  public static Started newVertx() {
    Choice choice = choose(System.getProperty(PROPERTY, "auto"), Transport.EPOLL);
    return new Started(Vertx.builder().withTransport(choice.transport()).build(), choice.note());
  }

  static Choice choose(String wanted, Transport epoll) {
    String onEpoll = "event loops on epoll (Netty's native transport)";
    switch (wanted) {
      case "nio" -> {
        return new Choice(Transport.NIO, "event loops on NIO (" + PROPERTY + "=nio)");
      }
      case "epoll" -> {
        if (!epoll.available()) {
          throw new IllegalArgumentException(PROPERTY + "=epoll, but epoll does not load: "
              + epoll.unavailabilityCause());
        }
        return new Choice(epoll, onEpoll);
      }
      case "auto" -> {
        if (epoll.available()) {
          return new Choice(epoll, onEpoll);
        }
        return new Choice(Transport.NIO, "event loops on NIO: epoll does not load here ("
            + epoll.unavailabilityCause() + ")");
      }
      default -> throw new IllegalArgumentException(PROPERTY + "=" + wanted
          + " (expected: epoll or nio)");
    }
  }
}
