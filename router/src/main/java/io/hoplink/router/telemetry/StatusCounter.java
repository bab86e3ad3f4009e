package io.hoplink.router.telemetry;

import com.codahale.metrics.Counter;

/**
 * Linkerd's {@code status/<code>} counter, which knows its code: an exporter can then give the
 * code as a label besides the Linkerd name that holds it.
 */
public final class StatusCounter extends Counter {
  private final int code;

  StatusCounter(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
