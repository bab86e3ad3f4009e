package io.hoplink.router.telemetry.recent;

import io.hoplink.router.telemetry.Telemeter;
import io.hoplink.router.telemetry.TelemeterPage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running io.l5d.recentRequests telemeter: the ring the routers write to, and
 * {@code /requests.json} (the admin server's {@code /requests} page reads it).
 */
public final class RecentRequestsTelemeter implements Telemeter {
  public static final String JSON_PATH = "/requests.json";

  private final RecentRequestsTelemeterPlugin.Config config;
  private final RecentRequests ring;

  RecentRequestsTelemeter(RecentRequestsTelemeterPlugin.Config config, RecentRequests ring) {
    this.config = config;
    this.ring = ring;
  }

  public RecentRequestsTelemeterPlugin.Config config() {
    return config;
  }

  /** Where the routers record their sampled requests. */
  public RecentRequests ring() {
    return ring;
  }

  /** {@code {sampleRate, capacity, recorded, requests: [newest first]}}. */
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("sampleRate", ring.sampleRate());
    out.put("capacity", ring.capacity());
    out.put("recorded", ring.recorded());
    List<Object> requests = ring.newestFirst().stream().map(r -> (Object) r.toPlain()).toList();
    out.put("requests", requests);
    return out;
  }

  @Override
  public Map<String, TelemeterPage> adminPages() {
    return Map.of(JSON_PATH, new TelemeterPage() {
      @Override
      public String contentType() {
        return "application/json; charset=utf-8";
      }

      @Override
      public void render(StringBuilder out) {
        out.append(io.vertx.core.json.Json.encode(toPlain()));
      }
    });
  }
}
