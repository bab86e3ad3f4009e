package io.hoplink.router;

import java.util.Properties;

/**
 * System properties the router sets for libraries before they first read them, each only when
 * the operator has not set it (a {@code -D} flag wins).
 */
final class ProcessDefaults {
  /**
   * Netty 4.2's allocators declare JDK Flight Recorder events, and the first chunk they allocate
   * initializes Flight Recorder's metadata for them: about a third of a second of a start on
   * one core, with what the JIT then compiles for it (start to ready 1 323 to 1 528 ms with
   * it, 842 to 1 140 ms without, back to back by hand with the DaemonSet's flags). The events
   * are only of use to someone recording allocations, who can set it back to {@code true}.
   */
  static final String NETTY_JFR = "io.netty.jfr.enabled";

  private ProcessDefaults() {}

  /** Sets each default in {@code properties} that is not set there yet. */
  static void apply(Properties properties) {
    if (properties.getProperty(NETTY_JFR) == null) {
      properties.setProperty(NETTY_JFR, "false");
    }
  }
}
