package io.hoplink.router.resilience;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A nanosecond clock that moves only when told. */
public final class FakeClock implements LongSupplier {
  private long now = 1_000_000_000L;

  @Override
  public long getAsLong() {
    return now;
  }

  public void advance(Duration by) {
    now += by.toNanos();
  }
}
