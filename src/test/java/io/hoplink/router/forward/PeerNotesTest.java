package io.hoplink.router.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Trouble from clients is logged once per kind and interval, in one line, without a trace. */
class PeerNotesTest {
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final AtomicLong now = new AtomicLong();

  private PeerNotes notes() {
    Logger log = Logger.getLogger("hoplink.test.peers." + System.nanoTime());
    log.setUseParentHandlers(false);
    log.setLevel(java.util.logging.Level.INFO); // the notes are INFO lines

    log.addHandler(new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    });
    return new PeerNotes(log, 10, TimeUnit.SECONDS, now::get);
  }

  @Test
  void aFloodOfOneKindIsOneLinePerIntervalWithTheCountFolded() {
    PeerNotes notes = notes();
    for (int i = 0; i < 1000; i++) {
      notes.note("client connection to 0.0.0.0:4140",
          new IOException("Connection reset by peer\nsecond line"));
    }
    assertEquals(1, records.size());
    LogRecord first = records.get(0);
    assertNull(first.getThrown(), "no stack trace");
    assertEquals("client connection to 0.0.0.0:4140: IOException: Connection reset by peer "
        + "second line", first.getMessage());

    now.addAndGet(TimeUnit.SECONDS.toNanos(10));
    notes.note("client connection to 0.0.0.0:4140", new IOException("Connection reset by peer"));
    assertEquals(2, records.size());
    assertTrue(records.get(1).getMessage().endsWith(" suppressed=999"),
        records.get(1).getMessage());
  }

  @Test
  void eachKindHasItsOwnLine() {
    PeerNotes notes = notes();
    notes.note("a", new IOException("x"));
    notes.note("a", new IllegalStateException("y"));
    notes.note("b", new IOException("z"));
    notes.note("a", new IOException("x"));
    assertEquals(3, records.size());
  }
}
