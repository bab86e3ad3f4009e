package io.hoplink.router;

import static io.hoplink.router.h2.H2Frames.END_HEADERS;
import static io.hoplink.router.h2.H2Frames.END_STREAM;
import static io.hoplink.router.h2.H2Frames.HEADERS;
import static io.hoplink.router.h2.H2Frames.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.router.forward.SlowStreamsAccess;
import io.hoplink.router.h2.H2Frames;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One HTTP/2 client that announces a zero window, opens a thousand streams of large responses
 * and then drops the connection: every stream ends at once, most of them still waiting for their
 * upstream. Ending a request is one idempotent step, so the other clients are served throughout
 * and nothing loops on an event loop afterwards.
 */
class ZeroWindowFloodTest {
  private static final int STREAMS = 1000;
  @TempDir
  Path disco;
  private final Vertx backendVertx = Vertx.vertx();
  /** Its own threads: the probes measure the router, not the big backend's busy loop. */
  private final Vertx fineVertx = Vertx.vertx();
  private final AtomicInteger bigRequests = new AtomicInteger();
  private H2RouterFixture router;

  @BeforeEach
  void start() throws Exception {
    // streams enough for the whole flood at once (Vert.x's default is 100 per connection); every
    // response wraps the same zeros, so that the flood's 1 GiB of bodies is not 1 GiB of garbage
    // made by the backend on the same two cores as the router under test
    byte[] block = new byte[64 * 1024];
    HttpServer big = backendVertx.createHttpServer(new HttpServerOptions().setInitialSettings(
        new Http2Settings().setMaxConcurrentStreams(STREAMS))).requestHandler(request -> {
      bigRequests.incrementAndGet();
      request.response().setChunked(true);
      for (int i = 0; i < 16; i++) {
        request.response().write(Buffer.buffer(block));
      }
      request.response().end();
    });
    HttpServer fine = fineVertx.createHttpServer()
        .requestHandler(request -> request.response().end("ok"));
    await(big.listen(0, "127.0.0.1"));
    await(fine.listen(0, "127.0.0.1"));
    H2RouterFixture.endpoints(disco, "big.Service", List.of(big.actualPort()));
    H2RouterFixture.endpoints(disco, "fine.Service", List.of(fine.actualPort()));
    router = new H2RouterFixture(disco, "");
  }

  @AfterEach
  void stop() throws Exception {
    router.close();
    await(backendVertx.close());
    await(fineVertx.close());
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A call to another service on a fresh connection answers within 3 s. */
  private void probe(String when) throws IOException {
    try (H2Frames probe = H2Frames.connect(router.port())) {
      probe.handshake();
      long start = System.nanoTime();
      probe.write(frame(HEADERS, END_HEADERS | END_STREAM, 1,
          probe.requestBlock("GET", "/fine.Service/Get")));
      assertEquals("200", String.valueOf(probe.responseHeaders(1).status()), when);
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(tookMs < 3000, when + ": the probe took " + tookMs + " ms");
    }
  }

  private long pending() {
    return ((Number) ((com.codahale.metrics.Gauge<?>) router.metrics.snapshot()
        .get("rt/grpc/server/127.0.0.1/0/pending")).getValue()).longValue();
  }

  @Test
  void aZeroWindowClientThatDropsAThousandStreamsCostsOthersNothing() throws Exception {
    H2Frames flood = H2Frames.connectWithWindow(router.port(), 0);
    flood.handshake();
    flood.openStreams(STREAMS, "GET", "/big.Service/Get");
    H2RouterFixture.await("the flood at the router", () -> pending() >= STREAMS - 1);
    probe("during the flood");

    flood.close(); // every stream ends at once, most still waiting for their upstream
    probe("right after the flood");
    H2RouterFixture.await("every stream of the flood ended", () -> pending() == 0);
    probe("after the flood");
    assertEquals(0, busyEventLoops(router.eventLoopThreadIds()),
        "an event loop of the router is still busy after the flood");
  }

  /**
   * Streams whose client stops reading each hold a bounded amount, and only so many at once: past
   * the server's limit of paused streams, a stream that would pause is reset with
   * ENHANCE_YOUR_CALM (and a client that collects 200 resets is sent away with a GOAWAY).
   */
  @Test
  void pastTheLimitOfPausedStreamsTheNextOneIsReset() throws Exception {
    int limit = SlowStreamsAccess.MAX_PAUSED;
    int calmDown = 0;
    int goAway = -1;
    try (H2Frames flood = H2Frames.connectWithWindow(router.port(), 0)) {
      flood.handshake();
      // Up to the limit, every stream pauses and none is reset (a reset one never counts).
      // The upstream answers in any order, so which stream comes past the limit is open.
      flood.openStreams(limit, "GET", "/big.Service/Get");
      H2RouterFixture.await("all " + limit + " streams paused",
          () -> SlowStreamsAccess.paused(router.frontend) == limit);
      flood.openStreams(2 * limit + 1, STREAMS - limit, "GET", "/big.Service/Get");
      for (H2Frames.Frame f = flood.read(); f != null && goAway < 0; f = flood.read()) {
        if (f.type() == H2Frames.RST_STREAM && f.errorCode() == H2Frames.ENHANCE_YOUR_CALM) {
          calmDown++;
          assertTrue(f.streamId() > 2 * limit,
              "stream " + f.streamId() + " reset, one of those within the limit");
        } else if (f.type() == H2Frames.GOAWAY) {
          goAway = (int) f.errorCode();
        }
      }
      probe("with the paused streams open");
    }
    assertTrue(calmDown > 0, "no stream was reset past the limit of paused streams");
    assertEquals(H2Frames.ENHANCE_YOUR_CALM, goAway);
    H2RouterFixture.await("every stream ended", () -> pending() == 0);
  }

  /**
   * Of these event-loop threads, those running Java code (not waiting for I/O) now. The big
   * backend's own loop is still busy for seconds after the flood: it answers every stream the
   * router opened, each with 1 MiB, before it reads the resets that follow them.
   */
  private static long busyEventLoops(java.util.Set<Long> loops) throws InterruptedException {
    long busy = 0;
    for (int sample = 0; sample < 5; sample++) {
      busy = 0;
      for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
        boolean loop = loops.contains(info.getThreadId());
        boolean waiting = info.getStackTrace().length > 0
            && info.getStackTrace()[0].getMethodName().matches("epollWait|wait|park|select.*");
        if (loop && info.getThreadState() == Thread.State.RUNNABLE && !waiting) {
          busy++;
        }
      }
      if (busy == 0) {
        return 0;
      }
      Thread.sleep(200);
    }
    return busy;
  }
}
