package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** A router's {@code /admin/metrics.json} (flat names joined by {@code /}) for assertions. */
final class AdminMetrics {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private AdminMetrics() {}

  static JsonObject read(HoplinkProcess router) throws Exception {
    return new JsonObject(router.admin("/admin/metrics.json"));
  }

  /** The sum of the metrics whose whole names match {@code regex}. */
  static long sum(JsonObject metrics, String regex) {
    Pattern p = Pattern.compile(regex);
    long total = 0;
    for (String key : metrics.fieldNames()) {
      if (p.matcher(key).matches() && metrics.getValue(key) instanceof Number n) {
        total += n.longValue();
      }
    }
    return total;
  }

  static long delta(JsonObject before, JsonObject after, String regex) {
    return sum(after, regex) - sum(before, regex);
  }

  /** Reads the metrics until {@code ready} holds (counters are updated as exchanges end). */
  static JsonObject await(HoplinkProcess router, Predicate<JsonObject> ready, String what)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonObject m = read(router);
    while (!ready.test(m)) {
      if (System.nanoTime() > deadline) {
        fail("no " + what + " within " + WAIT + ": " + m.encodePrettily());
      }
      HoplinkProcess.pause();
      m = read(router);
    }
    return m;
  }
}
