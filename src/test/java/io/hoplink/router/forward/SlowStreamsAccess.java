package io.hoplink.router.forward;

/** What tests outside the package need to know of {@link SlowStreams}. */
public final class SlowStreamsAccess {
  public static final int MAX_PAUSED = SlowStreams.MAX_PAUSED;

  private SlowStreamsAccess() {}

  /** The streams of {@code server} paused now because their client reads slowly. */
  public static int paused(Frontend server) {
    return ((FrontendImpl) server).slowStreams().paused();
  }
}
