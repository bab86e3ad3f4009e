package io.hoplink.router.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeadlineTest {

  @Test
  void readsLinkerdsTwoNumbersInNanoseconds() {
    Deadline d = Deadline.parse(List.of("1700000000000000000 1700000000500000000")).orElseThrow();
    assertEquals(1_700_000_000_000_000_000L, d.timestampNanos());
    assertEquals(1_700_000_000_500_000_000L, d.deadlineNanos());
    assertEquals("1700000000000000000 1700000000500000000", d.show());
  }

  @Test
  void severalValuesCombineToTheStrictest() {
    Deadline d = Deadline.parse(List.of("100 900", "200 700", "garbage", "1 2 3")).orElseThrow();
    assertEquals(new Deadline(200, 700), d);
  }

  @Test
  void malformedOrMissingValuesGiveNoDeadline() {
    assertEquals(Optional.empty(), Deadline.parse(List.of()));
    assertEquals(Optional.empty(), Deadline.parse(List.of("soon", "12")));
  }

  @Test
  void aTimeoutTightensButNeverLoosens() {
    Deadline incoming = new Deadline(0, 1_000);
    assertEquals(new Deadline(100, 600), incoming.combined(Deadline.after(100, 500)));
    assertEquals(new Deadline(100, 1_000), incoming.combined(Deadline.after(100, 5_000)));
    assertEquals(Long.MAX_VALUE, Deadline.after(Long.MAX_VALUE - 5, 100).deadlineNanos());
  }

  @Test
  void expiresAtItsDeadline() {
    Deadline d = new Deadline(0, 1_000);
    assertEquals(400, d.remainingNanos(600));
    assertFalse(d.expired(999));
    assertTrue(d.expired(1_000));
  }
}
