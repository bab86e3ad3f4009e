package io.hoplink.router;

import io.hoplink.naming.Dtab;
import io.hoplink.naming.DtabSyntaxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A router's dtab in force: its configured {@code dtab}, after the dtab of the file an
 * {@code io.l5d.fs} interpreter names (as Linkerd's ConfiguredDtabNamer puts the interpreter's
 * dtab first). The file is read again every {@code interval} (an edit in place, or a
 * ConfigMap's {@code ..data} link swapped): a dtab that parses is in force for the requests that
 * arrive from then on (those in flight keep the binding they started with); one that does not
 * is refused in one line, counted, and the dtab before stays in force.
 */
final class RouterDtab implements Supplier<Dtab>, AutoCloseable {
  private static final Logger LOG = Logger.getLogger("hoplink");

  private final String router;
  private final Dtab configured;
  private final Path file;
  private final Runnable onRefused;
  private volatile Dtab current;
  private byte[] lastBytes;
  private ScheduledExecutorService timer;

  private RouterDtab(String router, Dtab configured, Path file, Runnable onRefused) {
    this.router = router;
    this.configured = configured;
    this.file = file;
    this.onRefused = onRefused;
    this.current = configured;
  }

  /** The configured dtab alone. */
  static RouterDtab fixed(Dtab configured) {
    return new RouterDtab("", configured, null, () -> { });
  }

  /**
   * The dtab of {@code file} then {@code configured}, read now and every {@code interval};
   * {@code onRefused} counts a file that does not parse.
   *
   * @throws IllegalArgumentException if the file cannot be read or does not parse now
   */
  static RouterDtab watched(String router, Dtab configured, Path file, Duration interval,
      Runnable onRefused) {
    RouterDtab dtab = new RouterDtab(router, configured, file, onRefused);
    byte[] bytes = dtab.read();
    if (bytes == null) {
      throw new IllegalArgumentException("cannot read the dtab file " + file);
    }
    dtab.current = parse(bytes, file).concat(configured);
    dtab.lastBytes = bytes;
    dtab.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "hoplink-dtab-" + router);
      thread.setDaemon(true);
      return thread;
    });
    long millis = interval.toMillis();
    dtab.timer.scheduleWithFixedDelay(dtab::reload, millis, millis, TimeUnit.MILLISECONDS);
    return dtab;
  }

  @Override
  public Dtab get() {
    return current;
  }

  private void reload() {
    try {
      reloadOnce();
    } catch (RuntimeException | Error e) { // an Error too: it would end every later reload
      onRefused.run();
      LOG.warning("router '" + router + "': reading the dtab of " + file + " failed (" + e
          + "); the dtab before stays in force");
    }
  }

  private void reloadOnce() {
    byte[] bytes = read();
    if (bytes == null || java.util.Arrays.equals(bytes, lastBytes)) {
      return; // unchanged, or gone for a moment (a link swap in progress)
    }
    lastBytes = bytes;
    try {
      current = parse(bytes, file).concat(configured);
      LOG.info("router '" + router + "': the dtab of " + file + " is in force for new requests");
    } catch (IllegalArgumentException e) {
      onRefused.run();
      LOG.warning("router '" + router + "': the dtab of " + file + " does not parse ("
          + e.getMessage() + "); the dtab before stays in force");
    }
  }

  private static Dtab parse(byte[] bytes, Path file) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException(file + " is not UTF-8 text", e);
    }
    try {
      return Dtab.read(text);
    } catch (DtabSyntaxException e) {
      throw new IllegalArgumentException(e.problem() + " at offset " + e.offset() + " of "
          + file, e);
    }
  }

  private byte[] read() {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
