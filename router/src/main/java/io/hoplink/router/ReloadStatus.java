package io.hoplink.router;

import com.codahale.metrics.Counter;
import io.hoplink.router.telemetry.Metrics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What config reloads have done, for {@code /admin/server_info} and the metrics
 * {@code config/reloads} and {@code config/reload_failures}: how many were applied and refused,
 * and the last refusal with its reason, until a later reload applies.
 */
final class ReloadStatus {
  private final Counter applied;
  private final Counter refused;
  private volatile Refusal lastRefusal;

  private record Refusal(Instant at, String reason) {}

  ReloadStatus(Metrics metrics) {
    this.applied = metrics.counter("config/reloads");
    this.refused = metrics.counter("config/reload_failures");
  }

  void applied() {
    applied.inc();
    lastRefusal = null;
  }

  void refused(String reason) {
    refused.inc();
    lastRefusal = new Refusal(Instant.now(), reason);
  }

  Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("configReloads", applied.getCount());
    out.put("configReloadFailures", refused.getCount());
    Refusal refusal = lastRefusal;
    if (refusal != null) {
      out.put("configRefusedAt", refusal.at().toString());
      out.put("configRefused", refusal.reason());
    }
    return out;
  }
}
