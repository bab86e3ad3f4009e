package io.hoplink.router.telemetry;

import java.util.function.Consumer;

/** A text page a {@link Telemeter} serves on the admin port. */
public interface TelemeterPage {
  /** The response's Content-Type. */
  String contentType();

  /** Appends the page. Called off the event loop; it may take CPU time but never waits on I/O. */
  void render(StringBuilder out);

  /**
   * Appends the page and hands {@code part} the text so far at points where it may be sent (and
   * {@code out} emptied), so that a large page need not be held whole. {@code part} may wait
   * for the client to read. By default the page goes whole.
   */
  default void render(StringBuilder out, Consumer<StringBuilder> part) {
    render(out);
  }
}
