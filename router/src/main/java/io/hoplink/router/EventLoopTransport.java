package io.hoplink.router;

import io.vertx.core.Vertx;
import io.vertx.core.transport.Transport;
import java.util.logging.Logger;

/**
 * What the event loops read and write sockets with: Linux's epoll through Netty's native library
 * where it loads (fewer objects per read and write than NIO's selector, and edge-triggered), NIO
 * otherwise. The system property {@code hoplink.transport} ({@code epoll}, {@code nio}; default:
 * the first that works) chooses; asking for epoll where it does not load is an error at start.
 */
public final class EventLoopTransport {
  private static final Logger LOG = Logger.getLogger("hoplink");
  public static final String PROPERTY = "hoplink.transport";

  private EventLoopTransport() {}

  /**
   * A Vert.x instance on the transport the property asks for, the choice logged in one line.
   *
   * @throws IllegalArgumentException if the property names no transport, or epoll where it does
   *     not load
   */
  public static Vertx newVertx() {
    Transport transport = choose(System.getProperty(PROPERTY, "auto"), Transport.EPOLL);
    return Vertx.builder().withTransport(transport).build();
  }

  static Transport choose(String wanted, Transport epoll) {
    switch (wanted) {
      case "nio" -> {
        LOG.info("event loops on NIO (" + PROPERTY + "=nio)");
        return Transport.NIO;
      }
      case "epoll" -> {
        if (!epoll.available()) {
          throw new IllegalArgumentException(PROPERTY + "=epoll, but epoll does not load: "
              + epoll.unavailabilityCause());
        }
        LOG.info("event loops on epoll (Netty's native transport)");
        return epoll;
      }
      case "auto" -> {
        if (epoll.available()) {
          LOG.info("event loops on epoll (Netty's native transport)");
          return epoll;
        }
        LOG.info("event loops on NIO: epoll does not load here (" + epoll.unavailabilityCause()
            + ")");
        return Transport.NIO;
      }
      default -> throw new IllegalArgumentException(PROPERTY + "=" + wanted
          + " (expected: epoll or nio)");
    }
  }
}
