package io.hoplink.router.accesslog;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.Counter;
import io.hoplink.config.AccessLogConfig;
import io.hoplink.config.Protocol;
import io.hoplink.config.RollPolicy;
import io.hoplink.router.forward.Exchange;
import io.hoplink.router.logging.RateLimitedLog;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The process's access log files, each written by one thread and shared by the routers (and the
 * generations of a router across config reloads) that name it: a router takes an
 * {@link AccessLog} when it comes into force and lets go of it once it is closed and its last
 * request has ended, and the file closes (flushed) when nobody holds it. A reload that keeps a
 * router's file keeps its writer, so no line is written twice, lost, or left to another handle.
 */
public final class AccessLogs {
  private static final Logger LOG = Logger.getLogger("hoplink");

  private final Clock clock;
  private final int queueLines;
  private final Sinks sinks;
  private final RateLimitedLog trouble = RateLimitedLog.every(LOG, Duration.ofSeconds(10));
  /** Open files by absolute path (or /dev/stdout, /dev/stderr), with how many hold them. */
  private final Map<String, Shared> open = new HashMap<>();
  /** Files let go of whose writer may still be flushing: a new writer of the path waits. */
  private final Map<String, AccessLogFile> closing = new HashMap<>();

  private static final class Shared {
    final AccessLogFile file;
    AccessLogConfig config;
    int holders;

    Shared(AccessLogFile file, AccessLogConfig config) {
      this.file = file;
      this.config = config;
    }
  }

  /** Where the lines of a path go: its file, or a stream. */
  @FunctionalInterface
  interface Sinks {
    LineSink open(String key, AccessLogConfig config) throws IOException;
  }

  /** The system clock (the process's zone) and the process's streams. */
  public static AccessLogs system() {
    return new AccessLogs(Clock.systemDefaultZone(), AccessLogFile.QUEUE_LINES, System.out,
        System.err);
  }

  AccessLogs(Clock clock, int queueLines, PrintStream stdout, PrintStream stderr) {
    this.clock = requireNonNull(clock, "clock");
    this.queueLines = queueLines;
    requireNonNull(stdout, "stdout");
    requireNonNull(stderr, "stderr");
    this.sinks = (key, config) -> config.stream()
        ? new StreamSink(key.equals("/dev/stdout") ? stdout : stderr)
        : new RollingFile(Path.of(key), config.rollPolicy(), config.append(),
            config.rotateCount(), clock, e -> trouble.log(Level.WARNING, "roll " + key,
                () -> "access log " + key + ": could not roll: " + e));
  }

  /** Lines go where {@code sinks} says (tests). */
  AccessLogs(Clock clock, int queueLines, Sinks sinks) {
    this.clock = requireNonNull(clock, "clock");
    this.queueLines = queueLines;
    this.sinks = requireNonNull(sinks, "sinks");
  }

  /**
   * The access log of router {@code label}: its file opened, or shared with whoever has it open
   * (a reload's new settings then apply to it). Lines the queue has no room for count in
   * {@code dropped}. Throws IllegalArgumentException when the file cannot be opened. Called at
   * start and on the reload thread; files are opened outside the lock that event loops take
   * when they let go of a file.
   */
  public AccessLog open(String label, Protocol protocol, AccessLogConfig config,
      Counter dropped) {
    requireNonNull(label, "label");
    requireNonNull(config, "config");
    requireNonNull(dropped, "dropped");
    String key = key(config);
    AccessLine line = protocol == Protocol.H2 ? AccessLine.h2() : AccessLine.http(clock.getZone());
    AccessLogFile previous;
    synchronized (this) {
      Shared shared = open.get(key);
      if (shared != null) {
        return new Handle(hold(shared, config), line, dropped);
      }
      previous = closing.remove(key);
    }
    if (previous != null) {
      awaitClosed(previous); // a writer of this path let go of earlier finishes first
    }
    AccessLogFile file = new AccessLogFile(key, sink(key, config), queueLines,
        e -> trouble.log(Level.WARNING, "write " + key + " " + e.getClass().getSimpleName(),
            () -> "access log " + key + ": " + e));
    synchronized (this) {
      Shared shared = open.get(key);
      if (shared != null) { // opened meanwhile by another caller: that one serves both
        file.close();
        return new Handle(hold(shared, config), line, dropped);
      }
      shared = new Shared(file, config);
      open.put(key, shared);
      return new Handle(hold(shared, config), line, dropped);
    }
  }

  /** One more holder of {@code shared}, whose settings become {@code config}'s. */
  private Shared hold(Shared shared, AccessLogConfig config) {
    if (!shared.config.equals(config)) {
      shared.config = config;
      if (shared.file.sink() instanceof RollingFile file) {
        file.settings(config.rollPolicy(), config.rotateCount());
      }
    }
    shared.holders++;
    return shared;
  }

  private static String key(AccessLogConfig config) {
    return config.stream() ? config.path()
        : Path.of(config.path()).toAbsolutePath().normalize().toString();
  }

  private LineSink sink(String key, AccessLogConfig config) {
    try {
      return sinks.open(key, config);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot open access log " + key + ": " + e, e);
    }
  }

  private static void awaitClosed(AccessLogFile previous) {
    try {
      previous.awaitClosed(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** No waiting and no I/O under the lock: event loops let go of files (a router's end hook). */
  private synchronized void release(Shared shared) {
    if (--shared.holders > 0) {
      return;
    }
    String key = open.entrySet().stream().filter(e -> e.getValue() == shared)
        .map(Map.Entry::getKey).findFirst().orElse(null);
    closing.values().removeIf(AccessLogFile::closed); // those done need no waiting for
    if (key != null) {
      open.remove(key);
      closing.put(key, shared.file);
    }
    shared.file.close();
  }

  /** The files rolled by {@code sighup} are opened again (logrotate moved them away). */
  public synchronized void reopen() {
    for (Shared shared : open.values()) {
      if (shared.config.rollPolicy().kind() == RollPolicy.Kind.SIGHUP) {
        shared.file.reopen();
      }
    }
  }

  /** Closes every file, at shutdown, waiting up to {@code wait} for them to be flushed. */
  public void close(Duration wait) {
    List<AccessLogFile> files = new ArrayList<>();
    synchronized (this) {
      open.values().forEach(shared -> files.add(shared.file));
      files.addAll(closing.values());
      open.clear();
      closing.clear();
    }
    files.forEach(AccessLogFile::close);
    long until = System.nanoTime() + wait.toNanos();
    for (AccessLogFile file : files) {
      try {
        file.awaitClosed(Duration.ofNanos(Math.max(0, until - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The paths open now, for tests. */
  synchronized List<String> openPaths() {
    return List.copyOf(open.keySet());
  }

  /** One router's hold on a file. */
  private final class Handle implements AccessLog {
    private final Shared shared;
    private final AccessLine line;
    private final Counter dropped;
    private final AtomicBoolean released = new AtomicBoolean();

    Handle(Shared shared, AccessLine line, Counter dropped) {
      this.shared = shared;
      this.line = line;
      this.dropped = dropped;
    }

    @Override
    public void log(Exchange exchange) {
      AccessLogFile file = shared.file;
      if (file.full() || !file.offer(line.format(exchange, clock.millis()))) {
        dropped.inc();
      }
    }

    @Override
    public void release() {
      if (released.compareAndSet(false, true)) {
        AccessLogs.this.release(shared);
      }
    }
  }
}
