package io.hoplink.router;

import io.hoplink.config.Protocol;
import io.hoplink.config.RouterConfig;
import io.hoplink.config.ServerConfig;
import io.hoplink.router.forward.Dispatcher;
import io.hoplink.router.forward.Exchange;
import io.hoplink.router.telemetry.Metrics;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * The routers' listening servers, across config reloads. A server whose settings a reload leaves
 * as they were keeps its socket and its connections and only switches to the new router; a
 * changed one at the same address binds beside the old (Vert.x shares the socket) before the old
 * drains, so no connection is refused; one that moved or went drains; a new one binds. Changed
 * from plaintext to TLS or back at one address, the old must close before the new can bind.
 */
final class ServerSlots {
  private static final Logger LOG = Logger.getLogger("hoplink");
  /** How long a server that had to wait for its address keeps trying to bind it. */
  private static final Duration REBIND_WITHIN = Duration.ofSeconds(5);

  private final Listeners listeners;
  private final Metrics metrics;
  /** The servers listening now; changed on the reload thread (or at start) only. */
  private final List<Slot> open = new java.util.concurrent.CopyOnWriteArrayList<>();

  ServerSlots(Listeners listeners, Metrics metrics) {
    this.listeners = listeners;
    this.metrics = metrics;
  }

  /** A dispatcher that a reload points at the new router. */
  static final class Switch implements Dispatcher {
    private volatile Dispatcher to;

    Switch(Dispatcher to) {
      this.to = to;
    }

    @Override
    public void dispatch(Exchange exchange) {
      to.dispatch(exchange);
    }

    @Override
    public Dispatcher admit(Exchange exchange) {
      return to.admit(exchange); // then dispatched to the router that took it, not a newer one
    }
  }

  /** One listening server of a router. */
  record Slot(String label, ServerConfig server, Object settings, Switch target,
      RouterStack.Served served) {
    int port() {
      return served.frontend().actualPort();
    }

    boolean at(String label, ServerConfig other) {
      return this.label.equals(label) && server.ip().equals(other.ip())
          && server.port() == other.port();
    }
  }

  /**
   * What a reload does to the servers once its generation is in force. A started server beside
   * its predecessor at one address dispatches to the router in force until then, with the
   * certificates in force: a reload refused after it bound must not have served anything new.
   */
  record Plan(List<Slot> kept, List<RouterStack> keptTargets, List<Slot> started,
      List<Rebind> startedFor, List<Slot> retired, List<Rebind> rebinds) {}

  /** A server whose address is taken by its predecessor until that one has closed. */
  record Rebind(RouterStack router, ServerConfig server) {}

  /** Everything a server's connections depend on: equal settings keep the server as it is. */
  private static Object settings(RouterConfig router, ServerConfig server) {
    return List.of(router.protocol(), server.toPlain(),
        router.protocol() == Protocol.HTTP ? router.http().toPlain() : "");
  }

  /** Binds {@code server} of {@code router}; {@link #commit} then counts it as open. */
  Future<Slot> open(RouterStack router, ServerConfig server) {
    return open(router, server, router);
  }

  /** As above, dispatching to {@code first} until switched. */
  private Future<Slot> open(RouterStack router, ServerConfig server, Dispatcher first) {
    Switch target = new Switch(first);
    return router.startServer(server, target).map(served -> new Slot(router.config().label(),
        server, settings(router.config(), server), target, served));
  }

  void commit(Slot slot) {
    open.add(slot);
    listeners.add(slot.server().ip(), slot.port());
  }

  boolean any() {
    return !open.isEmpty();
  }

  /**
   * Binds what the routers of {@code next} add or change, without touching a server in use; on
   * a failure closes what it bound and fails with the first bind's error.
   */
  Future<Plan> prepare(Generation next) {
    List<Slot> kept = new ArrayList<>();
    List<RouterStack> keptTargets = new ArrayList<>();
    List<Slot> retired = new ArrayList<>(open);
    List<Rebind> rebinds = new ArrayList<>();
    List<Rebind> fresh = new ArrayList<>();
    List<Rebind> beside = new ArrayList<>(); // at an address a server with other settings holds
    for (RouterStack router : next.routers) {
      String label = router.config().label();
      for (ServerConfig server : router.config().servers()) {
        Slot old = open.stream().filter(s -> s.at(label, server)).findFirst().orElse(null);
        if (old != null && old.settings().equals(settings(router.config(), server))) {
          kept.add(old);
          keptTargets.add(router);
          retired.remove(old);
        } else if (old != null && old.server().tls().isPresent() != server.tls().isPresent()) {
          rebinds.add(new Rebind(router, server));
        } else if (old != null) {
          beside.add(new Rebind(router, server));
        } else {
          fresh.add(new Rebind(router, server));
        }
      }
    }
    List<Slot> started = new ArrayList<>();
    List<Rebind> startedFor = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    fresh.addAll(beside);
    for (Rebind bind : fresh) {
      Slot predecessor = open.stream().filter(o -> o.at(bind.router().config().label(),
          bind.server())).findFirst().orElse(null);
      Dispatcher first = predecessor == null ? bind.router() : predecessor.target().to;
      chain = chain.compose(v -> open(bind.router(), bind.server(), first).recover(e ->
          Future.failedFuture(new IllegalStateException("could not bind router '"
              + bind.router().config().label() + "' server " + bind.server().ip() + ":"
              + bind.server().port() + ": " + e.getMessage(), e)))
          .map(slot -> {
            started.add(slot);
            startedFor.add(bind);
            return null;
          }));
    }
    return chain.map(v -> new Plan(kept, keptTargets, started, startedFor, retired, rebinds))
        .recover(e -> {
          List<Future<Void>> closing = new ArrayList<>();
          for (Slot slot : started) {
            slot.served().stopWatching();
            closing.add(slot.served().frontend().drain(Duration.ZERO));
          }
          return Future.join(closing).transform(ignored -> Future.failedFuture(e));
        });
  }

  /**
   * Puts {@code plan} in force: kept servers dispatch to the new routers, new ones count as
   * open, retired ones drain within {@code grace}; completes once every server of the new
   * config listens (a rebound one may wait for its predecessor to let go of its address).
   */
  Future<Void> switchTo(Plan plan, Duration grace) {
    for (int i = 0; i < plan.kept().size(); i++) {
      plan.kept().get(i).target().to = plan.keptTargets().get(i);
    }
    List<Future<Boolean>> certificates = new ArrayList<>();
    for (int i = 0; i < plan.started().size(); i++) {
      Slot slot = plan.started().get(i);
      Rebind bind = plan.startedFor().get(i);
      slot.target().to = bind.router();
      if (plan.retired().stream().anyMatch(old -> old.at(slot.label(), slot.server()))) {
        certificates.add(bind.router().applyTls(slot.served().frontend(), bind.server())
            .onFailure(e -> LOG.warning("router '" + slot.label() + "' server "
                + slot.server().ip() + ":" + slot.port() + ": the new config's certificates"
                + " were refused (" + e.getMessage() + "); the ones before stay in use")));
      }
      commit(slot);
    }
    List<Future<Void>> drained = new ArrayList<>();
    for (Slot slot : plan.retired()) {
      open.remove(slot);
      listeners.remove(slot.server().ip(), slot.port());
      slot.served().stopWatching();
      boolean stays = open.stream().anyMatch(s -> s.at(slot.label(), slot.server()));
      Future<Void> drain = slot.served().frontend().drain(grace);
      drain.onComplete(ignored -> {
        if (!stays && open.stream().noneMatch(s -> s.at(slot.label(), slot.server()))) {
          metrics.scope("rt", slot.label(), "server", slot.server().ip() + "/"
              + slot.server().port()).removeAll();
        }
      });
      plan.rebinds().stream().filter(r -> slot.at(r.router().config().label(), r.server()))
          .findFirst().ifPresent(r -> drained.add(drain));
    }
    // A server whose address its predecessor holds binds once that one has closed: bound
    // earlier, Vert.x would add it to the closing server's socket, and it would close with it.
    Future<Void> all = Future.join(drained).transform(ignored -> Future.join(certificates))
        .transform(ignored -> Future.succeededFuture());
    for (Rebind bind : plan.rebinds()) {
      all = all.compose(v -> rebind(bind, System.nanoTime() + REBIND_WITHIN.toNanos()));
    }
    return all;
  }

  private Future<Void> rebind(Rebind bind, long untilNanos) {
    return open(bind.router(), bind.server()).compose(slot -> {
      commit(slot);
      return Future.<Void>succeededFuture();
    }, e -> {
      if (System.nanoTime() - untilNanos < 0) {
        io.vertx.core.Promise<Void> later = io.vertx.core.Promise.promise();
        bind.router().vertx().setTimer(50, id -> rebind(bind, untilNanos).onComplete(later));
        return later.future();
      }
      LOG.severe("router '" + bind.router().config().label() + "' server "
          + bind.server().ip() + ":" + bind.server().port() + " could not bind again after"
          + " its TLS setting changed: " + e.getMessage());
      return Future.succeededFuture();
    });
  }

  /** Drains every server, at shutdown. */
  Future<Void> drainAll(Duration grace) {
    List<Future<Void>> drains = new ArrayList<>();
    for (Slot slot : open) {
      slot.served().stopWatching();
      drains.add(slot.served().frontend().drain(grace));
    }
    return Future.join(drains).mapEmpty();
  }

  /** For tests and the admin page: the ports the servers of {@code label} listen on. */
  List<Integer> ports(String label) {
    return open.stream().filter(s -> Objects.equals(s.label(), label)).map(Slot::port).toList();
  }
}
