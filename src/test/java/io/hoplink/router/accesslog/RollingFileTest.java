package io.hoplink.router.accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.RollPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rolling as Linkerd's FileHandler rolls, on a clock the test moves. */
class RollingFileTest {
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final RollPolicy HOURLY = new RollPolicy(RollPolicy.Kind.HOURLY, 0, 0);
  private static final RollPolicy DAILY = new RollPolicy(RollPolicy.Kind.DAILY, 0, 0);

  @TempDir
  Path dir;
  private final MutableClock clock =
      new MutableClock(Instant.parse("2024-01-01T13:59:30Z"), UTC);
  private final List<IOException> trouble = new ArrayList<>();

  private RollingFile open(String name, RollPolicy policy, boolean append, int rotateCount)
      throws IOException {
    return new RollingFile(dir.resolve(name), policy, append, rotateCount, clock, trouble::add);
  }

  private List<String> files() throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private String read(String name) throws IOException {
    return Files.readString(dir.resolve(name));
  }

  @Test
  void hourlyRollsAtTheFirstLinePastTheHourIntoAFileNamedForWhenItWasOpened()
      throws IOException {
    RollingFile file = open("access.log", HOURLY, true, -1);
    file.write("a");
    clock.advance(Duration.ofSeconds(29));
    file.write("b"); // 13:59:59
    clock.advance(Duration.ofSeconds(2));
    file.write("c"); // 14:00:01: rolls first
    file.close();
    assertEquals(List.of("access-20240101-13.log", "access.log"), files());
    assertEquals("a\nb\n", read("access-20240101-13.log"));
    assertEquals("c\n", read("access.log"));
    assertEquals(List.of(), trouble);
  }

  @Test
  void dailyAndWeeklyRollAtMidnightInTheClocksZone() {
    long open = Instant.parse("2024-01-03T22:30:00Z").toEpochMilli(); // a Wednesday, UTC
    ZoneId paris = ZoneId.of("Europe/Paris"); // 23:30 there
    MutableClock inParis = new MutableClock(Instant.ofEpochMilli(open), paris);
    try {
      RollingFile file = new RollingFile(dir.resolve("w.log"), DAILY, true, -1, inParis,
          trouble::add);
      assertEquals(Instant.parse("2024-01-03T23:00:00Z").toEpochMilli(),
          file.nextRoll(DAILY, open), "midnight in Paris");
      // weekly(1) is Sunday, as java.util.Calendar counts: Sunday 7 January
      assertEquals(Instant.parse("2024-01-06T23:00:00Z").toEpochMilli(),
          file.nextRoll(new RollPolicy(RollPolicy.Kind.WEEKLY, 1, 0), open));
      // weekly(5) is Thursday: the next day, not today
      assertEquals(Instant.parse("2024-01-03T23:00:00Z").toEpochMilli(),
          file.nextRoll(new RollPolicy(RollPolicy.Kind.WEEKLY, 5, 0), open));
      assertEquals(Instant.parse("2024-01-09T23:00:00Z").toEpochMilli(),
          file.nextRoll(new RollPolicy(RollPolicy.Kind.WEEKLY, 4, 0), open), "Wednesday: a week");
      assertEquals(Long.MAX_VALUE, file.nextRoll(RollPolicy.NEVER, open));
      file.close();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void rotateCountKeepsTheNewestRolledFilesAndNoOneElses() throws IOException {
    Files.writeString(dir.resolve("access-h2.log"), "another router's\n");
    Files.writeString(dir.resolve("access.log.bak"), "kept by hand\n");
    Files.writeString(dir.resolve("access-2023.txt"), "not ours\n");
    RollingFile file = open("access.log", DAILY, true, 2);
    for (int day = 0; day < 5; day++) {
      file.write("day " + day);
      clock.advance(Duration.ofDays(1));
    }
    file.write("today");
    file.close();
    assertEquals(List.of("access-2023.txt", "access-20240104.log", "access-20240105.log",
        "access-h2.log", "access.log", "access.log.bak"), files());
    assertEquals("day 3\n", read("access-20240104.log"));
    assertEquals("day 4\n", read("access-20240105.log"));
    assertEquals("today\n", read("access.log"));
  }

  @Test
  void aSizePolicyRollsBeforeTheLineThatWouldPassItAndNumbersNamesOfOneSecond()
      throws IOException {
    RollingFile file = open("size.log", new RollPolicy(RollPolicy.Kind.MAX_SIZE, 0, 10), true, -1);
    file.write("12345"); // 6 bytes
    file.write("123"); // 10
    file.write("1"); // would be 12: rolls first
    file.write("123456789"); // 2 + 10: rolls
    file.write("0123456789abc"); // longer than the limit: rolls, then written whole
    file.close();
    assertEquals(List.of("size-20240101-135930.1.log", "size-20240101-135930.2.log",
        "size-20240101-135930.log", "size.log"), files());
    assertEquals("12345\n123\n", read("size-20240101-135930.log"));
    assertEquals("1\n", read("size-20240101-135930.1.log"));
    assertEquals("123456789\n", read("size-20240101-135930.2.log"));
    assertEquals("0123456789abc\n", read("size.log"));
  }

  @Test
  void rotateCountZeroKeepsNoRolledFile() throws IOException {
    RollingFile file = open("zero.log", HOURLY, true, 0);
    file.write("old");
    clock.advance(Duration.ofHours(1));
    file.write("new");
    file.close();
    assertEquals(List.of("zero.log"), files());
    assertEquals("new\n", read("zero.log"));
  }

  @Test
  void appendKeepsWhatTheFileHeldAndFalseTruncatesIt() throws IOException {
    Files.writeString(dir.resolve("a.log"), "before\n");
    Files.writeString(dir.resolve("t.log"), "before\n");
    RollingFile append = open("a.log", RollPolicy.NEVER, true, -1);
    RollingFile truncate = open("t.log", RollPolicy.NEVER, false, -1);
    append.write("after");
    truncate.write("after");
    append.close();
    truncate.close();
    assertEquals("before\nafter\n", read("a.log"));
    assertEquals("after\n", read("t.log"));
  }

  @Test
  void aReloadedPolicyTakesEffectAndReopenFollowsAMovedFile() throws IOException {
    RollingFile file = open("r.log", RollPolicy.NEVER, true, -1);
    file.write("one");
    file.settings(HOURLY, -1);
    clock.advance(Duration.ofMinutes(1)); // 14:00:30, past the hour after it was opened
    file.write("two");
    file.flush();
    assertEquals(List.of("r-20240101-13.log", "r.log"), files());
    Files.move(dir.resolve("r.log"), dir.resolve("moved.log")); // as logrotate does
    file.write("three");
    file.reopen();
    file.write("four");
    file.close();
    assertEquals("two\nthree\n", read("moved.log"));
    assertEquals("four\n", read("r.log"));
    assertTrue(trouble.isEmpty(), trouble.toString());
  }
}
