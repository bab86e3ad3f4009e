package io.hoplink.router.accesslog;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The lines of one access log file: event loops offer them to a bounded queue and never wait
 * (a full queue refuses the line, and the caller counts it dropped); one thread of its own takes
 * them in batches and writes them through a buffer, flushed within {@link #FLUSH_EVERY} of the
 * first line it holds, and at close.
 */
final class AccessLogFile {
  /** Lines the queue holds at most: about a megabyte of lines waiting for the disk. */
  static final int QUEUE_LINES = 4096;
  static final Duration FLUSH_EVERY = Duration.ofSeconds(1);
  private static final int BATCH = 512;

  private final LineSink sink;
  private final ArrayBlockingQueue<String> queue;
  private final Consumer<IOException> trouble;
  private final Thread thread;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile boolean closing;
  private volatile boolean reopen;

  /** Starts the writer thread of {@code sink}; {@code trouble} hears of write failures. */
  AccessLogFile(String name, LineSink sink, int queueLines, Consumer<IOException> trouble) {
    this.sink = sink;
    this.queue = new ArrayBlockingQueue<>(queueLines);
    this.trouble = trouble;
    this.thread = new Thread(this::run, "hoplink-access-log " + name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues {@code line}; false when the queue is full or the file is closing: it is dropped. */
  boolean offer(String line) {
    return !closing && queue.offer(line);
  }

  /** Whether a line offered now would be dropped: then it need not be made. */
  boolean full() {
    return closing || queue.remainingCapacity() == 0;
  }

  LineSink sink() {
    return sink;
  }

  /** Opens the file again once what is queued before is written. */
  void reopen() {
    reopen = true;
    thread.interrupt();
  }

  /** Writes what is queued, flushes and closes; returns at once (see {@link #awaitClosed}). */
  void close() {
    closing = true;
    thread.interrupt();
  }

  /** Whether the writer thread has closed the file and ended. */
  boolean closed() {
    return closed.getCount() == 0;
  }

  /** Whether the writer thread has closed the file within {@code wait}. */
  boolean awaitClosed(Duration wait) throws InterruptedException {
    return closed.await(wait.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void run() {
    List<String> batch = new ArrayList<>(BATCH);
    long flushBy = Long.MAX_VALUE;
    try {
      while (true) {
        boolean stop = closing; // read first: a line queued before close is then in the queue
        long wait = flushBy == Long.MAX_VALUE ? FLUSH_EVERY.toNanos()
            : Math.max(0, flushBy - System.nanoTime());
        String first = stop || reopen ? queue.poll() : poll(wait);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, BATCH - 1);
          for (String line : batch) {
            write(line);
          }
          batch.clear();
          if (flushBy == Long.MAX_VALUE) {
            flushBy = System.nanoTime() + FLUSH_EVERY.toNanos();
          }
          continue; // drain what is queued before flushing, reopening or closing
        }
        if (reopen) {
          reopen = false;
          io(sink::reopen);
          flushBy = Long.MAX_VALUE;
        }
        if (flushBy != Long.MAX_VALUE && System.nanoTime() - flushBy >= 0) {
          io(sink::flush);
          flushBy = Long.MAX_VALUE;
        }
        if (stop) {
          io(sink::close);
          return;
        }
      }
    } finally {
      closed.countDown();
    }
  }

  private String poll(long waitNanos) {
    try {
      return queue.poll(waitNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      return null; // woken to reopen or close
    }
  }

  private void write(String line) {
    try {
      sink.write(line);
    } catch (IOException e) {
      trouble.accept(e);
    }
  }

  private interface Io {
    void run() throws IOException;
  }

  private void io(Io step) {
    try {
      step.run();
    } catch (IOException e) {
      trouble.accept(e);
    }
  }
}
