package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Counter;
import io.hoplink.config.HoplinkConfig;
import io.hoplink.config.PluginConfig;
import io.hoplink.config.Plugins;
import io.hoplink.config.RouterConfig;
import io.hoplink.naming.ConfiguredNamersInterpreter;
import io.hoplink.naming.Namer;
import io.hoplink.naming.NamerConfig;
import io.hoplink.naming.NamerContext;
import io.hoplink.naming.NamerPlugin;
import io.hoplink.naming.Path;
import io.hoplink.router.forward.Frontend;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.transformers.TransformerContext;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * An h2 router labelled {@code grpc}, built from YAML as the process builds it: gRPC calls are
 * named by {@code io.l5d.header.path} and bound through an {@code io.l5d.fs} directory, so
 * {@code test.Echo} calls go to the endpoints of file {@code test.Echo}.
 */
final class H2RouterFixture implements AutoCloseable {
  final Metrics metrics = Metrics.newTree();
  private final Vertx vertx = Vertx.vertx();
  private final Namer namer;
  private final RouterStack router;
  private final int port;
  /** The router's server (its h2 state, for tests that look inside). */
  final Frontend frontend;

  /** {@code extra}: more keys of the router (client, service), indented by two spaces. */
  H2RouterFixture(java.nio.file.Path disco, String extra) throws Exception {
    Plugins plugins = Main.plugins();
    HoplinkConfig config = HoplinkConfig.load("""
        namers:
        - kind: io.l5d.fs
          rootDir: %s
        routers:
        - protocol: h2
          label: grpc
          identifier: {kind: io.l5d.header.path}
          dtab: /svc => /#/io.l5d.fs;
          servers: [{port: 0}]
        %s
        """.formatted(disco, extra), plugins);
    PluginConfig namerConfig = config.namers().get(0);
    @SuppressWarnings("unchecked")
    NamerPlugin<NamerConfig> plugin =
        (NamerPlugin<NamerConfig>) plugins.registry("namer").of(namerConfig);
    namer = plugin.newNamer((NamerConfig) namerConfig, NamerContext.system());
    Map<Path, Namer> namers = Map.of(((NamerConfig) namerConfig).dtabPrefix(), namer);
    RouterConfig routerConfig = config.routers().get(0);
    ConfiguredNamersInterpreter interpreter = new ConfiguredNamersInterpreter(namers);
    router = RouterStack.build(routerConfig, plugins, interpreter,
        TransformerContext.system(() -> interpreter), vertx, metrics,
        Listeners.ofThisMachine());
    frontend = router.startServer(routerConfig.servers().get(0))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    port = frontend.actualPort();
  }

  /** Writes the endpoints of {@code service} (127.0.0.1 and these ports) into {@code disco}. */
  static void endpoints(java.nio.file.Path disco, String service, List<Integer> ports)
      throws IOException {
    Files.writeString(disco.resolve(service), ports.stream()
        .map(p -> "127.0.0.1 " + p + "\n").collect(Collectors.joining()));
  }

  int port() {
    return port;
  }

  /** The ids of the router's event-loop threads (a test's backends run loops of their own). */
  java.util.Set<Long> eventLoopThreadIds() throws Exception {
    java.util.Set<Long> ids = new java.util.HashSet<>();
    for (io.netty.util.concurrent.EventExecutor loop
        : ((io.vertx.core.internal.VertxInternal) vertx).nettyEventLoopGroup()) {
      ids.add(loop.submit(() -> Thread.currentThread().getId()).get(10, TimeUnit.SECONDS));
    }
    return ids;
  }

  long counter(String name) {
    Counter counter = (Counter) metrics.snapshot().get(name);
    return counter == null ? 0 : counter.getCount();
  }

  /** Polls {@code condition} every 10 ms for up to 20 s: a stream is counted once it ended. */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() throws Exception {
    router.close();
    namer.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
