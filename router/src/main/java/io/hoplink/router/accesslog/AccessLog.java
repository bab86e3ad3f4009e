package io.hoplink.router.accesslog;

import io.hoplink.router.forward.Exchange;

/**
 * A router's access log: one line per request, written where the exchange ends (its end hook),
 * once, whatever the protocol. Opened by {@link AccessLogs#open}.
 */
public interface AccessLog {
  /**
   * Queues the line of {@code exchange}, which has just ended, for the file's writer thread.
   * Never blocks: when the queue is full the line is dropped and counted in the router's
   * {@code access_log/dropped}.
   */
  void log(Exchange exchange);

  /** Lets go of the file, which closes (flushed) once no router holds it; once only. */
  void release();
}
