package io.hoplink.router.accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.codahale.metrics.Counter;
import io.hoplink.config.AccessLogConfig;
import io.hoplink.config.Protocol;
import io.hoplink.config.RollPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Event loops never wait for the disk; files are shared, flushed and closed as routers come and go. */
class AccessLogsTest {
  @TempDir
  Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T12:00:00Z"),
      ZoneId.of("UTC"));

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within 10 s: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  private static EndedExchange request(String path) {
    EndedExchange exchange = new EndedExchange().header("Host", "hello");
    exchange.path = path;
    return exchange;
  }

  private AccessLogConfig file(String name) {
    return new AccessLogConfig(dir.resolve(name).toString(), RollPolicy.NEVER, true, -1);
  }

  /** A sink whose first write waits until the test lets it go. */
  private static final class StuckSink implements LineSink {
    final CountDownLatch writing = new CountDownLatch(1);
    final CountDownLatch letGo = new CountDownLatch(1);
    final List<String> lines = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    @Override
    public void write(String line) {
      writing.countDown();
      try {
        letGo.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      lines.add(line);
    }

    @Override
    public void flush() {
    }

    @Override
    public void reopen() {
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void aFullQueueDropsLinesAndCountsThemWithoutWaiting() throws Exception {
    StuckSink sink = new StuckSink();
    AccessLogs logs = new AccessLogs(clock, 2, (key, config) -> sink);
    Counter dropped = new Counter();
    AccessLog log = logs.open("outgoing", Protocol.HTTP, file("a.log"), dropped);
    log.log(request("/1"));
    assertTrue(sink.writing.await(10, TimeUnit.SECONDS), "the writer took the first line");
    long start = System.nanoTime();
    for (int i = 2; i <= 10; i++) {
      log.log(request("/" + i)); // two fit in the queue, seven do not
    }
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "no waiting");
    assertEquals(7, dropped.getCount());
    sink.letGo.countDown();
    await("three lines written", () -> sink.lines.size() == 3);
    assertTrue(sink.lines.get(0).contains("\"GET /1 HTTP/1.1\""), sink.lines.toString());
    assertTrue(sink.lines.get(2).contains("\"GET /3 HTTP/1.1\""), sink.lines.toString());
    log.release();
    await("closed when nobody holds it", () -> sink.closed);
    assertEquals(List.of(), logs.openPaths());
  }

  @Test
  void routersShareAFileAndItClosesFlushedWhenTheLastLetsGo() throws Exception {
    AccessLogs logs = new AccessLogs(clock, 100, System.out, System.err);
    Counter dropped = new Counter();
    AccessLog before = logs.open("outgoing", Protocol.HTTP, file("shared.log"), dropped);
    // A reload: the router's next generation takes the file before the one before lets go.
    AccessLog after = logs.open("outgoing", Protocol.HTTP,
        new AccessLogConfig(dir.resolve("./shared.log").toString(), RollPolicy.NEVER, true, 3),
        dropped);
    assertEquals(List.of(dir.resolve("shared.log").toString()), logs.openPaths());
    before.log(request("/old"));
    before.release();
    before.release(); // once only
    after.log(request("/new"));
    Path file = dir.resolve("shared.log");
    await("both lines flushed", () -> lines(file).size() == 2);
    assertEquals(1, logs.openPaths().size(), "still open for the one that holds it");
    after.release();
    await("closed", () -> logs.openPaths().isEmpty());
    assertEquals(2, lines(file).size());
    assertEquals(0, dropped.getCount());
  }

  @Test
  void closeWritesWhatIsQueuedAtOnce() throws Exception {
    AccessLogs logs = new AccessLogs(clock, 10_000, System.out, System.err);
    AccessLog log = logs.open("h2", Protocol.H2, file("bye.log"), new Counter());
    for (int i = 0; i < 5000; i++) {
      log.log(request("/" + i));
    }
    logs.close(Duration.ofSeconds(10));
    List<String> lines = lines(dir.resolve("bye.log"));
    assertEquals(5000, lines.size());
    assertTrue(lines.get(4999).contains("\"GET /4999 HTTP/1.1\""), lines.get(4999));
    assertTrue(lines.get(0).contains("[01/01/2024:12:00:00 +0000]"), lines.get(0));
  }

  @Test
  void streamsTakeWholeLines() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    AccessLogs logs = new AccessLogs(clock, 100, System.out,
        new PrintStream(err, true, StandardCharsets.US_ASCII));
    AccessLog log = logs.open("outgoing", Protocol.HTTP,
        new AccessLogConfig("/dev/stderr", RollPolicy.NEVER, true, -1), new Counter());
    log.log(request("/a"));
    log.log(request("/b"));
    await("flushed within a second", () -> err.toString(StandardCharsets.US_ASCII)
        .lines().count() == 2);
    log.release();
    logs.close(Duration.ofSeconds(5));
  }

  @Test
  void aSighupPolicyFileIsOpenedAgainAfterLogrotateMovedIt() throws Exception {
    AccessLogs logs = new AccessLogs(clock, 100, System.out, System.err);
    Path path = dir.resolve("hup.log");
    AccessLog log = logs.open("outgoing", Protocol.HTTP, new AccessLogConfig(path.toString(),
        new RollPolicy(RollPolicy.Kind.SIGHUP, 0, 0), true, -1), new Counter());
    log.log(request("/before"));
    await("written", () -> lines(path).size() == 1);
    Files.move(path, dir.resolve("hup.log.1"));
    logs.reopen();
    await("a new file", () -> Files.exists(path));
    log.log(request("/after"));
    logs.close(Duration.ofSeconds(5));
    assertEquals(1, lines(path).size());
    assertTrue(lines(path).get(0).contains("/after"));
    assertEquals(1, lines(dir.resolve("hup.log.1")).size());
  }

  @Test
  void aFileThatCannotBeOpenedSaysWhich() throws IOException {
    Path blocker = Files.writeString(dir.resolve("not-a-dir"), "");
    AccessLogs logs = new AccessLogs(clock, 10, System.out, System.err);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> logs.open("outgoing", Protocol.HTTP,
            new AccessLogConfig(blocker.resolve("a.log").toString(), RollPolicy.NEVER, true, -1),
            new Counter()));
    assertTrue(e.getMessage().startsWith("cannot open access log " + blocker.resolve("a.log")),
        e.getMessage());
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
