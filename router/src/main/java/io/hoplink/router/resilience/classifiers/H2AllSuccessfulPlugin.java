package io.hoplink.router.resilience.classifiers;

import java.util.Set;

/**
 * HTTP/2: every response is a success; a stream that failed before its response is still a
 * failure.
 *
 * <pre>
 * routers:
 * - protocol: h2
 *   service:
 *     responseClassifier:
 *       kind: io.l5d.h2.allSuccessful
 * </pre>
 */
public final class H2AllSuccessfulPlugin extends HttpClassifierPlugin {
  public static final String KIND = "io.l5d.h2.allSuccessful";

  public H2AllSuccessfulPlugin() {
    super(KIND, Set.of(), true);
  }
}
