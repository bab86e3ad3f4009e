package io.hoplink.router.identity;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.Counter;
import io.hoplink.router.Timers;
import io.hoplink.router.telemetry.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Keeps a certificate in use: gets the first (retrying until a start deadline, unless the issuer
 * refuses), then renews it as its {@link RenewalSchedule} says, forever. A failed renewal leaves
 * the certificate in use as it is and is tried again. One log line per certificate and per
 * failure; {@code renewals}, {@code failures} and {@code cert_expiry_seconds} in its metrics
 * scope.
 */
public final class Renewer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("hoplink");

  /** A certificate obtained and put in use: when it expires, and whom it names (for logs). */
  public record Issued(Instant notAfter, String names) {
    public Issued {
      requireNonNull(notAfter, "notAfter");
      requireNonNull(names, "names");
    }
  }

  /** One attempt to obtain a certificate and put it in use. */
  @FunctionalInterface
  public interface Attempt {
    Future<Issued> run();
  }

  /** The issuer's refusal, which trying again would not change: a start ends at once. */
  public static final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message);
    }
  }

  private final String what;
  private final Attempt attempt;
  private final RenewalSchedule schedule;
  private final Timers timers;
  private final Clock clock;
  private final Counter renewals;
  private final Counter failures;
  private final Promise<Issued> first = Promise.promise();
  private volatile Issued current;
  private Instant startDeadline;
  private Duration startTimeout;
  private long timer = -1;
  private boolean closed;

  public Renewer(String what, Attempt attempt, RenewalSchedule schedule, Timers timers,
      Clock clock, Metrics scope) {
    this.what = requireNonNull(what, "what");
    this.attempt = requireNonNull(attempt, "attempt");
    this.schedule = requireNonNull(schedule, "schedule");
    this.timers = requireNonNull(timers, "timers");
    this.clock = requireNonNull(clock, "clock");
    this.renewals = scope.counter("renewals");
    this.failures = scope.counter("failures");
    scope.gauge("cert_expiry_seconds", () -> {
      Issued in = current;
      return in == null ? 0 : Duration.between(clock.instant(), in.notAfter()).toSeconds();
    });
  }

  /**
   * Completes once the first certificate is in use, or fails with why not: at once when the
   * issuer refuses, else after {@code timeout} of tries. Renewals follow by themselves.
   */
  public synchronized Future<Issued> start(Duration timeout) {
    startTimeout = requireNonNull(timeout, "timeout");
    startDeadline = clock.instant().plus(timeout);
    tryNow();
    return first.future();
  }

  /** The certificate in use, if any. */
  public Optional<Issued> current() {
    return Optional.ofNullable(current);
  }

  private void tryNow() {
    Future<Issued> result;
    try {
      result = attempt.run();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      synchronized (this) {
        if (closed) {
          return;
        }
        if (ar.succeeded()) {
          succeeded(ar.result());
        } else {
          failed(ar.cause());
        }
      }
    });
  }

  private void succeeded(Issued issued) {
    boolean renewal = current != null;
    current = issued;
    Duration next = schedule.renewed(clock.instant(), issued.notAfter());
    if (renewal) {
      renewals.inc();
    }
    LOG.info(what + ": " + (renewal ? "renewed: " : "") + "certificate for " + issued.names()
        + " valid until " + issued.notAfter() + "; renewal in " + next.toMillis() + " ms");
    later(next);
    first.tryComplete(issued);
  }

  private void failed(Throwable cause) {
    failures.inc();
    Instant now = clock.instant();
    String why = oneLine(cause);
    Issued inUse = current;
    if (inUse == null) {
      if (cause instanceof Refused) {
        first.tryFail(new IllegalStateException(what + ": refused: " + why));
        return;
      }
      if (!now.isBefore(startDeadline)) {
        first.tryFail(new IllegalStateException(what + ": no certificate within "
            + startTimeout.toMillis() + " ms (startTimeoutMs); the last try: " + why));
        return;
      }
      Duration next = schedule.failed(now, Optional.empty());
      Duration left = Duration.between(now, startDeadline);
      next = next.compareTo(left) > 0 ? left : next;
      LOG.warning(what + ": no certificate yet (" + why + "); next try in " + next.toMillis()
          + " ms");
      later(next);
      return;
    }
    Duration next = schedule.failed(now, Optional.of(inUse.notAfter()));
    LOG.warning(what + ": renewal failed (" + why + "); the certificate valid until "
        + inUse.notAfter() + (now.isBefore(inUse.notAfter()) ? "" : " (expired)")
        + " stays in use; next try in " + next.toMillis() + " ms");
    later(next);
  }

  private void later(Duration delay) {
    timer = timers.schedule(Math.max(1, delay.toMillis()), () -> {
      synchronized (this) {
        if (!closed) {
          tryNow();
        }
      }
    });
  }

  static String oneLine(Throwable cause) {
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName()
        : cause.getMessage();
    message = message.replaceAll("\\s+", " ").strip();
    return message.length() > 300 ? message.substring(0, 300) + "..." : message;
  }

  /** Stops renewing; the certificate in use stays where it was put. */
  @Override
  public synchronized void close() {
    closed = true;
    if (timer != -1) {
      timers.cancel(timer);
    }
    first.tryFail("closed before the first certificate");
  }
}
