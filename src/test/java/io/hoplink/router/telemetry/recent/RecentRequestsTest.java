package io.hoplink.router.telemetry.recent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecentRequestsTest {
  private static RecentRequest request(int i) {
    return new RecentRequest(1_000L * i, "outgoing", "127.0.0.1:5000", "GET", "/svc/s" + i,
        "/#/io.l5d.fs/s" + i, "10.0.0.1:80", 200, 1_500_000, 0);
  }

  private static List<String> services(RecentRequests ring) {
    return ring.newestFirst().stream().map(RecentRequest::service).toList();
  }

  @Test
  void keepsTheNewestFirstAndOverwritesTheOldestWhenFull() {
    RecentRequests ring = new RecentRequests(1.0, 3, () -> 0);
    assertEquals(List.of(), ring.newestFirst());
    ring.add(request(1));
    ring.add(request(2));
    assertEquals(List.of("/svc/s2", "/svc/s1"), services(ring));
    ring.add(request(3));
    ring.add(request(4));
    ring.add(request(5));
    assertEquals(List.of("/svc/s5", "/svc/s4", "/svc/s3"), services(ring));
    assertEquals(5, ring.recorded());
    assertEquals(3, ring.capacity());
  }

  @Test
  void keepsTheSampleRateOfRequestsWithinOnePercent() {
    Random seeded = new Random(42);
    RecentRequests ring = new RecentRequests(0.25, 10, seeded::nextDouble);
    int kept = 0;
    for (int i = 0; i < 100_000; i++) {
      kept += ring.sampled() ? 1 : 0;
    }
    assertEquals(25_000, kept, 1_000, "0.25 of 100000 draws, within 1000");
    assertTrue(new RecentRequests(1.0, 1, () -> 0.999999).sampled(), "1.0 keeps every request");
    assertTrue(!new RecentRequests(0.0, 1, () -> 0.0).sampled(), "0.0 keeps none");
  }

  @Test
  void refusesARateOutsideZeroToOneAndAnEmptyRing() {
    assertThrows(IllegalArgumentException.class, () -> RecentRequests.of(1.5, 10));
    assertThrows(IllegalArgumentException.class, () -> RecentRequests.of(Double.NaN, 10));
    assertThrows(IllegalArgumentException.class, () -> RecentRequests.of(0.5, 0));
  }

  @Test
  void showsLatencyInMillisecondsAndTheStartAsAnInstant() {
    var plain = request(2).toPlain();
    assertEquals(1.5, plain.get("latencyMs"));
    assertEquals("1970-01-01T00:00:02Z", plain.get("startedAt"));
  }
}
