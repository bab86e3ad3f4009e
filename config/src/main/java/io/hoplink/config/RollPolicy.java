package io.hoplink.config;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When an access log file is rolled, as Linkerd 1.x (twitter util-logging's {@code Policy.parse})
 * reads {@code httpAccessLogRollPolicy}: {@code never}, {@code hourly}, {@code daily},
 * {@code weekly(n)} (n: 1 Sunday to 7 Saturday, as java.util.Calendar counts), {@code sighup}
 * (reopened on SIGHUP, for logrotate), or a size such as {@code 100.megabytes} (units byte,
 * kilobyte, megabyte, gigabyte, terabyte, petabyte, exabyte, singular or plural, powers of 1024).
 * Names are case-insensitive.
 *
 * @param weekday for WEEKLY: 1 (Sunday) to 7 (Saturday); else 0
 * @param maxBytes for MAX_SIZE: the size a file may reach; else 0
 */
public record RollPolicy(Kind kind, int weekday, long maxBytes) {
  public enum Kind { NEVER, HOURLY, DAILY, WEEKLY, SIGHUP, MAX_SIZE }

  public static final RollPolicy NEVER = new RollPolicy(Kind.NEVER, 0, 0);
  private static final Pattern WEEKLY = Pattern.compile("(?i)weekly\\(([0-9]+)\\)");
  private static final Pattern SIZE = Pattern.compile("([0-9]+)\\.([A-Za-z]+)");
  private static final String[] UNITS =
      {"byte", "kilobyte", "megabyte", "gigabyte", "terabyte", "petabyte", "exabyte"};
  private static final Map<String, Kind> NAMES = Map.of("never", Kind.NEVER, "hourly",
      Kind.HOURLY, "daily", Kind.DAILY, "sighup", Kind.SIGHUP);

  public RollPolicy {
    java.util.Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.WEEKLY) != (weekday >= 1 && weekday <= 7)) {
      throw new IllegalArgumentException("weekday: " + weekday + " for " + kind);
    }
    if ((kind == Kind.MAX_SIZE) != (maxBytes > 0)) {
      throw new IllegalArgumentException("maxBytes: " + maxBytes + " for " + kind);
    }
  }

  /** Reads a policy as Linkerd does; anything else is an error at {@code node}. */
  static RollPolicy parse(ConfigNode node) {
    String text = node.asString().strip();
    Kind named = NAMES.get(text.toLowerCase(Locale.ROOT));
    if (named != null) {
      return new RollPolicy(named, 0, 0);
    }
    Matcher weekly = WEEKLY.matcher(text);
    if (weekly.matches()) {
      int day = weekly.group(1).length() > 1 ? 0 : Integer.parseInt(weekly.group(1));
      if (day < 1 || day > 7) {
        throw node.error("'" + text + "': the day of weekly(n) is 1 (Sunday) to 7 (Saturday)");
      }
      return new RollPolicy(Kind.WEEKLY, day, 0);
    }
    Matcher size = SIZE.matcher(text);
    if (size.matches()) {
      int unit = unit(size.group(2));
      if (unit >= 0) {
        try {
          long bytes = Math.multiplyExact(Long.parseLong(size.group(1)), 1L << (10 * unit));
          if (bytes > 0) {
            return new RollPolicy(Kind.MAX_SIZE, 0, bytes);
          }
        } catch (ArithmeticException | NumberFormatException e) {
          throw node.error("'" + text + "' is too large a size");
        }
      }
    }
    throw node.error("'" + text + "' is not a roll policy (expected: never, hourly, daily,"
        + " weekly(n) with n 1 (Sunday) to 7 (Saturday), sighup, or a size above 0 such as"
        + " 100.megabytes)");
  }

  private static int unit(String text) {
    String name = text.toLowerCase(Locale.ROOT);
    if (name.endsWith("s")) {
      name = name.substring(0, name.length() - 1);
    }
    for (int i = 0; i < UNITS.length; i++) {
      if (UNITS[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the file rolls at fixed times (hourly, daily, weekly). */
  public boolean timed() {
    return kind == Kind.HOURLY || kind == Kind.DAILY || kind == Kind.WEEKLY;
  }

  /** As Linkerd spells it: {@code daily}, {@code weekly(1)}, {@code 100.megabytes}. */
  public String show() {
    return switch (kind) {
      case WEEKLY -> "weekly(" + weekday + ")";
      case MAX_SIZE -> {
        int unit = 0;
        while (unit < UNITS.length - 1 && maxBytes % (1L << (10 * (unit + 1))) == 0) {
          unit++;
        }
        long count = maxBytes >> (10 * unit);
        yield count + "." + UNITS[unit] + (count == 1 ? "" : "s");
      }
      default -> kind.name().toLowerCase(Locale.ROOT);
    };
  }
}
