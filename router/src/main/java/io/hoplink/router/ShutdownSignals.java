package io.hoplink.router;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT start a graceful drain instead of the JVM's immediate exit, so the process
 * can finish in-flight requests and exit 0. sun.misc.Signal is the JDK's supported way to do
 * this (module jdk.unsupported).
 */
final class ShutdownSignals {
  private ShutdownSignals() {}

  static void onTerminate(Runnable action) {
    Signal.handle(new Signal("TERM"), signal -> action.run());
    Signal.handle(new Signal("INT"), signal -> action.run());
  }
}
