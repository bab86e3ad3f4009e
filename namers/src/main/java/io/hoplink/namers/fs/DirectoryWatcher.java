package io.hoplink.namers.fs;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One background thread that runs {@code scan} when the directory reports a change (after a
 * short quiet period, so a file being written is read once it is done) and at least every
 * {@code interval} anyway: watch events miss changes behind symlinks, such as a Kubernetes
 * ConfigMap swap, and some file systems send none.
 */
final class DirectoryWatcher implements Closeable {
  private static final System.Logger LOG = System.getLogger(DirectoryWatcher.class.getName());
  private static final long SETTLE_MS = 30;

  private final Path dir;
  private final long intervalMs;
  private final Runnable scan;
  private final Thread thread;
  private final WatchService watcher;
  private volatile boolean closed;

  DirectoryWatcher(Path dir, Duration interval, Runnable scan, ThreadFactory threads) {
    this.dir = dir;
    this.intervalMs = interval.toMillis();
    this.scan = scan;
    this.watcher = register(dir);
    this.thread = threads.newThread(this::run);
    thread.setDaemon(true);
    thread.start();
  }

  private static WatchService register(Path dir) {
    try {
      WatchService service = dir.getFileSystem().newWatchService();
      dir.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
      return service;
    } catch (IOException | UnsupportedOperationException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot watch " + dir + " (" + e
          + "); polling it instead");
      return null;
    }
  }

  private void run() {
    while (!closed) {
      try {
        waitForChange();
        if (!closed) {
          scan.run();
        }
      } catch (ClosedWatchServiceException | InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "scanning " + dir + " failed", e);
      }
    }
  }

  private void waitForChange() throws InterruptedException {
    if (watcher == null) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(intervalMs));
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      return;
    }
    WatchKey key = watcher.poll(intervalMs, TimeUnit.MILLISECONDS);
    // Drain events until the directory has been quiet for a moment (bounded by the interval).
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(intervalMs);
    while (key != null) {
      key.pollEvents();
      key.reset();
      if (System.nanoTime() - deadline > 0) {
        break;
      }
      key = watcher.poll(SETTLE_MS, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    if (watcher != null) {
      try {
        watcher.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing the watch on " + dir, e);
      }
    }
  }
}
