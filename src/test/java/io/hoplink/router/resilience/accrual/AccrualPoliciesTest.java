package io.hoplink.router.resilience.accrual;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hoplink.router.resilience.Backoff;
import io.hoplink.router.resilience.FakeClock;
import io.hoplink.router.resilience.FailureAccrualPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AccrualPoliciesTest {
  private static final Backoff TEN_SECONDS = Backoff.constant(Duration.ofSeconds(10));
  private final FakeClock clock = new FakeClock();

  @Test
  void consecutiveFailuresTripsOnTheNthFailureInARow() {
    FailureAccrualPolicy policy = new ConsecutiveFailuresPolicy(3, TEN_SECONDS);
    assertEquals(-1, policy.markDeadOnFailure());
    assertEquals(-1, policy.markDeadOnFailure());
    policy.recordSuccess();
    assertEquals(-1, policy.markDeadOnFailure());
    assertEquals(-1, policy.markDeadOnFailure());
    assertEquals(10_000, policy.markDeadOnFailure());
    assertEquals(10_000, policy.markDeadOnFailure(), "a failed probe removes it again");
  }

  @Test
  void consecutiveFailuresWalksTheBackoffUntilRevived() {
    Backoff steps = () -> new Backoff.Schedule() {
      private long n;

      @Override
      public long nextMillis() {
        return ++n;
      }
    };
    FailureAccrualPolicy policy = new ConsecutiveFailuresPolicy(1, steps);
    assertEquals(1, policy.markDeadOnFailure());
    assertEquals(2, policy.markDeadOnFailure());
    assertEquals(3, policy.markDeadOnFailure());
    policy.revived();
    assertEquals(1, policy.markDeadOnFailure());
  }

  @Test
  void successRateJudgesOnlyAfterEnoughRequests() {
    FailureAccrualPolicy policy = new SuccessRatePolicy(0.8, 10, TEN_SECONDS);
    for (int i = 0; i < 9; i++) {
      assertEquals(-1, policy.markDeadOnFailure(), "request " + i);
    }
    assertEquals(10_000, policy.markDeadOnFailure());
  }

  @Test
  void successRateKeepsAnEndpointAboveTheRate() {
    FailureAccrualPolicy policy = new SuccessRatePolicy(0.8, 10, TEN_SECONDS);
    for (int i = 0; i < 1000; i++) {
      if (i % 10 == 0) {
        assertEquals(-1, policy.markDeadOnFailure(), "request " + i); // 90% success
      } else {
        policy.recordSuccess();
      }
    }
  }

  @Test
  void successRateTripsWhenTheRateFallsBelow() {
    FailureAccrualPolicy policy = new SuccessRatePolicy(0.8, 10, TEN_SECONDS);
    for (int i = 0; i < 100; i++) {
      policy.recordSuccess();
    }
    int failures = 0;
    while (policy.markDeadOnFailure() < 0) {
      failures++;
      policy.recordSuccess(); // 50% success from here
    }
    assertEquals(true, failures > 0 && failures < 10, "tripped after " + failures);
  }

  @Test
  void windowedSuccessRateNeedsFiveRequestsInTheWindow() {
    FailureAccrualPolicy policy =
        new SuccessRateWindowedPolicy(0.5, Duration.ofSeconds(10).toNanos(), TEN_SECONDS, clock);
    for (int i = 0; i < 4; i++) {
      assertEquals(-1, policy.markDeadOnFailure());
    }
    assertEquals(10_000, policy.markDeadOnFailure());
  }

  @Test
  void windowedSuccessRateForgetsWhatLeftTheWindow() {
    FailureAccrualPolicy policy =
        new SuccessRateWindowedPolicy(0.5, Duration.ofSeconds(10).toNanos(), TEN_SECONDS, clock);
    for (int i = 0; i < 4; i++) {
      policy.markDeadOnFailure();
    }
    clock.advance(Duration.ofSeconds(11));
    for (int i = 0; i < 3; i++) {
      policy.recordSuccess();
    }
    assertEquals(-1, policy.markDeadOnFailure(), "the old failures are gone: 3 of 4 succeeded");
    assertEquals(-1, policy.markDeadOnFailure(), "3 of 5");
    assertEquals(-1, policy.markDeadOnFailure(), "3 of 6 is not below 0.5");
    assertEquals(10_000, policy.markDeadOnFailure(), "3 of 7 is");
  }
}
