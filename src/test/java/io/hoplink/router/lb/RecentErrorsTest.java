package io.hoplink.router.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecentErrorsTest {
  @Test
  void keepsTheLastFiveNewestFirst() {
    RecentErrors errors = new RecentErrors();
    assertEquals(List.of(), errors.newestFirst());
    for (int i = 1; i <= 7; i++) {
      errors.add(i, "error " + i);
    }
    assertEquals(List.of("error 7", "error 6", "error 5", "error 4", "error 3"),
        errors.newestFirst().stream().map(RecentErrors.Entry::reason).toList());
    assertEquals(7, errors.newestFirst().get(0).atMillis());
  }

  @Test
  void aLongReasonIsCut() {
    RecentErrors errors = new RecentErrors();
    errors.add(1, "x".repeat(10_000));
    String kept = errors.newestFirst().get(0).reason();
    assertEquals(RecentErrors.MAX_REASON + 1, kept.length());
    assertTrue(kept.endsWith("…"));
  }
}
