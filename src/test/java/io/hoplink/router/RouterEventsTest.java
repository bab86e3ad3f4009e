package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hoplink.config.HoplinkConfig;
import io.hoplink.config.RouterConfig;
import io.hoplink.naming.Addr;
import io.hoplink.naming.Address;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Path;
import io.hoplink.naming.Var;
import io.hoplink.router.forward.ForwardFailure;
import io.hoplink.router.logging.RateLimitedLog;
import io.hoplink.router.telemetry.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The router's event lines as requests and discovery make them: a dead endpoint's 502 is one
 * upstream error line, failure accrual's removals and revivals and each discovery change are one
 * line, and each kind is rate-limited per key.
 */
class RouterEventsTest {
  private static final Path NAME = Path.read("/svc/web");
  private final Vertx vertx = Vertx.vertx();
  private final FakeTimers clock = new FakeTimers();
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private ResiliencePolicies policies;

  @AfterEach
  void stop() throws Exception {
    if (policies != null) {
      policies.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private RouterEvents events() {
    Logger logger = Logger.getLogger("hoplink.test.events." + System.nanoTime());
    logger.setUseParentHandlers(false);
    logger.setLevel(Level.ALL);
    logger.addHandler(new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    });
    return new RouterEvents("test", new RateLimitedLog(logger, RouterEvents.INTERVAL, clock,
        RateLimitedLog.Later.NEVER));
  }

  private List<String> lines() {
    return records.stream().map(LogRecord::getMessage).toList();
  }

  private RouterRuntime runtime(String keys) {
    RouterConfig config = HoplinkConfig.load("""
        routers:
        - protocol: http
          label: test
          dtab: /svc => /#/io.l5d.fs;
          servers: [{port: 0}]
        """ + keys.indent(2), Main.plugins()).routers().get(0);
    Random random = new Random(7);
    policies = new ResiliencePolicies(config, Main.plugins(), vertx, random::nextLong, clock,
        null, events());
    return new RouterRuntime(config, Metrics.newTree(), random::nextLong, clock, policies);
  }

  private static Name.Bound bound(Var<Addr> addr) {
    return new Name.Bound(Path.read("/#/io.l5d.fs/web"), Path.empty(), addr);
  }

  @Test
  void aDeadEndpointIsA502AndOneUpstreamErrorLine() {
    RouterRuntime runtime = runtime("");
    RouteEnv env = new RouteEnv(runtime, clock, clock, clock::wallNanos,
        Listeners.of(Set.of()), 5 * 1024);
    var tree = BoundTreePicker.of(NameTree.leaf(bound(Var.value(Addr.bound(
        Set.of(Address.of("10.0.0.9", 80)))))));
    for (int i = 0; i < 3; i++) {
      FakeExchange exchange = new FakeExchange(HttpMethod.POST, 0, null);
      new ForwardLoop(env, exchange, NAME, tree).start();
      exchange.last().fail(new ForwardFailure.Broken("10.0.0.9:80",
          "no response from 10.0.0.9:80: Connection reset", null, true));
      assertEquals(502, exchange.answered);
    }
    List<String> upstream = lines().stream().filter(l -> l.startsWith("upstream error")).toList();
    assertEquals(List.of("upstream error router=test service=/svc/web client=/#/io.l5d.fs/web"
        + " endpoint=10.0.0.9:80 status=502 reason=\"no response from 10.0.0.9:80: Connection"
        + " reset\""), upstream, "one line, the next two held back");
    clock.advance(RouterEvents.INTERVAL);
    FakeExchange later = new FakeExchange(HttpMethod.POST, 0, null);
    new ForwardLoop(env, later, NAME, tree).start();
    later.last().fail(new ForwardFailure.Broken("10.0.0.9:80", "no response", null, true));
    String last = lines().get(lines().size() - 1);
    assertEquals(true, last.startsWith("upstream error") && last.endsWith(" suppressed=2"), last);
  }

  @Test
  void failureAccrualRemovalsAndRevivalsAreOneLineEach() {
    RouterRuntime runtime = runtime("""
        client:
          failureAccrual: {kind: io.l5d.consecutiveFailures, failures: 2,
            backoff: {kind: constant, ms: 1000}}
        """);
    BoundClient client = runtime.client(bound(Var.value(Addr.bound(
        Set.of(Address.of("10.0.0.9", 80))))));
    var node = client.pick();
    var accrual = client.policy().accrual();
    accrual.failed(node);
    accrual.failed(node);
    clock.advance(Duration.ofMillis(1000));
    accrual.beforePick();
    accrual.dispatched(node);
    accrual.succeeded(node);
    List<String> accrualLines = lines().stream().filter(l -> l.startsWith("failure accrual"))
        .toList();
    assertEquals(List.of("failure accrual removed router=test client=/#/io.l5d.fs/web"
        + " endpoint=10.0.0.9:80 forMs=1000 after=failures"), accrualLines,
        "the revival shares the endpoint's key: held back within 10 s");
    clock.advance(RouterEvents.INTERVAL);
    accrual.failed(node);
    accrual.failed(node);
    assertEquals("failure accrual removed router=test client=/#/io.l5d.fs/web"
        + " endpoint=10.0.0.9:80 forMs=1000 after=failures suppressed=1",
        lines().get(lines().size() - 1));
  }

  @Test
  void eachDiscoveryChangeSaysWhatItAddedAndRemoved() {
    RouterRuntime runtime = runtime("");
    Var.Settable<Addr> addr = Var.settable(Addr.PENDING);
    runtime.client(bound(addr));
    assertEquals(List.of(), lines(), "nothing known yet");
    addr.set(Addr.bound(Set.of(Address.of("10.0.0.2", 80), Address.of("10.0.0.1", 80))));
    assertEquals(List.of("discovery router=test client=/#/io.l5d.fs/web"
        + " added=\"10.0.0.1:80 10.0.0.2:80\" removed=\"\" endpoints=2"), lines());
    clock.advance(RouterEvents.INTERVAL);
    addr.set(Addr.PENDING); // keeps the endpoints: nothing to say
    addr.set(Addr.bound(Set.of(Address.of("10.0.0.2", 80), Address.of("10.0.0.3", 80))));
    assertEquals("discovery router=test client=/#/io.l5d.fs/web added=\"10.0.0.3:80\""
        + " removed=\"10.0.0.1:80\" endpoints=2", lines().get(1));
    clock.advance(RouterEvents.INTERVAL);
    addr.set(Addr.NEG);
    assertEquals("discovery router=test client=/#/io.l5d.fs/web added=\"\""
        + " removed=\"10.0.0.2:80 10.0.0.3:80\" endpoints=0", lines().get(2));
    assertEquals(3, lines().size());
  }

  @Test
  void aLongListIsCut() {
    RouterRuntime runtime = runtime("");
    Set<Address> many = new java.util.HashSet<>();
    for (int i = 10; i < 30; i++) {
      many.add(Address.of("10.0.0." + i, 80));
    }
    runtime.client(bound(Var.value(Addr.bound(many))));
    assertEquals("discovery router=test client=/#/io.l5d.fs/web added=\"10.0.0.10:80"
        + " 10.0.0.11:80 10.0.0.12:80 10.0.0.13:80 10.0.0.14:80 10.0.0.15:80 10.0.0.16:80"
        + " 10.0.0.17:80 and 12 more\" removed=\"\" endpoints=20", lines().get(0));
  }
}
