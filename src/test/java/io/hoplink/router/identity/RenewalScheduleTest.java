package io.hoplink.router.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.router.resilience.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RenewalScheduleTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private final RenewalSchedule schedule = new RenewalSchedule(0.667,
      Backoff.decorrelatedJitter(Duration.ofSeconds(1), Duration.ofSeconds(60),
          new SplittableRandom(7)));

  @Test
  void aCertificateIsRenewedAtTwoThirdsOfWhatWasLeftWhenItArrived() {
    assertEquals(Duration.ofMillis(60_030), schedule.renewed(T0, T0.plusSeconds(90)));
    assertEquals(Duration.ofMillis(4_002), schedule.renewed(T0, T0.plusSeconds(6)));
    assertEquals(Duration.ofMillis(Math.round(86_400_000 * 0.667)),
        schedule.renewed(T0, T0.plus(Duration.ofHours(24))));
    assertEquals(Duration.ZERO, schedule.renewed(T0, T0.minusSeconds(1)), "expired: at once");
  }

  @Test
  void failuresBackOffWithJitterUpToTheMaximum() {
    Instant renewal = T0.plus(Duration.ofHours(16));
    Optional<Instant> inUse = Optional.of(T0.plus(Duration.ofHours(24)));
    assertEquals(Duration.ofSeconds(1), schedule.failed(renewal, inUse));
    long previous = 1000;
    for (int i = 0; i < 20; i++) {
      long delay = schedule.failed(renewal, inUse).toMillis();
      assertTrue(delay >= 1000 && delay <= Math.min(60_000, previous * 3), delay + " after "
          + previous);
      previous = delay;
    }
    assertTrue(previous > 3000, "grown: " + previous);
  }

  @Test
  void nearTheEndTriesComeWithinAThirdOfWhatIsLeft() {
    Instant renewal = T0.plusSeconds(4);
    Optional<Instant> inUse = Optional.of(T0.plusSeconds(6));
    assertEquals(Duration.ofMillis(666), schedule.failed(renewal, inUse), "2 s left");
    for (int i = 0; i < 10; i++) {
      schedule.failed(renewal, inUse); // the backoff grows meanwhile
    }
    assertEquals(Duration.ofMillis(100), schedule.failed(T0.plusMillis(5950), inUse),
        "never closer than 100 ms");
    long afterExpiry = schedule.failed(T0.plusSeconds(7), inUse).toMillis();
    assertTrue(afterExpiry >= 1000, "expired: the backoff alone, " + afterExpiry);
  }

  @Test
  void aSuccessStartsTheBackoffAgain() {
    Optional<Instant> inUse = Optional.of(T0.plus(Duration.ofHours(24)));
    schedule.failed(T0, inUse);
    schedule.failed(T0, inUse);
    schedule.renewed(T0, T0.plus(Duration.ofHours(24)));
    assertEquals(Duration.ofSeconds(1), schedule.failed(T0, inUse));
  }
}
