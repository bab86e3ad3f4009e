package io.hoplink.router.telemetry.zipkin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import io.hoplink.router.telemetry.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import zipkin2.Span;

class ZipkinReporterTest {
  private final Vertx vertx = Vertx.vertx();
  private final Metrics metrics = Metrics.newTree();

  /** A sender whose batches the test answers by hand. */
  private static final class HeldSender implements SpanSender {
    final List<List<Span>> batches = new CopyOnWriteArrayList<>();
    final List<Promise<Void>> answers = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    @Override
    public Future<Void> send(List<Span> spans) {
      batches.add(spans);
      Promise<Void> answer = Promise.promise();
      answers.add(answer);
      return answer.future();
    }

    @Override
    public String collector() {
      return "test:9410";
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private long count(String name) {
    Object metric = metrics.snapshot().get("zipkin/test/" + name);
    return metric instanceof Counter c ? c.getCount()
        : ((Number) ((Gauge<?>) metric).getValue()).longValue();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("no " + what + " within 10 s");
      }
      Thread.sleep(5);
    }
  }

  private ZipkinReporter reporter(HeldSender sender, long flushMs) {
    return new ZipkinReporter(vertx, sender, metrics.scope("zipkin", "test"), 4, 2, flushMs,
        System::nanoTime);
  }

  @Test
  void aFullBatchGoesAtOnceAndAFullQueueDropsAndCounts() throws Exception {
    HeldSender sender = new HeldSender();
    ZipkinReporter reporter = reporter(sender, 60_000);
    reporter.report(Spans.server(1));
    reporter.report(Spans.server(2));
    await(() -> sender.batches.size() == 1, "first batch");
    assertEquals(2, sender.batches.get(0).size());
    for (int i = 3; i <= 10; i++) { // one batch in flight: 4 wait, 4 are dropped
      reporter.report(Spans.server(i));
    }
    assertEquals(4, count("spans_dropped"));
    assertEquals(4, count("queued_spans"));
    assertEquals(1, sender.batches.size(), "one batch at a time");
    sender.answers.get(0).complete();
    await(() -> sender.batches.size() == 2, "the next batch once the first is taken");
    assertEquals(2, count("spans_sent"));
    sender.answers.get(1).fail("collector down");
    await(() -> sender.batches.size() == 3, "a batch after a failed one");
    assertEquals(6, count("spans_dropped"));
    assertEquals(1, count("send_failures"));
    sender.answers.get(2).complete();
    await(() -> count("spans_sent") == 4, "spans sent");
    assertEquals(0, count("queued_spans"));
  }

  @Test
  void aPartialBatchGoesAtTheFlushInterval() throws Exception {
    HeldSender sender = new HeldSender();
    ZipkinReporter reporter = reporter(sender, 50);
    reporter.report(Spans.server(1));
    await(() -> !sender.batches.isEmpty(), "a flush");
    assertEquals(1, sender.batches.get(0).size());
  }

  @Test
  void closingSendsWhatIsQueuedThenClosesTheSender() throws Exception {
    HeldSender sender = new HeldSender();
    ZipkinReporter reporter = reporter(sender, 60_000);
    reporter.report(Spans.server(1));
    reporter.close();
    await(() -> sender.batches.size() == 1, "the last batch");
    assertTrue(!sender.closed, "closed once the batch is answered");
    reporter.report(Spans.server(2));
    assertEquals(1, count("spans_dropped"), "closed: dropped");
    sender.answers.get(0).complete();
    await(() -> sender.closed, "the sender closed");
    assertEquals(1, count("spans_sent"));
  }
}
