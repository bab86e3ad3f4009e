package io.hoplink.router.telemetry;

import java.util.Map;

/**
 * A running telemeter built from a {@code telemetry:} block. Like Linkerd's telemeters, one may
 * serve pages on the admin port; the admin server serves them without knowing the kinds.
 */
public interface Telemeter {
  /** Pages this telemeter serves on the admin port, keyed by path such as {@code /metrics}. */
  Map<String, TelemeterPage> adminPages();
}
