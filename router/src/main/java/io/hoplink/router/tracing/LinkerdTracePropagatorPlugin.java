package io.hoplink.router.tracing;

/**
 * Linkerd's default propagator: {@code l5d-ctx-trace} (Finagle's serialized trace id, base64),
 * {@code l5d-sample}, and {@code l5d-reqid} set to the trace id.
 *
 * <pre>
 * routers:
 * - protocol: http
 *   tracePropagator:
 *     kind: io.l5d.default   # the default
 * </pre>
 */
public final class LinkerdTracePropagatorPlugin implements TracePropagatorPlugin {
  public static final String KIND = "io.l5d.default";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public TracePropagator newPropagator() {
    return new LinkerdTracePropagator();
  }
}
