package io.hoplink.router.resilience;

import java.util.List;
import java.util.Optional;

/**
 * Linkerd's request deadline, carried hop to hop in {@code l5d-ctx-deadline} as two numbers:
 * when it was set and when it expires, both in nanoseconds since the epoch
 * ({@code 1700000000000000000 1700000000500000000}).
 *
 * @param timestampNanos when the deadline was set (epoch nanoseconds)
 * @param deadlineNanos when the request must be done (epoch nanoseconds)
 */
public record Deadline(long timestampNanos, long deadlineNanos) {
  public static final String HEADER = "l5d-ctx-deadline";

  /**
   * The strictest deadline of the header values (latest timestamp, earliest deadline); values
   * that do not parse are ignored, as Linkerd ignores them.
   */
  public static Optional<Deadline> parse(List<String> values) {
    Deadline out = null;
    for (String value : values) {
      Deadline next = parseOne(value);
      if (next != null) {
        out = out == null ? next : out.combined(next);
      }
    }
    return Optional.ofNullable(out);
  }

  private static Deadline parseOne(String value) {
    String[] parts = value.trim().split(" +");
    if (parts.length != 2) {
      return null;
    }
    try {
      return new Deadline(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A deadline set at {@code nowNanos} that ends {@code timeoutNanos} later. */
  public static Deadline after(long nowNanos, long timeoutNanos) {
    return new Deadline(nowNanos, saturatedAdd(nowNanos, timeoutNanos));
  }

  /** The later timestamp and the earlier deadline of the two. */
  public Deadline combined(Deadline other) {
    return new Deadline(Math.max(timestampNanos, other.timestampNanos),
        Math.min(deadlineNanos, other.deadlineNanos));
  }

  /** Nanoseconds left at {@code nowNanos}; zero or less once expired. */
  public long remainingNanos(long nowNanos) {
    return deadlineNanos - nowNanos;
  }

  public boolean expired(long nowNanos) {
    return remainingNanos(nowNanos) <= 0;
  }

  /** The header value. */
  public String show() {
    return timestampNanos + " " + deadlineNanos;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
