package io.hoplink.namers.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.hoplink.naming.DtabSource.Reading;
import io.hoplink.naming.NamerContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code io.l5d.fs} interpreter's dtab file as a source: a reading when the bytes change
 * (a swap included), none while the file is gone for a moment, an unreadable one for bytes that
 * are not UTF-8.
 */
class DtabFileSourceTest {
  @TempDir Path dir;
  private final List<Reading> readings = new CopyOnWriteArrayList<>();
  private DtabFileSource source;

  @AfterEach
  void stop() {
    if (source != null) {
      source.close();
    }
  }

  private void awaitReadings(int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (readings.size() < count) {
      if (System.nanoTime() > deadline) {
        fail("not " + count + " readings within 30 s: " + readings);
      }
      Thread.sleep(10);
    }
  }

  /** Replaces the file at once, as an editor or a ConfigMap update does. */
  private void replace(Path file, byte[] bytes) throws java.io.IOException {
    Path next = Files.write(dir.resolve("next"), bytes);
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void changedBytesAreAReadingAndUnchangedOnesAreNot() throws Exception {
    Path file = Files.writeString(dir.resolve("router.dtab"), "/svc => /a;");
    source = new DtabFileSource(file, Duration.ofMillis(20), NamerContext.daemonThreads());
    assertEquals(new Reading.Text("/svc => /a;"), source.readNow());
    source.start(readings::add);
    awaitReadings(1);

    Files.delete(file); // a swap in progress: no reading
    replace(file, "/svc => /b;".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    awaitReadings(2);
    replace(file, new byte[] {'/', 'a', (byte) 0xff});
    awaitReadings(3);
    Thread.sleep(100); // several looks at unchanged bytes (only that nothing more comes)
    assertEquals(List.of(new Reading.Text("/svc => /a;"), new Reading.Text("/svc => /b;"),
        new Reading.Unreadable(file + " is not UTF-8 text")), readings);
  }

  @Test
  void aFileThatCannotBeReadNowSaysSo() {
    source = new DtabFileSource(dir.resolve("missing.dtab"), Duration.ofSeconds(1),
        NamerContext.daemonThreads());
    assertThrows(java.io.IOException.class, source::readNow);
    assertEquals("the file " + dir.resolve("missing.dtab"), source.show());
  }
}
