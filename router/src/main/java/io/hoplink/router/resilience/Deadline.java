package io.hoplink.router.resilience;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

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
  /** gRPC's relative deadline: up to 8 digits and a unit, {@code H M S m u n}. */
  public static final String GRPC_TIMEOUT = "grpc-timeout";

  /**
   * The deadline a request arrives with: the strictest of its {@code l5d-ctx-deadline} values
   * and its {@code grpc-timeout} counted from {@code nowNanos} (epoch nanoseconds); null when it
   * has none. Malformed values are ignored.
   */
  public static Deadline fromHeaders(List<String> ctxValues, String grpcTimeout, long nowNanos) {
    Deadline out = parse(ctxValues).orElse(null);
    if (grpcTimeout != null) {
      long timeout = grpcTimeoutNanos(grpcTimeout.trim());
      if (timeout >= 0) {
        Deadline grpc = after(nowNanos, timeout);
        out = out == null ? grpc : out.combined(grpc);
      }
    }
    return out;
  }

  /** A {@code grpc-timeout} value in nanoseconds; -1 when it is malformed. */
  static long grpcTimeoutNanos(String value) {
    if (value.length() < 2 || value.length() > 9) {
      return -1;
    }
    long amount;
    try {
      amount = Long.parseLong(value.substring(0, value.length() - 1));
    } catch (NumberFormatException e) {
      return -1;
    }
    if (amount < 0) {
      return -1;
    }
    return switch (value.charAt(value.length() - 1)) {
      case 'H' -> TimeUnit.HOURS.toNanos(amount);
      case 'M' -> TimeUnit.MINUTES.toNanos(amount);
      case 'S' -> TimeUnit.SECONDS.toNanos(amount);
      case 'm' -> TimeUnit.MILLISECONDS.toNanos(amount);
      case 'u' -> TimeUnit.MICROSECONDS.toNanos(amount);
      case 'n' -> amount;
      default -> -1;
    };
  }

  /** A {@code grpc-timeout} value for {@code nanos} left: microseconds, at most 8 digits. */
  public static String grpcTimeout(long nanos) {
    long micros = Math.max(1, TimeUnit.NANOSECONDS.toMicros(nanos));
    return micros < 100_000_000L ? micros + "u" : Math.min(99_999_999L, micros / 1_000_000) + "S";
  }

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
