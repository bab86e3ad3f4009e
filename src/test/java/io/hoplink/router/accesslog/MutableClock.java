package io.hoplink.router.accesslog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** A wall clock that moves only when told. */
final class MutableClock extends Clock {
  private final ZoneId zone;
  private volatile Instant now;

  MutableClock(Instant now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  void advance(Duration by) {
    now = now.plus(by);
  }

  void set(Instant instant) {
    now = instant;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new MutableClock(now, zone);
  }

  @Override
  public Instant instant() {
    return now;
  }
}
