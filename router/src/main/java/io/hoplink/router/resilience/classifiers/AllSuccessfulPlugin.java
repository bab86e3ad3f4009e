package io.hoplink.router.resilience.classifiers;

import java.util.Set;

/**
 * Every response is a success; a failed attempt (no response) is still a failure.
 *
 * <pre>
 * service:
 *   responseClassifier:
 *     kind: io.l5d.http.allSuccessful
 * </pre>
 */
public final class AllSuccessfulPlugin extends HttpClassifierPlugin {
  public static final String KIND = "io.l5d.http.allSuccessful";

  public AllSuccessfulPlugin() {
    super(KIND, Set.of(), true);
  }
}
