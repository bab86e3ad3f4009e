package io.hoplink.router.forward;

/** What tests outside the package need to know of {@link SlowStreams}. */
public final class SlowStreamsAccess {
  public static final int MAX_PAUSED = SlowStreams.MAX_PAUSED;

  private SlowStreamsAccess() {}
}
