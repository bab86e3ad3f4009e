package io.hoplink.router;

import static io.hoplink.router.h2.H2Frames.ACK;
import static io.hoplink.router.h2.H2Frames.END_HEADERS;
import static io.hoplink.router.h2.H2Frames.END_STREAM;
import static io.hoplink.router.h2.H2Frames.HEADERS;
import static io.hoplink.router.h2.H2Frames.SETTINGS;
import static io.hoplink.router.h2.H2Frames.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.router.h2.H2Frames;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayOutputStream;
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
  private final AtomicInteger bigRequests = new AtomicInteger();
  private H2RouterFixture router;

  @BeforeEach
  void start() throws Exception {
    HttpServer big = backendVertx.createHttpServer().requestHandler(request -> {
      bigRequests.incrementAndGet();
      request.response().setChunked(true);
      for (int i = 0; i < 16; i++) {
        request.response().write(Buffer.buffer(new byte[64 * 1024]));
      }
      request.response().end();
    });
    HttpServer fine = backendVertx.createHttpServer()
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
    flood.readUntil("the server's SETTINGS", f -> f.type() == SETTINGS && !f.has(ACK));
    flood.write(frame(SETTINGS, ACK, 0, new byte[0]));
    ByteArrayOutputStream streams = new ByteArrayOutputStream();
    for (int i = 0; i < STREAMS; i++) {
      streams.writeBytes(frame(HEADERS, END_HEADERS | END_STREAM, 2 * i + 1,
          flood.requestBlock("GET", "/big.Service/Get")));
    }
    flood.write(streams.toByteArray());
    H2RouterFixture.await("the flood at the router", () -> pending() >= STREAMS - 1);
    probe("during the flood");

    flood.close(); // every stream ends at once, most still waiting for their upstream
    probe("right after the flood");
    H2RouterFixture.await("every stream of the flood ended", () -> pending() == 0);
    probe("after the flood");
    assertEquals(0, busyEventLoops(), "an event loop is still busy after the flood");
  }

  /** Event-loop threads of this JVM that are running Java code (not waiting for I/O) now. */
  private static long busyEventLoops() throws InterruptedException {
    long busy = 0;
    for (int sample = 0; sample < 5; sample++) {
      busy = 0;
      for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
        boolean loop = info.getThreadName().startsWith("vert.x-eventloop-thread");
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
