package io.hoplink.router.resilience;

/** {@code backoff: {kind: constant, ms}}. */
final class ConstantBackoff implements Backoff {
  private final long millis;
  private final Schedule schedule;

  ConstantBackoff(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("delay: " + millis + " ms (expected: >= 0)");
    }
    this.millis = millis;
    this.schedule = () -> this.millis; // stateless, so one schedule serves every run
  }

  @Override
  public Schedule start() {
    return schedule;
  }

  @Override
  public String toString() {
    return "constant(" + millis + " ms)";
  }
}
