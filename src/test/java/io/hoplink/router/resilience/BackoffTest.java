package io.hoplink.router.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.BackoffConfig;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void constantWaitsTheSameEveryStep() {
    Backoff.Schedule schedule = Backoff.constant(Duration.ofMillis(250)).start();
    for (int i = 0; i < 5; i++) {
      assertEquals(250, schedule.nextMillis());
    }
  }

  @Test
  void jitterStartsAtMinAndStaysWithinThreeTimesThePreviousAndTheMax() {
    Backoff backoff = Backoff.decorrelatedJitter(Duration.ofMillis(100), Duration.ofSeconds(10),
        new SplittableRandom(42));
    for (int run = 0; run < 100; run++) {
      Backoff.Schedule schedule = backoff.start();
      long previous = schedule.nextMillis();
      assertEquals(100, previous, "the first step is the minimum");
      for (int step = 0; step < 30; step++) {
        long next = schedule.nextMillis();
        assertTrue(next >= 100 && next <= Math.min(10_000, previous * 3),
            "step " + step + ": " + next + " after " + previous);
        previous = next;
      }
    }
  }

  @Test
  void jitterGrowsTowardsTheMax() {
    Backoff.Schedule schedule = Backoff.decorrelatedJitter(Duration.ofSeconds(5),
        Duration.ofSeconds(300), new SplittableRandom(7)).start();
    long max = 0;
    for (int step = 0; step < 50; step++) {
      max = Math.max(max, schedule.nextMillis());
    }
    assertTrue(max > 100_000, "50 steps should get far beyond the minimum: " + max);
  }

  @Test
  void aFreshScheduleStartsOver() {
    Backoff backoff = Backoff.decorrelatedJitter(Duration.ofMillis(10), Duration.ofMillis(1000),
        new SplittableRandom(1));
    Backoff.Schedule first = backoff.start();
    first.nextMillis();
    first.nextMillis();
    assertEquals(10, backoff.start().nextMillis());
  }

  @Test
  void builtFromTheConfigBlock() {
    assertEquals(40, Backoff.of(new BackoffConfig.Constant(Duration.ofMillis(40)),
        new SplittableRandom(1)).start().nextMillis());
    assertEquals(5000, Backoff.of(new BackoffConfig.Jittered(Duration.ofSeconds(5),
        Duration.ofSeconds(300)), new SplittableRandom(1)).start().nextMillis());
  }

  @Test
  void badBoundsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Backoff.decorrelatedJitter(
        Duration.ofMillis(10), Duration.ofMillis(5), new SplittableRandom(1)));
    assertThrows(IllegalArgumentException.class, () -> Backoff.constant(Duration.ofMillis(-1)));
  }
}
