package io.hoplink.naming;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

/**
 * What a namer may use from its surroundings: the wall clock (for "last updated" times), a
 * factory for its background threads (daemon threads; a namer starts at most a few, never one
 * per request), and the process environment.
 */
public record NamerContext(Clock clock, ThreadFactory threads, Map<String, String> env) {
  public NamerContext {
    requireNonNull(clock, "clock");
    requireNonNull(threads, "threads");
    env = Map.copyOf(requireNonNull(env, "env"));
  }

  /** The system clock, daemon threads named {@code hoplink-namer-N}, and System.getenv(). */
  public static NamerContext system() {
    return new NamerContext(Clock.systemUTC(), daemonThreads(), System.getenv());
  }

  public static ThreadFactory daemonThreads() {
    java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "hoplink-namer-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
