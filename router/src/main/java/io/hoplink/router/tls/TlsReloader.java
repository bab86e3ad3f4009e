package io.hoplink.router.tls;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Future;
import io.vertx.core.net.SSLOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Certificates that change on disk are taken up without a restart: every {@code interval} one
 * background thread reads the files of each TLS block in use (a few KiB each) and, when their
 * contents changed (written in place, or a Kubernetes Secret's {@code ..data} link swapped),
 * builds the options again and hands them to the servers or clients using them. New connections
 * use the new certificate; open ones go on with the old. A set that does not load (a file half
 * written, a key that does not match its certificate) leaves the old one in use and is said in
 * one line, once per change.
 */
public final class TlsReloader implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("hoplink");

  private final Duration interval;
  private final List<Watch> watches = new CopyOnWriteArrayList<>();
  /** Made with the first watch: a process without TLS runs no thread for it. */
  private ScheduledExecutorService timer;
  private boolean closed;

  /** One TLS block in use: its files, how to build its options, and where they go. */
  private static final class Watch {
    final String what;
    final List<Path> files;
    final Supplier<? extends SSLOptions> build;
    final Function<SSLOptions, Future<Boolean>> apply;
    byte[] fingerprint;

    Watch(String what, List<Path> files, Supplier<? extends SSLOptions> build,
        Function<SSLOptions, Future<Boolean>> apply) {
      this.what = what;
      this.files = files;
      this.build = build;
      this.apply = apply;
      this.fingerprint = fingerprint(files);
    }
  }

  /** One watch; closing it ends the watch. */
  public interface Handle extends AutoCloseable {
    @Override
    void close();
  }

  private TlsReloader(Duration interval) {
    this.interval = interval;
  }

  /** Checks the watched files every {@code interval}. */
  public static TlsReloader every(Duration interval) {
    requireNonNull(interval, "interval");
    return new TlsReloader(interval);
  }

  /**
   * Watches {@code files} (those of one {@code tls} block, as read now); when they change,
   * {@code build} makes the options again and {@code apply} puts them in use. Closing what it
   * returns ends the watch.
   */
  public Handle watch(String what, List<String> files, Supplier<? extends SSLOptions> build,
      Function<SSLOptions, Future<Boolean>> apply) {
    Watch watch = new Watch(what, files.stream().map(Path::of).toList(), build, apply);
    watches.add(watch);
    synchronized (this) {
      if (timer == null && !closed) {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
          Thread thread = new Thread(runnable, "hoplink-tls-reload");
          thread.setDaemon(true);
          return thread;
        });
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(this::checkAll, millis, millis, TimeUnit.MILLISECONDS);
      }
    }
    return () -> watches.remove(watch); // a server or client retired by a config reload
  }

  private void checkAll() {
    for (Watch watch : watches) {
      try {
        check(watch);
      } catch (RuntimeException | Error e) { // an Error too: it would end every later check
        LOG.warning(watch.what + ": checking its certificates failed: " + e);
      }
    }
  }

  private void check(Watch watch) {
    byte[] now = fingerprint(watch.files);
    if (now == null || Arrays.equals(now, watch.fingerprint)) {
      return; // unchanged, or a file missing for a moment (a swap in progress): look again later
    }
    watch.fingerprint = now;
    SSLOptions options;
    try {
      options = watch.build.get();
    } catch (IllegalArgumentException e) {
      LOG.warning(watch.what + ": the changed certificate files do not load (" + e.getMessage()
          + "); the ones loaded before stay in use");
      return;
    }
    watch.apply.apply(options).onComplete(ar -> {
      if (ar.succeeded()) {
        LOG.info(watch.what + ": new certificates in use for new connections");
      } else {
        LOG.warning(watch.what + ": the changed certificates were refused ("
            + ar.cause().getMessage() + "); the ones loaded before stay in use");
      }
    });
  }

  /**
   * A hash of the files' contents, or null while one of them cannot be read (a Secret's link
   * swap in progress): what tells a watcher that a set of certificate files changed.
   */
  public static byte[] fingerprint(List<Path> files) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Path file : files) {
        digest.update(Files.readAllBytes(file));
        digest.update((byte) 0);
      }
      return digest.digest();
    } catch (IOException e) {
      return null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
