package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Counter;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
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
import io.hoplink.router.h2.H2TestKit;
import io.hoplink.router.forward.Frontend;
import io.hoplink.router.telemetry.Metrics;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An h2 router built from YAML, as the process builds it, with grpc-java on both sides. */
class H2RouterTest {
  private static final int CALLS = 6000;
  @TempDir
  java.nio.file.Path disco;
  private final List<H2TestKit.Backend> backends = new ArrayList<>();
  private final Metrics metrics = Metrics.newTree();
  private Vertx vertx;
  private RouterStack router;
  private Namer namer;
  private int port;

  @BeforeEach
  void start() throws Exception {
    StringBuilder endpoints = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      H2TestKit.Backend backend = H2TestKit.backend("b" + i);
      backends.add(backend);
      endpoints.append("127.0.0.1 ").append(backend.port()).append('\n');
    }
    Files.writeString(disco.resolve("test.Echo"), endpoints);
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
          service: {responseClassifier: {kind: io.l5d.h2.grpc.default}}
        """.formatted(disco), plugins);
    PluginConfig namerConfig = config.namers().get(0);
    @SuppressWarnings("unchecked")
    NamerPlugin<NamerConfig> plugin =
        (NamerPlugin<NamerConfig>) plugins.registry("namer").of(namerConfig);
    namer = plugin.newNamer((NamerConfig) namerConfig, NamerContext.system());
    Map<Path, Namer> namers = new HashMap<>();
    namers.put(((NamerConfig) namerConfig).dtabPrefix(), namer);
    vertx = Vertx.vertx();
    RouterConfig routerConfig = config.routers().get(0);
    ConfiguredNamersInterpreter interpreter = new ConfiguredNamersInterpreter(namers);
    router = RouterStack.build(routerConfig, plugins, interpreter,
        io.hoplink.transformers.TransformerContext.system(() -> interpreter), vertx, metrics,
        Listeners.ofThisMachine());
    Frontend frontend = router.startServer(routerConfig.servers().get(0))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    port = frontend.actualPort();
  }

  @AfterEach
  void stop() throws Exception {
    router.close();
    namer.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    for (H2TestKit.Backend backend : backends) {
      backend.close();
    }
  }

  private long counter(String name) {
    Counter counter = (Counter) metrics.snapshot().get(name);
    return counter == null ? 0 : counter.getCount();
  }

  /** CALLS unary calls, up to 32 at once, on one channel. */
  private static void callMany(io.grpc.Channel channel) throws Exception {
    Semaphore inFlight = new Semaphore(32);
    List<CompletableFuture<byte[]>> calls = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) {
      inFlight.acquire();
      CompletableFuture<byte[]> call = H2TestKit.unary(channel, new byte[0]);
      call.whenComplete((r, e) -> inFlight.release());
      calls.add(call);
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
  }

  @Test
  void oneChannelThroughTheRouterSpreadsStreamsEvenlyOverThreeBackends() throws Exception {
    ManagedChannel channel = H2TestKit.channel(port);
    try {
      callMany(channel);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    // Streams are balanced one by one, not per connection (which would give one backend all
    // 6000). Least-loaded sends more to whichever backend answers faster at the moment, and on a
    // busy machine one may for a while: runs gave 1937 to 2061 calls each, and once in about
    // seven runs one backend 2215 or 2287. So: within a quarter of an even share.
    for (H2TestKit.Backend backend : backends) {
      int calls = backend.calls();
      assertTrue(Math.abs(calls - CALLS / 3) <= CALLS / 12,
          backend.name() + " took " + calls + " of " + CALLS + " (even: " + CALLS / 3 + " +- 25%)");
    }
    String prefix = "rt/grpc/service/svc/test.Echo/";
    assertEquals(CALLS, counter(prefix + "requests"));
    assertEquals(CALLS, counter(prefix + "success"));
    assertEquals(CALLS, counter("rt/grpc/client/#/io.l5d.fs/test.Echo/requests"));
  }

  @Test
  void oneChannelDirectToTheSameBackendsSendsEverythingToOne() throws Exception {
    ManagedChannel channel = H2TestKit.pickFirstChannel(
        backends.stream().map(H2TestKit.Backend::port).toList());
    try {
      callMany(channel);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    List<Integer> calls = backends.stream().map(H2TestKit.Backend::calls).sorted().toList();
    assertEquals(List.of(0, 0, CALLS), calls, "gRPC balances connections, not calls");
  }

  @Test
  void aGrpcErrorIsAFailureInServiceAndClientMetricsUnderAGrpcClassifier() {
    ManagedChannel channel = H2TestKit.channel(port);
    try {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> H2TestKit.fail(channel));
      assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    } finally {
      channel.shutdownNow();
    }

    assertEquals(1, counter("rt/grpc/service/svc/test.Echo/failures"));
    assertEquals(1, counter("rt/grpc/client/#/io.l5d.fs/test.Echo/failures"));
    assertEquals(1, counter("rt/grpc/service/svc/test.Echo/status/200"));
  }

  @Test
  void anUnknownServiceIsUnavailableWithTheRoutersMessage() {
    ManagedChannel channel = H2TestKit.channel(port);
    try {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () ->
          ClientCalls.blockingUnaryCall(channel, H2TestKit.method("other.Service/Call"),
              CallOptions.DEFAULT, new byte[0]));
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
      assertTrue(e.getStatus().getDescription().contains("/svc/other.Service"),
          e.getStatus().getDescription());
    } finally {
      channel.shutdownNow();
    }
  }
}
