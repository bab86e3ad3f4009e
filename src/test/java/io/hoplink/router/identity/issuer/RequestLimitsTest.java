package io.hoplink.router.identity.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The issuer's rate limits on a fake clock. */
class RequestLimitsTest {
  private final AtomicLong nanos = new AtomicLong(1_000);

  private void advance(long millis) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  @Test
  void oneClientHasABurstOfAMinutesWorthThenItsRate() {
    RequestLimits limits = new RequestLimits(1000, 6, nanos::get);
    for (int i = 0; i < 6; i++) {
      assertNull(limits.admit("10.0.0.1"), "request " + i);
    }
    assertEquals("over 6 requests a minute from 10.0.0.1", limits.admit("10.0.0.1"));
    assertNull(limits.admit("10.0.0.2"), "another client is not held back");
    advance(9_999);
    assertEquals("over 6 requests a minute from 10.0.0.1", limits.admit("10.0.0.1"));
    advance(1);
    assertNull(limits.admit("10.0.0.1"), "one more every 10 s");
  }

  @Test
  void allClientsTogetherHaveTheirOwnLimit() {
    RequestLimits limits = new RequestLimits(3, 60, nanos::get);
    assertNull(limits.admit("10.0.0.1"));
    assertNull(limits.admit("10.0.0.2"));
    assertNull(limits.admit("10.0.0.3"));
    assertEquals("over 3 requests a second from all clients", limits.admit("10.0.0.4"));
    advance(334);
    assertNull(limits.admit("10.0.0.4"));
  }

  @Test
  void aClientRefusedByTheSharedLimitKeepsItsOwnAllowance() {
    RequestLimits limits = new RequestLimits(1, 2, nanos::get);
    assertNull(limits.admit("10.0.0.1"));
    assertEquals("over 1 requests a second from all clients", limits.admit("10.0.0.2"));
    assertEquals("over 1 requests a second from all clients", limits.admit("10.0.0.2"));
    advance(1000);
    assertNull(limits.admit("10.0.0.2"));
  }

  @Test
  void theClientsRememberedAreBounded() {
    RequestLimits limits = new RequestLimits(100_000, 1, nanos::get);
    assertNull(limits.admit("attacker-0"));
    for (int i = 1; i <= RequestLimits.MAX_CLIENTS; i++) {
      limits.admit("attacker-" + i);
    }
    assertNull(limits.admit("attacker-0"), "forgotten, so a full bucket again");
  }
}
