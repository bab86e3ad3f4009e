package io.hoplink.router.tracing;

/**
 * Zipkin's B3 headers ({@code x-b3-*}, and the single {@code b3} header on the way in), so that
 * applications instrumented with Zipkin's libraries join the routers' traces.
 *
 * <pre>
 * routers:
 * - protocol: http
 *   tracePropagator:
 *     kind: io.l5d.zipkin
 * </pre>
 */
public final class ZipkinTracePropagatorPlugin implements TracePropagatorPlugin {
  public static final String KIND = "io.l5d.zipkin";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public TracePropagator newPropagator() {
    return new B3TracePropagator();
  }
}
