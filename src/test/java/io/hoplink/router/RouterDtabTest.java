package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.naming.Dtab;
import io.hoplink.naming.DtabSource;
import io.hoplink.naming.DtabSource.Reading;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a router judges what its interpreter's source reads, the same for every source (a fake
 * one here): a dtab that parses is in force, after the source's part the configured one, as a
 * new version; one that does not is refused, counted and logged once with its line:column, and
 * the one before stays; an absent one is the empty dtab; nothing is in force before the first.
 */
class RouterDtabTest {
  private static final Dtab CONFIGURED = Dtab.read("/svc => /#/io.l5d.fs");

  /** A source the test reads for: it hands on what the test says it read. */
  static final class FakeSource implements DtabSource {
    Consumer<Reading> readings;
    boolean closed;

    void read(Reading reading) {
      readings.accept(reading);
    }

    void read(String text) {
      read(new Reading.Text(text));
    }

    @Override
    public String show() {
      return "the fake source";
    }

    @Override
    public Map<String, Object> describe() {
      return Map.of("kind", "fake");
    }

    @Override
    public void start(Consumer<Reading> readings) {
      this.readings = readings;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** A clock the test moves. */
  static final class SteppingClock extends Clock {
    Instant now = Instant.parse("2024-05-01T10:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private final FakeSource source = new FakeSource();
  private final SteppingClock clock = new SteppingClock();
  private final AtomicInteger refused = new AtomicInteger();
  private final List<String> log = new ArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      log.add(record.getLevel() + " " + record.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private RouterDtab dtab;
  private java.util.logging.Level levelBefore;

  @BeforeEach
  void watch() {
    levelBefore = Logger.getLogger("hoplink").getLevel();
    Logger.getLogger("hoplink").setLevel(java.util.logging.Level.INFO);
    Logger.getLogger("hoplink").addHandler(capture);
    dtab = RouterDtab.watched("outgoing", CONFIGURED, source, refused::incrementAndGet, clock);
    dtab.start();
  }

  @AfterEach
  void stop() {
    Logger.getLogger("hoplink").removeHandler(capture);
    Logger.getLogger("hoplink").setLevel(levelBefore);
    dtab.close();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> state() {
    return (Map<String, Object>) dtab.state();
  }

  @Test
  void nothingIsInForceBeforeTheFirstReading() {
    assertNull(dtab.current());
    assertFalse(dtab.first().toCompletableFuture().isDone());
    assertEquals("pending", state().get("state"));
    assertNull(state().get("dtab"));

    source.read("/svc => /$/inet/127.0.0.1/8080;");
    assertEquals(Dtab.read("/svc => /$/inet/127.0.0.1/8080; /svc => /#/io.l5d.fs"),
        dtab.first().toCompletableFuture().getNow(null));
  }

  @Test
  void theSourcesDtabComesFirstThenTheConfiguredOneAsANewVersion() {
    source.read("/svc => /$/inet/127.0.0.1/8080;");
    assertEquals(Dtab.read("/svc => /$/inet/127.0.0.1/8080; /svc => /#/io.l5d.fs"),
        dtab.current(), "later dentries win: the router's own dtab overrides the source's");
    assertEquals(1L, state().get("version"));
    assertEquals("2024-05-01T10:00:00Z", state().get("appliedAt"));
    assertEquals(DtabVersion.hash(dtab.current()), state().get("hash"));
    assertEquals(12, ((String) state().get("hash")).length());
    assertEquals(List.of("/svc=>/$/inet/127.0.0.1/8080", "/svc=>/#/io.l5d.fs"),
        state().get("dentries"));
    assertEquals(Map.of("kind", "fake"), state().get("source"));

    clock.now = clock.now.plusSeconds(60);
    source.read("/svc => /$/inet/127.0.0.1/9090;");
    assertEquals(2L, state().get("version"));
    assertEquals("2024-05-01T10:01:00Z", state().get("appliedAt"));
    assertEquals(List.of("INFO router 'outgoing': the dtab of the fake source is in force for new"
        + " requests (version 1, " + DtabVersion.hash(Dtab.read(
            "/svc => /$/inet/127.0.0.1/8080; /svc => /#/io.l5d.fs")) + ")",
        "INFO router 'outgoing': the dtab of the fake source is in force for new requests"
        + " (version 2, " + state().get("hash") + ")"), log);
  }

  @Test
  void aDtabThatDoesNotParseIsRefusedOnceAtItsLineAndColumnAndTheOneBeforeStays() {
    source.read("/svc => /$/inet/127.0.0.1/8080;");
    Dtab before = dtab.current();
    log.clear();
    clock.now = clock.now.plusSeconds(5);

    source.read("/svc => /$/inet/127.0.0.1/9090;\n/host => ;\n");
    assertEquals(before, dtab.current());
    assertEquals(1, refused.get());
    assertEquals(1L, state().get("version"));
    @SuppressWarnings("unchecked")
    Map<String, Object> refusal = (Map<String, Object>) state().get("lastRefused");
    assertEquals("2024-05-01T10:00:05Z", refusal.get("at"));
    assertTrue(((String) refusal.get("error")).endsWith(" at 2:10"), refusal.toString());
    assertEquals(1, log.size(), log.toString());
    assertTrue(log.get(0).startsWith("WARNING router 'outgoing': the dtab of the fake source"
        + " does not parse ("), log.get(0));
    assertTrue(log.get(0).endsWith(" at 2:10); refused: version 1 stays in force"), log.get(0));

    source.read("/svc => /$/inet/127.0.0.1/9090;\n/host => ;\n"); // an unrelated change
    assertEquals(1, refused.get(), "the same reading is not refused twice");
    assertEquals(1, log.size(), log.toString());

    source.read("/svc => /$/inet/127.0.0.1/9090;");
    assertEquals(Dtab.read("/svc => /$/inet/127.0.0.1/9090; /svc => /#/io.l5d.fs"),
        dtab.current(), "a good dtab after a refused one is in force");
    assertEquals(2L, state().get("version"));
    assertEquals(refusal, state().get("lastRefused"), "the last refusal stays shown");
  }

  @Test
  void aRefusedFirstReadingLeavesNothingInForce() {
    source.read("/svc => => /x");
    assertNull(dtab.current());
    assertEquals(1, refused.get());
    assertTrue(log.get(0).endsWith("; refused: none was in force before it, so requests wait"
        + " for one"),
        log.toString());
    source.read(new Reading.Unreadable("the file is not UTF-8 text"));
    assertEquals(2, refused.get());
    assertTrue(log.get(1).contains(" cannot be a dtab (the file is not UTF-8 text); refused"),
        log.toString());
  }

  @Test
  void anAbsentDtabIsTheEmptyOneLoggedOnceWithWhy() {
    source.read("/svc => /$/inet/127.0.0.1/8080;");
    log.clear();
    source.read(new Reading.Absent("the ConfigMap default/dtabs does not exist"));
    assertEquals(CONFIGURED, dtab.current());
    assertEquals(2L, state().get("version"));
    assertEquals("the ConfigMap default/dtabs does not exist", state().get("note"));
    assertEquals(0, refused.get(), "absent is not refused");
    source.read(new Reading.Absent("the ConfigMap default/dtabs does not exist"));
    assertEquals(2, log.size(), "one warning and one version line: " + log);
    assertTrue(log.get(0).startsWith("WARNING router 'outgoing': the ConfigMap default/dtabs does"
        + " not exist; its dtab is empty"), log.get(0));
  }

  @Test
  void theSameDtabWrittenAnotherWayIsNotANewVersion() {
    source.read("/svc => /$/inet/127.0.0.1/8080;");
    source.read("# a comment\n/svc=>/$/inet/127.0.0.1/8080\n");
    assertEquals(1L, state().get("version"));
  }

  @Test
  void parseErrorsSayLineAndColumn() {
    String first = assertThrows(IllegalArgumentException.class,
        () -> RouterDtab.parse("/svc /x")).getMessage();
    assertTrue(first.endsWith(" at 1:6"), first);
    String message = assertThrows(IllegalArgumentException.class,
        () -> RouterDtab.parse("/a => /b;\n\n  /c => ;")).getMessage();
    assertTrue(message.endsWith(" at 3:9"), message);
  }

  @Test
  void aFixedDtabIsVersionOneAtOnceAndInline() {
    RouterDtab fixed = RouterDtab.fixed(CONFIGURED, clock);
    assertEquals(CONFIGURED, fixed.current());
    assertTrue(fixed.first().toCompletableFuture().isDone());
    @SuppressWarnings("unchecked")
    Map<String, Object> shown = (Map<String, Object>) fixed.state();
    assertEquals(Map.of("kind", "inline"), shown.get("source"));
    assertEquals(1L, shown.get("version"));
    assertNull(shown.get("lastRefused"));
  }

  @Test
  void aRequiredFirstReadingThatDoesNotParseThrows() {
    RouterDtab strict = RouterDtab.watched("r", CONFIGURED, new FakeSource(), () -> { }, clock);
    assertThrows(IllegalArgumentException.class,
        () -> strict.requireFirst(new Reading.Text("/a => ")));
    strict.requireFirst(new Reading.Text("/a => /b"));
    assertEquals(Dtab.read("/a => /b; /svc => /#/io.l5d.fs"), strict.current());
  }

  @Test
  void closingTheDtabClosesItsSource() {
    dtab.close();
    assertTrue(source.closed);
  }
}
