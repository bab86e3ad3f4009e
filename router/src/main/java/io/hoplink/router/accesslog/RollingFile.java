package io.hoplink.router.accesslog;

import io.hoplink.config.RollPolicy;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An access log file, rolled as Linkerd's (twitter util-logging's FileHandler) is: checked as
 * each line is written, at the first line past the hour, midnight or the week's day (in the
 * clock's zone), or before a line that would take the file past its size. The file is renamed
 * {@code <name>-<when it was opened><.ext>} ({@code access-20240101.log}; hourly
 * {@code -20240101-13}, by size {@code -20240101-131500}), a new one is opened, and of the rolled
 * files only the {@code rotateCount} newest are kept (-1: all). Where Linkerd would overwrite a
 * rolled file of the same name, a sequence number is added ({@code access-20240101-131500.1.log});
 * only files named so are ever deleted. Used by one thread; lines are ASCII.
 */
final class RollingFile implements LineSink {
  private static final int BUFFER_BYTES = 64 * 1024;

  private final Path file;
  private final String prefix;
  private final String suffix;
  private final Pattern rolledName;
  private final Clock clock;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private volatile RollPolicy policy;
  private volatile int rotateCount;
  private int buffered;
  private OutputStream out;
  private final java.util.function.Consumer<IOException> trouble;
  private long openedMillis;
  /** The policy {@link #nextRollMillis} was worked out for: a reload may change it. */
  private RollPolicy scheduledBy;
  private long nextRollMillis = Long.MAX_VALUE;
  private long bytes;

  /**
   * Opens {@code file} (its directory made if missing); truncated unless {@code append}. A
   * failure to roll goes to {@code trouble}, and the lines go on into the file as it is.
   */
  RollingFile(Path file, RollPolicy policy, boolean append, int rotateCount, Clock clock,
      java.util.function.Consumer<IOException> trouble) throws IOException {
    this.trouble = trouble;
    this.file = file.toAbsolutePath().normalize();
    this.policy = policy;
    this.rotateCount = rotateCount;
    this.clock = clock;
    String name = this.file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    this.prefix = dot > 0 ? name.substring(0, dot) : name;
    this.suffix = dot > 0 ? name.substring(dot) : "";
    this.rolledName = Pattern.compile(Pattern.quote(prefix)
        + "-(\\d{4}|\\d{8}(?:-\\d{2}(?:\\d{4})?)?)(?:\\.(\\d+))?" + Pattern.quote(suffix));
    Path dir = this.file.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    open(append);
  }

  /** Takes a reloaded config's roll policy and rotate count (append applies when opened). */
  void settings(RollPolicy policy, int rotateCount) {
    this.policy = policy;
    this.rotateCount = rotateCount;
  }

  @Override
  public void write(String line) throws IOException {
    int length = line.length() + 1;
    RollPolicy roll = policy;
    if (roll != scheduledBy) {
      scheduledBy = roll;
      nextRollMillis = nextRoll(roll, openedMillis);
    }
    if (roll.timed() && clock.millis() >= nextRollMillis
        || roll.kind() == RollPolicy.Kind.MAX_SIZE && bytes > 0 && bytes + length > roll.maxBytes()) {
      roll();
    }
    if (buffered + length > buffer.length) {
      flush();
    }
    if (length > buffer.length) {
      out.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    } else {
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        buffer[buffered++] = c < 0x80 ? (byte) c : (byte) '?';
      }
      buffer[buffered++] = '\n';
    }
    bytes += length;
  }

  @Override
  public void flush() throws IOException {
    if (buffered > 0) {
      out.write(buffer, 0, buffered);
      buffered = 0;
    }
  }

  /** Opens the path again, appending: after logrotate moved the file away ({@code sighup}). */
  @Override
  public void reopen() throws IOException {
    flush();
    out.close();
    open(true);
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      out.close();
    }
  }

  Path file() {
    return file;
  }

  private void open(boolean append) throws IOException {
    out = new FileOutputStream(file.toFile(), append);
    bytes = append ? Files.size(file) : 0;
    openedMillis = clock.millis();
    scheduledBy = policy;
    nextRollMillis = nextRoll(scheduledBy, openedMillis);
  }

  /** Renames the file after when it was opened, opens a new one, and deletes the oldest. */
  void roll() throws IOException {
    flush();
    out.close();
    try {
      Files.move(file, rolledPath());
    } catch (IOException e) {
      trouble.accept(e);
    }
    open(true); // where the rename failed, the lines go on into the same file
    try {
      removeOldFiles();
    } catch (IOException e) {
      trouble.accept(e);
    }
  }

  private Path rolledPath() {
    String stamp = stampFormat(policy).format(Instant.ofEpochMilli(openedMillis));
    Path rolled = file.resolveSibling(prefix + "-" + stamp + suffix);
    for (int n = 1; Files.exists(rolled); n++) {
      rolled = file.resolveSibling(prefix + "-" + stamp + "." + n + suffix);
    }
    return rolled;
  }

  private DateTimeFormatter stampFormat(RollPolicy roll) {
    String pattern = switch (roll.kind()) {
      case HOURLY -> "yyyyMMdd-HH";
      case DAILY, WEEKLY -> "yyyyMMdd";
      case MAX_SIZE -> "yyyyMMdd-HHmmss";
      default -> "yyyy";
    };
    return DateTimeFormatter.ofPattern(pattern).withZone(clock.getZone());
  }

  /** Keeps the {@code rotateCount} newest rolled files: by the time in their name, then number. */
  void removeOldFiles() throws IOException {
    int keep = rotateCount;
    if (keep < 0) {
      return;
    }
    record Rolled(Path path, String stamp, int number) {}
    List<Rolled> rolled = new ArrayList<>();
    try (Stream<Path> siblings = Files.list(file.getParent())) {
      siblings.forEach(path -> {
        Matcher m = rolledName.matcher(path.getFileName().toString());
        if (m.matches()) {
          rolled.add(new Rolled(path, m.group(1),
              m.group(2) == null ? 0 : Integer.parseInt(m.group(2))));
        }
      });
    }
    rolled.sort(Comparator.comparing(Rolled::stamp).thenComparingInt(Rolled::number));
    for (int i = 0; i < rolled.size() - keep; i++) {
      Files.deleteIfExists(rolled.get(i).path());
    }
  }

  /** When a file opened at {@code millis} rolls; Long.MAX_VALUE unless the policy is timed. */
  long nextRoll(RollPolicy roll, long millis) {
    ZonedDateTime now = Instant.ofEpochMilli(millis).atZone(clock.getZone());
    ZonedDateTime next = switch (roll.kind()) {
      case HOURLY -> now.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      case DAILY -> now.toLocalDate().plusDays(1).atStartOfDay(now.getZone());
      case WEEKLY -> {
        var day = now.toLocalDate().plusDays(1);
        // java.util.Calendar's days, as Linkerd's weekly(n) counts them: 1 Sunday to 7 Saturday
        while (day.getDayOfWeek().getValue() % 7 + 1 != roll.weekday()) {
          day = day.plusDays(1);
        }
        yield day.atStartOfDay(now.getZone());
      }
      default -> null;
    };
    return next == null ? Long.MAX_VALUE : next.toInstant().toEpochMilli();
  }
}
