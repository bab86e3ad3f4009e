package io.hoplink.router.telemetry.recent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sampled request as {@code /requests.json} shows it.
 *
 * @param startedAtMs when it arrived, milliseconds since the epoch
 * @param router the router's label
 * @param source the client's address, {@code ip:port}
 * @param method the request method
 * @param service the name the identifier gave it ({@code /svc/hello})
 * @param client the bound name of its last attempt ({@code /#/io.l5d.fs/hello}); null: none
 * @param endpoint the endpoint of its last attempt ({@code 10.0.0.1:8080}); null: none
 * @param status the status sent; -1 when it ended without one (a reset)
 * @param latencyNanos from arrival to the end
 * @param retries retries (after a classified failure) and requeues (nothing was sent) it took
 */
public record RecentRequest(long startedAtMs, String router, String source, String method,
    String service, String client, String endpoint, int status, long latencyNanos,
    int retries) {

  /** The JSON object of {@code /requests.json}. */
  public Map<String, Object> toPlain() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("startedAt", java.time.Instant.ofEpochMilli(startedAtMs).toString());
    out.put("router", router);
    out.put("source", source);
    out.put("method", method);
    out.put("service", service);
    out.put("client", client);
    out.put("endpoint", endpoint);
    out.put("status", status);
    out.put("latencyMs", Math.round(latencyNanos / 1e3) / 1e3);
    out.put("retries", retries);
    return out;
  }
}
