package io.hoplink.router.identity.issuer;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many connections the issuer holds, and for how long: a router opens one connection per
 * request, so a connection lives at most {@link #MAX_LIFE_MS} (a client that trickles a byte
 * within every idle timeout would otherwise hold it for hours), one client address holds at most
 * {@link #PER_CLIENT} at once and all together at most {@link #MAX_CONNECTIONS}: a few slow
 * clients cannot take every connection from the routers.
 */
final class ConnectionLimits {
  static final int MAX_CONNECTIONS = 512;
  static final int PER_CLIENT = 16;
  static final long MAX_LIFE_MS = 30_000;

  private final Vertx vertx;
  private final RefusalLog refusals;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<String, AtomicInteger> byClient = new ConcurrentHashMap<>();

  ConnectionLimits(Vertx vertx, RefusalLog refusals) {
    this.vertx = vertx;
    this.refusals = refusals;
  }

  /** A new connection: kept, or closed at once when over a limit. */
  void admit(HttpConnection connection) {
    String client = connection.remoteAddress() == null ? "unknown"
        : connection.remoteAddress().hostAddress();
    AtomicInteger own = byClient.computeIfAbsent(client, c -> new AtomicInteger());
    int fromClient = own.incrementAndGet();
    int all = open.incrementAndGet();
    long timer = vertx.setTimer(MAX_LIFE_MS, id -> connection.close());
    connection.closeHandler(v -> {
      vertx.cancelTimer(timer);
      open.decrementAndGet();
      if (own.decrementAndGet() == 0) {
        byClient.remove(client, own);
      }
    });
    if (fromClient > PER_CLIENT || all > MAX_CONNECTIONS) {
      refusals.note("too many connections", fromClient > PER_CLIENT
          ? "over " + PER_CLIENT + " connections at once from " + client
          : "over " + MAX_CONNECTIONS + " connections at once; closing one from " + client);
      connection.close();
    }
  }
}
