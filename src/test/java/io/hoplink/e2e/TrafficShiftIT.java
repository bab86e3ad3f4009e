package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary on the jar, under steady sequential load: the io.l5d.fs interpreter's dtab file moves
 * {@code /svc/world} from all v1 to 90/10 to all v2. No request fails on the way, and once each
 * dtab is in force, 100 requests in a row split exactly as it says (smooth weighted round-robin).
 */
class TrafficShiftIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String IN_FORCE = "is in force for new requests";

  @TempDir Path dir;
  private HttpClient viaRouter;
  private int sent;
  private final List<String> failures = new ArrayList<>();

  @Test
  void aWeightedDtabShiftsTrafficInExactStepsWithoutAFailedRequest() throws Exception {
    try (TestBackend v1 = new TestBackend("v1"); TestBackend v2 = new TestBackend("v2")) {
      Path disco = Files.createDirectories(dir.resolve("disco"));
      Files.writeString(disco.resolve("world-v1"), "127.0.0.1 " + v1.port() + "\n");
      Files.writeString(disco.resolve("world-v2"), "127.0.0.1 " + v2.port() + "\n");
      Path file = dir.resolve("router.dtab");
      Files.writeString(file, split(1.0, 0.0));
      try (HoplinkProcess router = HoplinkProcess.start(dir, """
          admin: {port: 0}
          namers:
          - {kind: io.l5d.fs, rootDir: %s}
          routers:
          - protocol: http
            dtab: /srv => /#/io.l5d.fs;
            interpreter: {kind: io.l5d.fs, dtabFile: %s}
            servers: [{port: 0}]
          """.formatted(disco, file))) {
        viaRouter = HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", router.port("http"))))
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

        assertEquals(Map.of("v1", 100), block(), router.log());

        shift(router, file, split(0.9, 0.1), 1);
        assertEquals(Map.of("v1", 90, "v2", 10), block(), router.log());

        shift(router, file, split(0.0, 1.0), 2);
        assertEquals(Map.of("v2", 100), block(), router.log());

        assertEquals(List.of(), failures, "of " + sent + " requests");
      }
    }
  }

  private static String split(double v1, double v2) {
    return String.format(Locale.ROOT,
        "/svc/world => %.1f * /srv/world-v1 & %.1f * /srv/world-v2;\n", v1, v2);
  }

  /**
   * Replaces the dtab file at once (as a ConfigMap update does) and keeps sending requests until
   * the router has logged {@code reloads} dtabs in force, the last being this one.
   */
  private void shift(HoplinkProcess router, Path file, String dtab, int reloads)
      throws Exception {
    Path next = Files.writeString(dir.resolve("next.dtab"), dtab);
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (router.log().split(IN_FORCE, -1).length - 1 < reloads) {
      if (System.nanoTime() > deadline) {
        fail("the dtab '" + dtab.strip() + "' was not in force within " + WAIT + ":\n"
            + router.log());
      }
      send(); // the load goes on while the router reads the file
    }
  }

  /** Who answered each of 100 requests in a row. */
  private Map<String, Integer> block() throws Exception {
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < 100; i++) {
      counts.merge(send(), 1, Integer::sum);
    }
    return counts;
  }

  /** One request to world; a failure is noted (and asserted at the end) and counts as "failed". */
  private String send() throws InterruptedException {
    sent++;
    try {
      HttpResponse<String> response = viaRouter.send(HttpRequest.newBuilder(
          URI.create("http://world/")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        return response.body();
      }
      failures.add("request " + sent + ": " + response.statusCode() + " " + response.body());
    } catch (IOException e) {
      failures.add("request " + sent + ": " + e);
    }
    return "failed";
  }
}
