package io.hoplink.router.telemetry;

/** A text page a {@link Telemeter} serves on the admin port. */
public interface TelemeterPage {
  /** The response's Content-Type. */
  String contentType();

  /** Appends the page. Called off the event loop; it may take CPU time but never waits on I/O. */
  void render(StringBuilder out);
}
