package io.hoplink.router.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.RetryBudgetConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {
  private final FakeClock clock = new FakeClock();

  private int withdrawAll(RetryBudget budget) {
    int n = 0;
    while (budget.tryWithdraw()) {
      n++;
    }
    return n;
  }

  @Test
  void theFloorAllowsMinRetriesPerSecTimesTtlWithoutAnyRequest() {
    RetryBudget budget = RetryBudget.of(RetryBudgetConfig.defaults(), clock);
    assertEquals(100, budget.balance());
    assertEquals(100, withdrawAll(budget));
    assertEquals(0, budget.balance());
  }

  @Test
  void eachRequestDepositsPercentCanRetryOfARetry() {
    RetryBudget budget = RetryBudget.of(new RetryBudgetConfig(Duration.ofSeconds(10), 0, 0.2), clock);
    for (int i = 0; i < 100; i++) {
      budget.deposit();
    }
    assertEquals(20, withdrawAll(budget));
    budget.deposit();
    budget.deposit();
    budget.deposit();
    budget.deposit();
    assertFalse(budget.tryWithdraw(), "four deposits of 0.2 make less than one retry");
    budget.deposit();
    assertTrue(budget.tryWithdraw());
  }

  @Test
  void depositsAndWithdrawalsExpireAfterTtl() {
    RetryBudget budget = RetryBudget.of(new RetryBudgetConfig(Duration.ofSeconds(10), 1, 0.5), clock);
    assertEquals(10, withdrawAll(budget));
    clock.advance(Duration.ofSeconds(5));
    assertEquals(0, budget.balance(), "the withdrawals still count");
    clock.advance(Duration.ofSeconds(6));
    assertEquals(10, budget.balance(), "the floor is back once they fell out of the window");
    for (int i = 0; i < 20; i++) {
      budget.deposit();
    }
    assertEquals(20, budget.balance());
    clock.advance(Duration.ofSeconds(11));
    assertEquals(10, budget.balance(), "old deposits are gone too");
  }

  @Test
  void noFloorAndNoShareMeansNoRetries() {
    RetryBudget budget = RetryBudget.of(new RetryBudgetConfig(Duration.ofSeconds(10), 0, 0), clock);
    budget.deposit();
    assertFalse(budget.tryWithdraw());
  }

  @Test
  void aLongIdleTimeLeavesOnlyTheFloor() {
    RetryBudget budget = RetryBudget.of(new RetryBudgetConfig(Duration.ofSeconds(1), 2, 1.0), clock);
    for (int i = 0; i < 50; i++) {
      budget.deposit();
    }
    clock.advance(Duration.ofHours(5));
    assertEquals(2, budget.balance());
  }
}
