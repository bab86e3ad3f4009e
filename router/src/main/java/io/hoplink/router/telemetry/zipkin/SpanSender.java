package io.hoplink.router.telemetry.zipkin;

import io.vertx.core.Future;
import java.util.List;
import zipkin2.Span;

/** One transport to a Zipkin collector: a batch at a time, from the reporter's event loop. */
interface SpanSender {
  /** Sends {@code spans}; fails if the collector did not take them (within a bounded time). */
  Future<Void> send(List<Span> spans);

  /** Where the spans go, for log lines: {@code host:port}. */
  String collector();

  /** Closes the connection; a send after this fails. */
  void close();
}
