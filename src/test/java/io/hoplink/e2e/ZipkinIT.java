package io.hoplink.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.sun.net.httpserver.Headers;
import io.hoplink.router.telemetry.zipkin.ScribeReceiver;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/**
 * Zipkin tracing on the packaged jar, one process with a DaemonSet's two routers in a chain
 * (outgoing -> incoming -> backend): the spans of one request, recorded by both routers, reach
 * an HTTP collector (io.zipkin.http) and a Scribe collector (io.l5d.zipkin) as one trace whose
 * parent and child ids link the four spans; with both collectors down, requests are unaffected
 * and the dropped spans are counted, as are the batches an HTTP collector answers 503 to. The
 * HTTP collector is WireMock: its request journal keeps what was POSTed, whatever it answered.
 */
class ZipkinIT {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String SPANS = "/api/v2/spans";

  @TempDir Path dir;

  /**
   * Zipkin's HTTP collector API on a WireMock server (127.0.0.1, a free port): {@code POST
   * /api/v2/spans} answers {@code status}; the spans are read back from WireMock's request
   * journal, whatever the answer was.
   */
  private static WireMockServer collector(int status) {
    WireMockServer server = new WireMockServer(WireMockConfiguration.options()
        .bindAddress("127.0.0.1").dynamicPort().notifier(new ConsoleNotifier(false)));
    server.start();
    server.stubFor(post(urlEqualTo(SPANS)).willReturn(aResponse().withStatus(status)));
    return server;
  }

  /** Every span POSTed to {@code collector} so far (the journal holds gzipped bodies unzipped). */
  private static List<Span> spans(WireMockServer collector) {
    List<Span> spans = new ArrayList<>();
    for (LoggedRequest request : collector.findAll(postRequestedFor(urlEqualTo(SPANS)))) {
      spans.addAll(SpanBytesDecoder.JSON_V2.decodeList(request.getBody()));
    }
    return spans;
  }

  private static String config(Path disco, String propagator, int httpPort, int scribePort) {
    return """
        admin:
          port: 0
        namers:
        - kind: io.l5d.fs
          rootDir: %1$s
        routers:
        - protocol: http
          label: outgoing
          dtab: /svc/hello => /#/io.l5d.fs/incoming;
          tracePropagator: {kind: %2$s}
          servers: [{port: 0}]
        - protocol: http
          label: incoming
          dtab: /svc => /#/io.l5d.fs;
          tracePropagator: {kind: %2$s}
          servers: [{port: 0}]
        telemetry:
        - kind: io.zipkin.http
          host: 127.0.0.1:%3$d
          initialSampleRate: 1.0
        - kind: io.l5d.zipkin
          host: 127.0.0.1
          port: %4$d
          sampleRate: 1.0
        """.formatted(disco, propagator, httpPort, scribePort);
  }

  /** Starts the routers, then points outgoing's name for incoming at the port it got. */
  private HoplinkProcess start(String config, Path disco) throws Exception {
    HoplinkProcess router = HoplinkProcess.start(dir, config);
    Files.writeString(disco.resolve("incoming"), "127.0.0.1 " + router.port("incoming") + "\n");
    return router;
  }

  private Path disco(TestBackend backend) throws Exception {
    Path disco = Files.createDirectories(dir.resolve("disco-" + System.nanoTime()));
    Files.writeString(disco.resolve("hello"), "127.0.0.1 " + backend.port() + "\n");
    return disco;
  }

  /** GET http://hello/ through outgoing as a proxy until it answers 200 (the first read). */
  private static HttpResponse<String> getUntilOk(HoplinkProcess router, Map<String, String> headers)
      throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", router.port("outgoing"))))
        .build();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://hello/"))
          .timeout(Duration.ofSeconds(10));
      headers.forEach(request::header);
      HttpResponse<String> response = client.send(request.build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200 || System.nanoTime() > deadline) {
        return response;
      }
      HoplinkProcess.pause();
    }
  }

  private static <T> T await(Supplier<T> read, java.util.function.Predicate<T> ready, String what,
      HoplinkProcess router) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    T value = read.get();
    while (!ready.test(value)) {
      if (System.nanoTime() > deadline) {
        fail("no " + what + " within " + PATIENCE + ": " + value + "\n" + router.log());
      }
      HoplinkProcess.pause();
      value = read.get();
    }
    return value;
  }

  /** The four spans of {@code traceId}, keyed by "<router> <kind>". */
  private static Map<String, Span> trace(List<Span> spans, String traceId) {
    return spans.stream().filter(s -> s.traceId().equals(traceId))
        .collect(Collectors.toMap(s -> s.localServiceName() + " " + s.kind(), s -> s,
            (a, b) -> { throw new AssertionError("two " + a.localServiceName() + " " + a.kind()
                + " spans: " + a + " " + b); }));
  }

  private static void assertChain(Map<String, Span> trace, int incomingPort, int backendPort) {
    Span outServer = trace.get("outgoing SERVER");
    Span outClient = trace.get("outgoing CLIENT");
    Span inServer = trace.get("incoming SERVER");
    Span inClient = trace.get("incoming CLIENT");
    assertNull(outServer.parentId(), "the trace starts at outgoing: " + outServer);
    assertEquals(outServer.id(), outClient.parentId());
    assertEquals(outClient.id(), inServer.parentId(), "incoming continues outgoing's attempt");
    assertEquals(inServer.id(), inClient.parentId());
    assertEquals("/svc/hello", outServer.tags().get("service"));
    assertEquals("200", outServer.tags().get("http.rsp.status"));
    assertEquals("/#/io.l5d.fs/incoming", outClient.tags().get("client"));
    assertEquals(incomingPort, outClient.remoteEndpoint().portAsInt());
    assertEquals("/#/io.l5d.fs/hello", inClient.tags().get("client"));
    assertEquals(backendPort, inClient.remoteEndpoint().portAsInt());
    assertEquals("127.0.0.1", inServer.remoteEndpoint().ipv4());
    assertEquals("200", inClient.tags().get("http.rsp.status"));
  }

  private static long metric(HoplinkProcess router, String name) {
    try {
      Object value = new JsonObject(router.admin("/admin/metrics.json")).getValue(name);
      return value instanceof Number n ? n.longValue() : -1;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void oneRequestIsOneTraceAcrossBothRoutersAtBothCollectors() throws Exception {
    WireMockServer http = collector(202);
    try (TestBackend backend = new TestBackend("hello");
        ScribeReceiver scribe = new ScribeReceiver()) {
      Path disco = disco(backend);
      try (HoplinkProcess router = start(config(disco, "io.l5d.default", http.port(),
          scribe.port()), disco)) {
        HttpResponse<String> response = getUntilOk(router, Map.of());
        assertEquals(200, response.statusCode(), response.body() + "\n" + router.log());
        Headers seen = backend.seenHeaders().get(backend.seenHeaders().size() - 1);
        // Linkerd's l5d-reqid is the trace id; l5d-ctx-trace holds incoming's attempt.
        String traceId = seen.getFirst("l5d-reqid");
        ByteBuffer context = ByteBuffer.wrap(Base64.getDecoder().decode(
            seen.getFirst("l5d-ctx-trace")));
        long attemptSpan = context.getLong(0);
        assertEquals(traceId, String.format("%016x", context.getLong(16)));
        assertEquals(6, context.getLong(24), "flags: sampling known, sampled");

        int incoming = router.port("incoming");
        Map<String, Span> overHttp = await(() -> trace(spans(http), traceId), t -> t.size() == 4,
            "four spans at the HTTP collector", router);
        assertChain(overHttp, incoming, backend.port());
        assertEquals(String.format("%016x", attemptSpan), overHttp.get("incoming CLIENT").id());
        Map<String, Span> overScribe = await(() -> trace(scribe.spans, traceId),
            t -> t.size() == 4, "four spans at the Scribe collector", router);
        assertChain(overScribe, incoming, backend.port());
        assertEquals(overHttp.get("incoming SERVER").id(), overScribe.get("incoming SERVER").id());
        assertTrue(scribe.categories.stream().allMatch("zipkin"::equals));
        await(() -> metric(router, "zipkin/scribe/spans_sent"), n -> n >= 4, "spans_sent", router);
        assertEquals(0, metric(router, "zipkin/http/spans_dropped"));
      }
    } finally {
      http.stop();
    }
  }

  @Test
  void withTheCollectorsDownRequestsAreUnaffectedAndDropsAreCounted() throws Exception {
    int closedHttp;
    int closedScribe;
    try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
      closedHttp = a.getLocalPort(); // closed below: nothing listens there
      closedScribe = b.getLocalPort();
    }
    try (TestBackend backend = new TestBackend("hello")) {
      Path disco = disco(backend);
      try (HoplinkProcess router = start(config(disco, "io.l5d.zipkin", closedHttp,
          closedScribe), disco)) {
        // B3 from the application: both routers continue its trace.
        Map<String, String> b3 = Map.of("x-b3-traceid", "463ac35c9f6413ad48485a3953bb6124",
            "x-b3-spanid", "a2fb4a1d1a96d312", "x-b3-sampled", "1");
        assertEquals(200, getUntilOk(router, b3).statusCode(), router.log());
        for (int i = 0; i < 20; i++) {
          assertEquals(200, getUntilOk(router, b3).statusCode());
        }
        Headers seen = backend.seenHeaders().get(backend.seenHeaders().size() - 1);
        assertEquals("463ac35c9f6413ad48485a3953bb6124", seen.getFirst("x-b3-traceid"));
        assertEquals("1", seen.getFirst("x-b3-sampled"));
        assertTrue(seen.getFirst("x-b3-parentspanid") != null);
        await(() -> metric(router, "zipkin/http/spans_dropped"), n -> n >= 84,
            "dropped HTTP spans (4 per request)", router);
        await(() -> metric(router, "zipkin/scribe/spans_dropped"), n -> n >= 84,
            "dropped Scribe spans", router);
        assertTrue(metric(router, "zipkin/http/send_failures") >= 1);
        assertEquals(0, metric(router, "zipkin/scribe/spans_sent"));
        assertTrue(router.log().contains("zipkin collector 127.0.0.1:" + closedScribe),
            router.log());
      }
    }
  }

  @Test
  void batchesTheCollectorRefusesAreCountedAsDropped() throws Exception {
    WireMockServer http = collector(503);
    try (TestBackend backend = new TestBackend("hello");
        ScribeReceiver scribe = new ScribeReceiver()) {
      Path disco = disco(backend);
      try (HoplinkProcess router = start(config(disco, "io.l5d.default", http.port(),
          scribe.port()), disco)) {
        for (int i = 0; i < 5; i++) {
          assertEquals(200, getUntilOk(router, Map.of()).statusCode(), router.log());
        }
        // The collector got every span, refused them, and the telemeter counted them as dropped.
        await(() -> metric(router, "zipkin/http/spans_dropped"), n -> n >= 20,
            "dropped HTTP spans (4 per request)", router);
        long failures = metric(router, "zipkin/http/send_failures");
        assertTrue(failures >= 1, "send_failures " + failures);
        assertTrue(http.findAll(postRequestedFor(urlEqualTo(SPANS))).size() >= failures);
        assertTrue(spans(http).size() >= 20, "spans POSTed");
        assertEquals(0, metric(router, "zipkin/http/spans_sent"));
        assertTrue(router.log().contains("zipkin collector 127.0.0.1:" + http.port()
            + ": the collector answered 503"), router.log());
        await(() -> metric(router, "zipkin/scribe/spans_sent"), n -> n >= 20,
            "spans sent over Scribe", router);
      }
    } finally {
      http.stop();
    }
  }
}
