package io.hoplink.namers.fs;

import static java.util.Objects.requireNonNull;

import io.hoplink.naming.DtabSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The dtab file of Linkerd's {@code io.l5d.fs} interpreter, read again every {@code interval} on
 * one thread: an edit in place and a ConfigMap's {@code ..data} link swap are both seen. A file
 * that is gone for a moment (a swap in progress) is not a reading; unchanged bytes are not one
 * either.
 */
public final class DtabFileSource implements DtabSource {
  private static final System.Logger LOG = System.getLogger(DtabFileSource.class.getName());

  private final Path file;
  private final Duration interval;
  private final ThreadFactory threads;
  private byte[] lastBytes; // on the timer's thread only
  private ScheduledExecutorService timer;

  public DtabFileSource(Path file, Duration interval, ThreadFactory threads) {
    this.file = requireNonNull(file, "file");
    this.interval = requireNonNull(interval, "interval");
    this.threads = requireNonNull(threads, "threads");
  }

  /**
   * Reads the file now, on the caller's thread (to check it before a start).
   *
   * @throws IOException if it cannot be read
   */
  public Reading readNow() throws IOException {
    return reading(Files.readAllBytes(file));
  }

  private Reading reading(byte[] bytes) {
    try {
      return new Reading.Text(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString());
    } catch (CharacterCodingException e) {
      return new Reading.Unreadable(file + " is not UTF-8 text");
    }
  }

  @Override
  public String show() {
    return "the file " + file;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", "io.l5d.fs");
    out.put("file", file.toString());
    out.put("intervalMs", interval.toMillis());
    return out;
  }

  @Override
  public synchronized void start(Consumer<Reading> readings) {
    requireNonNull(readings, "readings");
    if (timer != null) {
      throw new IllegalStateException("already started");
    }
    timer = Executors.newSingleThreadScheduledExecutor(threads);
    timer.scheduleWithFixedDelay(() -> poll(readings), 0, interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void poll(Consumer<Reading> readings) {
    try {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        return; // gone for a moment (a link swap in progress): the next look will tell
      }
      if (Arrays.equals(bytes, lastBytes)) {
        return;
      }
      lastBytes = bytes;
      readings.accept(reading(bytes));
    } catch (RuntimeException | Error e) { // an Error too: it would end every later look
      LOG.log(System.Logger.Level.WARNING, "reading the dtab of " + file + " failed (" + e
          + "); trying again in " + interval.toMillis() + " ms");
    }
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
