package io.hoplink.router.telemetry.zipkin;

import com.codahale.metrics.Counter;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.tracing.SpanReporter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import zipkin2.Span;

/**
 * Spans on their way to a collector without touching the request path: {@link #report} offers a
 * span to a bounded queue (full: the span is dropped and counted); one event loop sends the
 * queue in batches, one batch at a time, when a batch is full or every flush interval. A batch
 * the collector refuses, or does not take in time, is dropped and counted; requests never wait.
 * Metrics under its scope: {@code spans_sent}, {@code spans_dropped}, {@code send_failures}
 * (batches) and the gauge {@code queued_spans}.
 */
final class ZipkinReporter implements SpanReporter {
  private static final Logger LOG = Logger.getLogger("hoplink");
  static final int QUEUE_SPANS = 1000;
  static final int BATCH_SPANS = 100;
  static final long FLUSH_INTERVAL_MS = 1000;
  private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final ArrayBlockingQueue<Span> queue;
  private final int batchSpans;
  private final SpanSender sender;
  private final Context context;
  private final Vertx vertx;
  private final LongSupplier nanoTime;
  private final Counter sent;
  private final Counter dropped;
  private final Counter failures;
  private final AtomicBoolean woken = new AtomicBoolean();
  private volatile boolean closed;
  // Confined to the context's event loop:
  private boolean inFlight;
  private long timer = -1;
  private long lastLogNanos;
  private boolean logged;

  ZipkinReporter(Vertx vertx, SpanSender sender, Metrics scope, int queueSpans, int batchSpans,
      long flushIntervalMs, LongSupplier nanoTime) {
    this.vertx = vertx;
    this.sender = sender;
    this.queue = new ArrayBlockingQueue<>(queueSpans);
    this.batchSpans = batchSpans;
    this.nanoTime = nanoTime;
    this.sent = scope.counter("spans_sent");
    this.dropped = scope.counter("spans_dropped");
    this.failures = scope.counter("send_failures");
    scope.gauge("queued_spans", queue::size);
    this.context = ((VertxInternal) vertx).createEventLoopContext();
    context.runOnContext(v -> {
      if (!closed) {
        timer = vertx.setPeriodic(flushIntervalMs, id -> flush());
      }
    });
  }

  @Override
  public void report(Span span) {
    if (closed || !queue.offer(span)) {
      dropped.inc();
      return;
    }
    if (queue.size() >= batchSpans && woken.compareAndSet(false, true)) {
      context.runOnContext(v -> {
        woken.set(false);
        flush();
      });
    }
  }

  /** Sends the next batch unless one is in flight. On the reporter's event loop. */
  private void flush() {
    if (inFlight || queue.isEmpty()) {
      return;
    }
    List<Span> batch = new ArrayList<>(Math.min(batchSpans, queue.size()));
    queue.drainTo(batch, batchSpans);
    inFlight = true;
    Runnable next = () -> {
      inFlight = false;
      if (closed) {
        closeSender();
      } else if (queue.size() >= batchSpans) {
        flush();
      }
    };
    try {
      sender.send(batch).onComplete(ar -> {
        if (ar.succeeded()) {
          sent.inc(batch.size());
        } else {
          failed(batch.size(), ar.cause());
        }
        next.run();
      });
    } catch (RuntimeException e) { // an encoder's fault: the batch goes, the reporter stays
      failed(batch.size(), e);
      next.run();
    }
  }

  private void failed(int spans, Throwable cause) {
    dropped.inc(spans);
    failures.inc();
    long now = nanoTime.getAsLong();
    if (!logged || now - lastLogNanos >= LOG_EVERY_NANOS) {
      logged = true;
      lastLogNanos = now;
      LOG.warning("zipkin collector " + sender.collector() + ": " + cause.getMessage()
          + " (spans dropped so far: " + dropped.getCount() + "; requests are not affected)");
    }
  }

  /** Sends what is queued in one last batch, then closes the connection. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    context.runOnContext(v -> {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      if (!inFlight && !queue.isEmpty()) {
        flush(); // closes the sender when it is done
      } else if (!inFlight) {
        closeSender();
      }
    });
  }

  private void closeSender() {
    int left = queue.size();
    queue.clear();
    dropped.inc(left);
    sender.close();
  }
}
