package io.hoplink.router.h2;

import io.vertx.core.MultiMap;
import java.util.concurrent.TimeUnit;

/**
 * The time a request has left, from {@code grpc-timeout} (gRPC: up to 8 digits and a unit,
 * {@code H M S m u n}) and {@code l5d-ctx-deadline} (Finagle: {@code <timestamp> <deadline>},
 * nanoseconds since the epoch); the earlier wins.
 */
final class Deadlines {
  static final String GRPC_TIMEOUT = "grpc-timeout";
  static final String CTX_DEADLINE = "l5d-ctx-deadline";
  /** No deadline. */
  static final long NONE = Long.MAX_VALUE;

  private Deadlines() {}

  /** Nanoseconds left (0 or less: already expired), or {@link #NONE}; malformed values are ignored. */
  static long remainingNanos(MultiMap headers, long wallNanos) {
    long left = NONE;
    String timeout = headers.get(GRPC_TIMEOUT);
    if (timeout != null) {
      left = Math.min(left, grpcTimeoutNanos(timeout.trim()));
    }
    for (String value : headers.getAll(CTX_DEADLINE)) {
      String[] parts = value.trim().split(" +");
      if (parts.length == 2) {
        try {
          left = Math.min(left, Long.parseLong(parts[1]) - wallNanos);
        } catch (NumberFormatException ignored) {
          // a malformed context header is not the request's fault: no deadline from it
        }
      }
    }
    return left;
  }

  static long grpcTimeoutNanos(String value) {
    if (value.length() < 2 || value.length() > 9) {
      return NONE;
    }
    long amount;
    try {
      amount = Long.parseLong(value.substring(0, value.length() - 1));
    } catch (NumberFormatException e) {
      return NONE;
    }
    if (amount < 0) {
      return NONE;
    }
    return switch (value.charAt(value.length() - 1)) {
      case 'H' -> TimeUnit.HOURS.toNanos(amount);
      case 'M' -> TimeUnit.MINUTES.toNanos(amount);
      case 'S' -> TimeUnit.SECONDS.toNanos(amount);
      case 'm' -> TimeUnit.MILLISECONDS.toNanos(amount);
      case 'u' -> TimeUnit.MICROSECONDS.toNanos(amount);
      case 'n' -> amount;
      default -> NONE;
    };
  }

  /** A {@code grpc-timeout} value for what is left: microseconds, at most 8 digits. */
  static String grpcTimeout(long nanos) {
    long micros = Math.max(1, TimeUnit.NANOSECONDS.toMicros(nanos));
    return micros < 100_000_000L ? micros + "u" : Math.min(99_999_999L, micros / 1_000_000) + "S";
  }
}
