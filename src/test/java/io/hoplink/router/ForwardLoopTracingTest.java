package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.HoplinkConfig;
import io.hoplink.config.RouterConfig;
import io.hoplink.naming.Addr;
import io.hoplink.naming.Address;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Path;
import io.hoplink.naming.Var;
import io.hoplink.router.FakeExchange.FakeReply;
import io.hoplink.router.forward.ForwardFailure;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.tracing.LinkerdTracePropagatorPlugin;
import io.hoplink.router.tracing.RecordingReporter;
import io.hoplink.router.tracing.RequestTrace;
import io.hoplink.router.tracing.Tracer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import zipkin2.Span;

/** The spans of a whole request's attempts, written by {@link ForwardLoop} and {@link Attempt}. */
class ForwardLoopTracingTest {
  private final Vertx vertx = Vertx.vertx();
  private final FakeTimers clock = new FakeTimers();
  private final RecordingReporter reporter = new RecordingReporter();
  private ResiliencePolicies policies;
  private RouterRuntime runtime;

  @AfterEach
  void stop() throws Exception {
    runtime.close();
    policies.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A traced request through a loop whose classifier retries 503s of GETs after 100 ms. */
  private FakeExchange start() {
    RouterConfig config = HoplinkConfig.load("""
        routers:
        - protocol: http
          label: test
          servers: [{port: 0}]
          service:
            responseClassifier: {kind: io.l5d.http.retryableRead5XX}
            retries:
              backoff: {kind: constant, ms: 100}
        """, Main.plugins()).routers().get(0);
    Random random = new Random(7);
    policies = new ResiliencePolicies(config, Main.plugins(), vertx, random::nextLong, clock);
    runtime = new RouterRuntime(config, Metrics.newTree(), random::nextLong, clock, policies);
    RouteEnv env = new RouteEnv(runtime, clock, clock, clock::wallNanos, Listeners.of(Set.of()),
        5 * 1024);
    Tracer tracer = Tracer.sampling(List.of(reporter), 1.0, () -> clock.wallNanos() / 1000, clock,
        random::nextLong);
    FakeExchange exchange = new FakeExchange(HttpMethod.GET, 0, null);
    RequestTrace trace = tracer.forRouter("test", new LinkerdTracePropagatorPlugin()
        .newPropagator()).start(exchange);
    exchange.whenEnded(ended -> trace.end(ended.sentStatus()));
    NameTree<Name.Bound> tree = NameTree.leaf(new Name.Bound(Path.read("/#/io.l5d.fs/web"),
        Path.empty(), Var.value(Addr.bound(Set.of(Address.of("10.0.0.1", 80))))));
    new ForwardLoop(env, exchange, Path.read("/svc/web"), BoundTreePicker.of(tree), trace).start();
    return exchange;
  }

  private List<Span> clients() {
    return reporter.spans.stream().filter(s -> s.kind() == Span.Kind.CLIENT).toList();
  }

  @Test
  void eachAttemptHasItsSpanAndHeadersAndTheRetryIsAnnotated() {
    FakeExchange exchange = start();
    exchange.last().answer(new FakeReply(503));
    assertEquals(1, clients().size(), "the dropped attempt's span ends at once");
    clock.advance(Duration.ofMillis(100));
    FakeReply ok = new FakeReply(200);
    exchange.last().answer(ok);
    ok.finish(exchange);

    List<Span> clients = clients();
    Span server = reporter.only(Span.Kind.SERVER);
    assertEquals(3, reporter.spans.size());
    assertEquals("503", clients.get(0).tags().get("http.rsp.status"));
    assertEquals("0.0", clients.get(0).tags().get("l5d.success"));
    assertEquals("finagle.retry", clients.get(1).annotations().get(0).value());
    assertEquals("200", server.tags().get("http.rsp.status"));
    assertEquals("/svc/web", server.tags().get("service"));
    for (Span client : clients) {
      assertEquals(server.id(), client.parentId());
      assertEquals("/#/io.l5d.fs/web", client.tags().get("client"));
    }
    String first = exchange.sent.get(0).headers.get("l5d-ctx-trace");
    String second = exchange.sent.get(1).headers.get("l5d-ctx-trace");
    assertNotEquals(first, second, "a span per attempt");
  }

  @Test
  void aRequeuedAttemptIsAnnotatedAndTheFailedOneMarked() {
    FakeExchange exchange = start();
    FakeExchange.Sent first = exchange.last();
    first.fail(new ForwardFailure.NotSent(first.host + ":80", "no connection", null));
    FakeReply ok = new FakeReply(200);
    exchange.last().answer(ok);
    ok.finish(exchange);
    List<Span> clients = clients();
    assertEquals("no response", clients.get(0).tags().get("error"));
    assertEquals("hoplink.requeue", clients.get(1).annotations().get(0).value());
    assertTrue(reporter.only(Span.Kind.SERVER).tags().get("error") == null);
  }
}
