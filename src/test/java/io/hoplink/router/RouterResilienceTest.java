package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Counter;
import io.hoplink.config.HoplinkConfig;
import io.hoplink.config.HostConnectionPoolConfig;
import io.hoplink.config.RouterConfig;
import io.hoplink.naming.Activity;
import io.hoplink.naming.Addr;
import io.hoplink.naming.Address;
import io.hoplink.naming.ConfiguredNamersInterpreter;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Namer;
import io.hoplink.naming.Path;
import io.hoplink.naming.Var;
import io.hoplink.router.forward.Frontend;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.upstream.UpstreamPoolOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The request path of a router in process: requeues, retries, failFast and per-client pools. */
class RouterResilienceTest {
  private final Vertx vertx = Vertx.vertx();
  private final Metrics metrics = Metrics.newTree();
  /** The endpoints of each service under {@code /#/test}. */
  private final Map<String, Set<Address>> endpoints = new ConcurrentHashMap<>();
  private RouterStack stack;
  private HttpClient client;

  @AfterEach
  void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A backend answering the status {@code answer} gives (-1: never); returns its request count. */
  private AtomicInteger backend(String service, ToIntFunction<HttpServerRequest> answer)
      throws Exception {
    AtomicInteger count = new AtomicInteger();
    HttpServer server = vertx.createHttpServer().requestHandler(req -> {
      count.incrementAndGet();
      int status = answer.applyAsInt(req);
      if (status > 0) {
        req.body().onSuccess(b -> req.response().setStatusCode(status).end("ok"));
      }
    });
    await(server.listen(0, "127.0.0.1"));
    endpoint(service, server.actualPort());
    return count;
  }

  private void endpoint(String service, int port) {
    endpoints.computeIfAbsent(service, s -> ConcurrentHashMap.newKeySet())
        .add(Address.of("127.0.0.1", port));
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static RouterConfig config(String keys) {
    return HoplinkConfig.load("""
        routers:
        - protocol: http
          label: test
          dtab: /svc => /#/test;
          servers: [{port: 0}]
        """ + keys.indent(2), Main.plugins()).routers().get(0);
  }

  private void start(String keys) throws Exception {
    Namer namer = path -> Activity.value(NameTree.leaf(new Name.Bound(
        Path.read("/#/test").concat(path.take(1)), path.drop(1),
        Var.value(Addr.bound(new HashSet<>(endpoints.getOrDefault(path.get(0), Set.of())))))));
    RouterConfig config = config(keys);
    ConfiguredNamersInterpreter interpreter =
        new ConfiguredNamersInterpreter(Map.of(Path.read("/#/test"), namer));
    stack = RouterStack.build(config, Main.plugins(), interpreter,
        io.hoplink.transformers.TransformerContext.system(() -> interpreter), vertx, metrics,
        Listeners.ofThisMachine());
    Frontend frontend = await(stack.startServer(config.servers().get(0)));
    client = HttpClient.newBuilder()
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", frontend.actualPort())))
        .build();
  }

  private HttpResponse<String> send(String method, String url) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(url))
        .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("x")
            : HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private long counter(String name) {
    Counter c = (Counter) metrics.snapshot().get("rt/test/" + name);
    return c == null ? 0 : c.getCount();
  }

  /** Counted once the response is written, which can be after the client has it. */
  private void awaitCounter(String name, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (counter(name) != expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(expected, counter(name), name);
  }

  @Test
  void aRefusedEndpointIsRequeuedToAnotherAndThenRemoved() throws Exception {
    AtomicInteger live = backend("web", req -> 200);
    endpoint("web", closedPort());
    start("");
    for (int i = 0; i < 30; i++) {
      assertEquals(200, send("GET", "http://web/").statusCode());
    }
    assertEquals(30, live.get());
    long requeues = counter("client/#/test/web/retries/requeues");
    assertTrue(requeues >= 1 && requeues <= 6, "requeues: " + requeues);
    assertEquals(1, counter("client/#/test/web/failure_accrual/removals"));
    awaitCounter("service/svc/web/success", 30);
  }

  @Test
  void aPostIsNeverRetriedUnderRetryableReadButAGetIsWithinTheBudget() throws Exception {
    AtomicInteger calls = backend("api", req -> 500);
    start("""
        service:
          responseClassifier: {kind: io.l5d.http.retryableRead5XX}
          retries: {budget: {minRetriesPerSec: 0, percentCanRetry: 1.0}}
        client:
          failureAccrual: {kind: none}
        """);
    HttpResponse<String> post = send("POST", "http://api/");
    assertEquals(500, post.statusCode());
    assertEquals(1, calls.get(), "the POST was sent once");
    assertEquals(Optional.of("0.0"), post.headers().firstValue("l5d-success-class"));
    assertEquals(Optional.of("false"), post.headers().firstValue("l5d-retryable"));

    HttpResponse<String> get = send("GET", "http://api/");
    assertEquals(500, get.statusCode());
    assertEquals(Optional.of("true"), get.headers().firstValue("l5d-retryable"));
    assertEquals(1 + 3, calls.get(), "the POST and the GET deposited a retry each: two retries");
    awaitCounter("service/svc/api/failures", 2);
    assertEquals(2, counter("service/svc/api/retries/total"));
    assertEquals(1, counter("service/svc/api/retries/budget_exhausted"));
    assertEquals(4, counter("client/#/test/api/failures"));
  }

  @Test
  void failFastAnswersAtOnceWhenEveryEndpointIsDown() throws Exception {
    AtomicInteger fast = backend("ff", req -> 500);
    AtomicInteger slow = backend("nf", req -> 500);
    start("""
        client:
          kind: io.l5d.static
          configs:
          - prefix: /#/test
            failureAccrual:
              kind: io.l5d.consecutiveFailures
              failures: 1
              backoff: {kind: constant, ms: 60000}
          - prefix: /#/test/ff
            failFast: true
        """);
    assertEquals(500, send("GET", "http://ff/").statusCode());
    HttpResponse<String> failed = send("GET", "http://ff/");
    assertEquals(502, failed.statusCode());
    assertTrue(failed.headers().firstValue("l5d-err").orElse("").contains("failFast"));
    assertEquals(1, fast.get());

    assertEquals(500, send("GET", "http://nf/").statusCode());
    assertEquals(500, send("GET", "http://nf/").statusCode(), "without failFast a down node is tried");
    assertEquals(2, slow.get());
  }

  @Test
  void anAttemptTimeoutThatIsNotRetriedIsA503() throws Exception {
    AtomicInteger stuck = backend("stuck", req -> -1);
    start("""
        client: {requestAttemptTimeoutMs: 100}
        """);
    HttpResponse<String> response = send("POST", "http://stuck/");
    assertEquals(503, response.statusCode());
    assertTrue(response.headers().firstValue("l5d-err").orElse("").contains("requestAttemptTimeoutMs"));
    assertEquals(1, stuck.get(), "a POST that timed out is not sent again");
  }

  @Test
  void poolSettingsApplyPerClient() throws Exception {
    assertEquals(new UpstreamPoolOptions(10, 5, Duration.ofSeconds(1), Duration.ofSeconds(5)),
        ResiliencePolicies.poolOptions(new HostConnectionPoolConfig(0, 10, Optional.of(Duration.ofSeconds(1)), 5)));
    assertEquals(UpstreamPoolOptions.defaults(),
        ResiliencePolicies.poolOptions(HostConnectionPoolConfig.defaults()));

    RouterConfig config = config("""
        client:
          kind: io.l5d.static
          configs:
          - prefix: /#/test/small
            hostConnectionPool: {maxSize: 2}
        """);
    try (ResiliencePolicies policies = new ResiliencePolicies(config, Main.plugins(), vertx,
        new java.util.SplittableRandom(1), System::nanoTime)) {
      ClientPolicy small = policies.client(Path.read("/#/test/small"), metrics.scope("a"));
      ClientPolicy big = policies.client(Path.read("/#/test/big"), metrics.scope("b"));
      ClientPolicy other = policies.client(Path.read("/#/test/other"), metrics.scope("c"));
      assertEquals(2, ((UpstreamPoolOptions) small.upstream().options()).maxSize());
      assertNotSame(small.upstream(), big.upstream());
      assertSame(big.upstream(), other.upstream(), "equal settings share one pool");
    }
  }
}
