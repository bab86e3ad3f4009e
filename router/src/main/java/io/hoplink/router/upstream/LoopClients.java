package io.hoplink.router.upstream;

import static java.util.Objects.requireNonNull;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.ClientSSLOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * A Vert.x HTTP client for each event loop that forwards through it, up to {@code loops} of
 * them. Vert.x's pool hands a request any idle connection, whichever event loop it lives on; a
 * request from another loop then crosses threads for its head, its body and every response event
 * (a task queue and a wake-up each time). With a client of its own, a loop's requests only find
 * connections made on that loop, as in Envoy's per-worker pools.
 *
 * <p>The clients are made up front ({@code make.apply(i)} for share {@code i}, so each may take
 * its share of limits that bound all of them together) and handed to loops in the order the
 * loops first forward. A loop past the first {@code loops}, and a caller off any event loop, use
 * client 0: the bounds stay exact, at the cost of the crossing.
 */
final class LoopClients {
  private final List<HttpClient> clients;
  /** Every loop that has forwarded (a bounded set: Vert.x's), with the client it uses. */
  private final Map<EventLoop, HttpClient> byLoop = new ConcurrentHashMap<>();
  /** Guarded by this: the clients handed to a loop of their own so far. */
  private int handedOut;

  LoopClients(int loops, IntFunction<HttpClient> make) {
    if (loops < 1) {
      throw new IllegalArgumentException("loops: " + loops + " (expected: >= 1)");
    }
    List<HttpClient> made = new ArrayList<>(loops);
    for (int i = 0; i < loops; i++) {
      made.add(requireNonNull(make.apply(i), "client"));
    }
    this.clients = List.copyOf(made);
  }

  /** The client of the calling thread's event loop. */
  HttpClient current() {
    EventLoop loop = callersLoop();
    if (loop == null || clients.size() == 1) {
      return clients.get(0);
    }
    HttpClient client = byLoop.get(loop);
    return client != null ? client : assign(loop);
  }

  private static EventLoop callersLoop() {
    Context context = Vertx.currentContext();
    return context instanceof ContextInternal internal && context.isEventLoopContext()
        ? internal.nettyEventLoop() : null;
  }

  /** Once per loop: a loop past the first {@code loops} is remembered too, with client 0. */
  private synchronized HttpClient assign(EventLoop loop) {
    return byLoop.computeIfAbsent(loop,
        l -> clients.get(handedOut < clients.size() ? handedOut++ : 0));
  }

  /** New TLS settings for the connections every client makes from now on. */
  Future<Boolean> updateSsl(ClientSSLOptions options) {
    List<Future<Boolean>> updates = new ArrayList<>();
    for (HttpClient client : clients) {
      updates.add(((HttpClientAgent) client).updateSSLOptions(options));
    }
    return Future.all(updates).map(all -> updates.stream().anyMatch(Future::result));
  }

  Future<Void> close() {
    List<Future<Void>> closes = new ArrayList<>();
    for (HttpClient client : clients) {
      closes.add(client.close());
    }
    return Future.all(closes).mapEmpty();
  }
}
