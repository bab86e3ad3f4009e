package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.ConfigException;
import io.hoplink.config.HoplinkConfig;
import io.hoplink.naming.Addr;
import io.hoplink.naming.Address;
import io.hoplink.naming.Name;
import io.hoplink.naming.NamerContext;
import io.hoplink.naming.Path;
import io.hoplink.naming.Var;
import io.hoplink.router.telemetry.Metrics;
import io.vertx.core.Vertx;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a config reload keeps of the generation before, and what it builds again. */
class GenerationTest {
  @org.junit.jupiter.api.io.TempDir static java.nio.file.Path disco;
  private final Vertx vertx = Vertx.vertx();
  private final Metrics metrics = Metrics.newTree();
  private final Generation.Surroundings env = new Generation.Surroundings(Main.plugins(), vertx,
      NamerContext.system(), metrics, Listeners.of(Set.of()), null);

  @AfterEach
  void close() {
    vertx.close();
  }

  private static String config(String dtab, String slowBalancer, String namerPrefix) {
    return """
        namers:
        - {kind: io.l5d.fs, rootDir: %s, prefix: %s}
        routers:
        - protocol: http
          label: out
          dtab: %s
          servers: [{port: 0}]
          client:
            kind: io.l5d.static
            configs:
            - prefix: /$/inet/127.0.0.1/1
              loadBalancer: {kind: %s}
            - prefix: /$/inet/127.0.0.1/2
              loadBalancer: {kind: heap}
        """.formatted(disco, namerPrefix, dtab, slowBalancer);
  }

  private Generation build(String yaml, Generation before) {
    return Generation.build(HoplinkConfig.load(yaml, Main.plugins()), env, before);
  }

  /**
   * Waits for a retired generation to close: Vert.x closes after each test, and a retirement
   * still waiting on its timer then never closes the namers (an fs namer would go on listing
   * the deleted directory for the rest of the run).
   */
  private static void retired(io.vertx.core.Future<?> retirement) {
    try {
      retirement.toCompletionStage().toCompletableFuture()
          .get(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the retired generation did not close", e);
    }
  }

  private static Name.Bound bound(String id) {
    return new Name.Bound(Path.read(id), Path.empty(),
        Var.value(new Addr.Bound(Set.of(Address.of("127.0.0.1", 1)))));
  }

  @Test
  void aDtabChangeKeepsTheNamersAndEachRoutersClients() {
    Generation first = build(config("/svc => /$/inet/127.0.0.1/1", "ewma", "/io.l5d.fs"), null);
    BoundClient client = first.router("out").runtime().client(bound("/$/inet/127.0.0.1/1"));
    Generation next = build(config("/svc => /$/inet/127.0.0.1/2", "ewma", "/io.l5d.fs"), first);
    assertSame(first.namers, next.namers);
    assertSame(first.router("out").core(), next.router("out").core());
    assertSame(client, next.router("out").runtime().client(bound("/$/inet/127.0.0.1/1")));
    assertEquals("router 'out': dtab", next.changesSince(first));
    retired(first.retire(next, vertx, metrics, java.time.Duration.ofSeconds(1)));
    next.close();
  }

  @Test
  void aClientChangeRebuildsThatClientAndKeepsTheOthers() {
    Generation first = build(config("/svc => /$/inet/127.0.0.1/1", "ewma", "/io.l5d.fs"), null);
    BoundClient changed = first.router("out").runtime().client(bound("/$/inet/127.0.0.1/1"));
    BoundClient unchanged = first.router("out").runtime().client(bound("/$/inet/127.0.0.1/2"));
    Generation next = build(config("/svc => /$/inet/127.0.0.1/1", "p2c", "/io.l5d.fs"), first);
    assertNotSame(first.router("out").core(), next.router("out").core());
    next.adoptClients(first);
    RouterRuntime runtime = next.router("out").runtime();
    assertSame(unchanged, runtime.client(bound("/$/inet/127.0.0.1/2")),
        "the client whose prefix config is unchanged keeps its balancer and pool");
    BoundClient rebuilt = runtime.client(bound("/$/inet/127.0.0.1/1"));
    assertNotSame(changed, rebuilt);
    assertTrue(rebuilt.state().get("loadBalancer").toString().contains("P2c"),
        rebuilt.state().toString());
    assertEquals("router 'out': client (clients rebuilt)", next.changesSince(first));
    retired(first.retire(next, vertx, metrics, java.time.Duration.ofSeconds(1)));
    next.close();
  }

  @Test
  void otherNamersRebuildEverything() {
    Generation first = build(config("/svc => /$/inet/127.0.0.1/1", "ewma", "/io.l5d.fs"), null);
    Generation next = build(config("/svc => /$/inet/127.0.0.1/1", "ewma", "/disco"), first);
    assertNotSame(first.namers, next.namers);
    assertNotSame(first.router("out").core(), next.router("out").core());
    assertEquals("namers", next.changesSince(first));
    retired(first.retire(next, vertx, metrics, java.time.Duration.ofSeconds(1)));
    next.close();
  }

  @Test
  void aConfigThatDoesNotBuildLeavesTheGenerationBeforeWhole() {
    Generation first = build(config("/svc => /$/inet/127.0.0.1/1", "ewma", "/io.l5d.fs"), null);
    BoundClient client = first.router("out").runtime().client(bound("/$/inet/127.0.0.1/1"));
    assertThrows(ConfigException.class,
        () -> build(config("/svc => ", "ewma", "/io.l5d.fs"), first));
    assertSame(client, first.router("out").runtime().client(bound("/$/inet/127.0.0.1/1")),
        "the core the failed build would have kept is still open and the same");
    first.close();
  }

  @Test
  void theTracerIsKeptWhileTelemetryIsAlikeAndRebuiltWhenItChanges() throws Exception {
    String zipkin =
        "telemetry:\n- {kind: io.l5d.zipkin, host: 127.0.0.1, port: 1, sampleRate: %s}\n";
    String routers = config("/svc => /$/inet/127.0.0.1/1", "ewma", "/io.l5d.fs");
    Generation first = build(routers + zipkin.formatted("0.5"), null);
    assertNotSame(io.hoplink.router.tracing.Tracer.NOOP, first.tracer);
    Generation same = build(routers + zipkin.formatted("0.5"), first);
    assertSame(first.tracer, same.tracer);
    retired(first.retire(same, vertx, metrics, java.time.Duration.ofSeconds(1)));
    Generation changed = build(routers + zipkin.formatted("1.0"), same);
    assertNotSame(same.tracer, changed.tracer);
    assertEquals("telemetry", changed.changesSince(same));
    assertThrows(ConfigException.class, () -> build(routers + zipkin.formatted("1.0")
        + "- {kind: io.l5d.zipkin}\n", changed), "two telemeters of one kind");
    retired(same.retire(changed, vertx, metrics, java.time.Duration.ofSeconds(1)));
    changed.close();
  }
}
