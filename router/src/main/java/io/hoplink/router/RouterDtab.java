package io.hoplink.router;

import static java.util.Objects.requireNonNull;

import io.hoplink.naming.Dtab;
import io.hoplink.naming.DtabSource;
import io.hoplink.naming.DtabSource.Reading;
import io.hoplink.naming.DtabSyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;

/**
 * A router's dtab in force: its configured {@code dtab}, after the dtab its interpreter's
 * {@link DtabSource} reads (a file for {@code io.l5d.fs}, a ConfigMap key for
 * {@code io.l5d.k8s.configMap}), as Linkerd's ConfiguredDtabNamer puts the interpreter's dtab
 * first. Every source's readings are judged here alike: one that parses is in force for the
 * requests that arrive from then on (those in flight keep the binding they started with) and
 * counts as a new version; one that does not is refused in one log line, counted, and the dtab
 * before stays in force; an absent one (no such ConfigMap or key) is the empty dtab, as in
 * Linkerd, logged once. Until a watched source's first reading, there is no dtab in force
 * ({@link #current()} is null): requests wait for it, within their binding timeout.
 */
final class RouterDtab implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("hoplink");

  private final String router;
  private final Dtab configured;
  private final DtabSource source;
  private final Runnable onRefused;
  private final Clock clock;
  private final CompletableFuture<Dtab> first = new CompletableFuture<>();
  private volatile DtabVersion inForce;
  private volatile DtabVersion.Refusal lastRefusal;
  private Reading lastReading; // under this
  private boolean lastRefused; // under this
  private final java.util.concurrent.atomic.AtomicBoolean started =
      new java.util.concurrent.atomic.AtomicBoolean();

  private RouterDtab(String router, Dtab configured, DtabSource source, Runnable onRefused,
      Clock clock) {
    this.router = router;
    this.configured = configured;
    this.source = source;
    this.onRefused = onRefused;
    this.clock = clock;
  }

  /** The configured dtab alone, in force from now. */
  static RouterDtab fixed(Dtab configured, Clock clock) {
    RouterDtab dtab = new RouterDtab("", requireNonNull(configured, "configured"), null,
        () -> { }, requireNonNull(clock, "clock"));
    dtab.put(Dtab.empty(), null);
    return dtab;
  }

  /** The configured dtab alone, as of the system clock. */
  static RouterDtab fixed(Dtab configured) {
    return fixed(configured, Clock.systemUTC());
  }

  /**
   * The dtab {@code source} reads, then {@code configured}; nothing is in force until the first
   * reading that parses (or {@link #requireFirst}). {@code onRefused} counts refused readings.
   * The source is read from {@link #start()} on.
   */
  static RouterDtab watched(String router, Dtab configured, DtabSource source,
      Runnable onRefused, Clock clock) {
    return new RouterDtab(requireNonNull(router, "router"), requireNonNull(configured,
        "configured"), requireNonNull(source, "source"), requireNonNull(onRefused, "onRefused"),
        requireNonNull(clock, "clock"));
  }

  /**
   * Puts {@code reading} in force now, as the start of a source that must be readable at start
   * ({@code io.l5d.fs}).
   *
   * @throws IllegalArgumentException saying why it cannot be in force
   */
  synchronized void requireFirst(Reading reading) {
    Dtab dtab = dtabOf(reading);
    lastReading = reading;
    put(dtab, reading instanceof Reading.Absent absent ? absent.why() : null);
  }

  /** Starts reading the source (a fixed dtab has none); later calls do nothing. */
  void start() { // not synchronized: a source hands readings in under its own lock, then this
    if (source != null && started.compareAndSet(false, true)) {
      source.start(this::accept);
    }
  }

  /** The dtab in force, or null while a watched source has not been read yet. */
  Dtab current() {
    DtabVersion version = inForce;
    return version == null ? null : version.dtab();
  }

  /** Completes with the first dtab in force (at once for a fixed one). */
  CompletionStage<Dtab> first() {
    return first;
  }

  /** Where the dtab comes from, for messages: {@code ConfigMap ns/name key k}, or inline. */
  String sourceShown() {
    return source == null ? "the router's dtab" : source.show();
  }

  /** The version in force (null while none is) and the last refusal (null if none), shown. */
  Object state() {
    return DtabVersion.describe(configured, source == null ? null : source.describe(), inForce,
        lastRefusal);
  }

  private synchronized void accept(Reading reading) {
    try {
      if (reading.equals(lastReading)) {
        return; // an unrelated change of the ConfigMap, or the bytes of a refused file again
      }
      lastReading = reading;
      boolean refusedBefore = lastRefused;
      lastRefused = false;
      Dtab dtab;
      try {
        dtab = dtabOf(reading);
      } catch (IllegalArgumentException e) {
        lastRefused = true;
        refuse(reading instanceof Reading.Text ? "does not parse" : "cannot be a dtab",
            e.getMessage());
        return;
      }
      String note = null;
      if (reading instanceof Reading.Absent absent) {
        note = absent.why();
        LOG.warning("router '" + router + "': " + absent.why() + "; its dtab is empty (as in"
            + " Linkerd) until it is there");
      }
      DtabVersion before = inForce;
      if (before != null && before.fromSource().equals(dtab)
          && java.util.Objects.equals(before.note(), note)) {
        if (refusedBefore) {
          LOG.info("router '" + router + "': the dtab of " + source.show() + " parses again;"
              + " it is version " + before.number() + ", which stayed in force");
        }
        return; // the same dtab, perhaps written another way: not a new version
      }
      DtabVersion now = put(dtab, note);
      LOG.info("router '" + router + "': the dtab of " + source.show() + " is in force for new"
          + " requests (version " + now.number() + ", " + now.hash() + ")");
    } catch (RuntimeException | Error e) { // never into the source's thread
      refuse("could not be judged", e.toString());
    }
  }

  /** Counts, keeps and logs (one line) a refused reading: {@code the dtab of X <what> (why)}. */
  private void refuse(String what, String why) {
    onRefused.run();
    lastRefusal = new DtabVersion.Refusal(why, now());
    DtabVersion before = inForce;
    LOG.warning("router '" + router + "': the dtab of " + source.show() + " " + what + " ("
        + why + "); refused: " + (before == null
            ? "none was in force before it, so requests wait for one"
            : "version " + before.number() + " stays in force"));
  }

  private DtabVersion put(Dtab fromSource, String note) {
    DtabVersion before = inForce;
    DtabVersion now = DtabVersion.of(before == null ? 1 : before.number() + 1, fromSource,
        fromSource.concat(configured), now(), note);
    inForce = now;
    first.complete(now.dtab());
    return now;
  }

  /** The source's dtab in {@code reading}; an IllegalArgumentException says why there is none. */
  private static Dtab dtabOf(Reading reading) {
    if (reading instanceof Reading.Text text) {
      return parse(text.text());
    }
    if (reading instanceof Reading.Unreadable unreadable) {
      throw new IllegalArgumentException(unreadable.why());
    }
    return Dtab.empty();
  }

  /**
   * {@code text} as a dtab.
   *
   * @throws IllegalArgumentException saying what is wrong at which {@code line:column}
   */
  static Dtab parse(String text) {
    try {
      return Dtab.read(text);
    } catch (DtabSyntaxException e) {
      int offset = Math.max(0, Math.min(e.offset(), text.length()));
      int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
      long line = text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
      throw new IllegalArgumentException(e.problem() + " at " + line + ":"
          + (offset - lineStart + 1), e);
    }
  }

  private Instant now() {
    return Instant.now(clock).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  @Override
  public void close() { // not synchronized: a source may be handing a reading in
    if (source != null) {
      source.close();
    }
  }
}
