package io.hoplink.router.identity;

import static java.util.Objects.requireNonNull;

import io.hoplink.router.resilience.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a certificate is renewed. A new one is renewed once {@code renewAt} of its lifetime has
 * passed, the lifetime counted from when it arrived: its notBefore is backdated for peers whose
 * clocks run behind, so it says nothing about when it was made. After a failed attempt the next
 * comes after the backoff's next delay (decorrelated jitter), but while a certificate is still in
 * use at most a third of its remaining time later, so that a few tries fit before it expires.
 * Not thread-safe: one renewal loop owns it.
 */
public final class RenewalSchedule {
  /** Tries near the end come no closer together than this. */
  static final Duration MIN_RETRY = Duration.ofMillis(100);

  private final double renewAt;
  private final Backoff backoff;
  private Backoff.Schedule failures;

  public RenewalSchedule(double renewAt, Backoff backoff) {
    if (!(renewAt > 0 && renewAt < 1)) {
      throw new IllegalArgumentException("renewAt " + renewAt + " (expected: between 0 and 1)");
    }
    this.renewAt = renewAt;
    this.backoff = requireNonNull(backoff, "backoff");
  }

  /** A certificate valid until {@code notAfter} arrived at {@code now}: how long until its renewal. */
  public Duration renewed(Instant now, Instant notAfter) {
    failures = null;
    long lifeMs = Math.max(0, Duration.between(now, notAfter).toMillis());
    return Duration.ofMillis(Math.round(lifeMs * renewAt));
  }

  /**
   * An attempt failed at {@code now} while the certificate in use, if any, is valid until
   * {@code notAfter}: how long until the next attempt.
   */
  public Duration failed(Instant now, Optional<Instant> notAfter) {
    if (failures == null) {
      failures = backoff.start();
    }
    long delay = failures.nextMillis();
    if (notAfter.isPresent()) {
      long leftMs = Duration.between(now, notAfter.get()).toMillis();
      if (leftMs > 0) {
        delay = Math.min(delay, Math.max(MIN_RETRY.toMillis(), leftMs / 3));
      }
    }
    return Duration.ofMillis(delay);
  }
}
