package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Linkerd's {@code io.l5d.fs} interpreter on the jar: the router's dtab comes from a file that
 * is read again when it changes; a dtab that does not parse is refused, counted, and the one
 * before stays in force.
 */
class DtabFileIT {
  @TempDir Path dir;

  private static String body(HoplinkProcess router) throws Exception {
    String reply = RawHttp.exchange(router.port("http"),
        "GET / HTTP/1.1\r\nHost: web\r\nConnection: close\r\n\r\n");
    return RawHttp.status(reply) + " " + reply.substring(reply.indexOf("\r\n\r\n") + 4);
  }

  /** Replaces the file at once, as an editor or a ConfigMap update does. */
  private void write(Path file, String text) throws Exception {
    Path next = Files.writeString(dir.resolve("next.dtab"), text);
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void aChangedDtabFileIsInForceForNewRequestsAndABrokenOneIsRefused() throws Exception {
    try (TestBackend a = new TestBackend("a"); TestBackend b = new TestBackend("b")) {
      Path file = dir.resolve("router.dtab");
      Files.writeString(file, "/svc => /$/inet/127.0.0.1/" + a.port() + ";\n");
      try (HoplinkProcess router = HoplinkProcess.start(dir, """
          admin: {port: 0}
          routers:
          - protocol: http
            interpreter: {kind: io.l5d.fs, dtabFile: %s}
            servers: [{port: 0}]
          """.formatted(file))) {
        assertEquals("200 a", body(router));

        write(file, "/svc => /$/inet/127.0.0.1/" + b.port() + ";\n");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String seen = body(router);
        while (!seen.equals("200 b") && System.nanoTime() < deadline) {
          HoplinkProcess.pause();
          seen = body(router);
        }
        assertEquals("200 b", seen, router.log());

        write(file, "/svc => \n");
        router.awaitLog("does not parse", Duration.ofSeconds(30));
        assertEquals("200 b", body(router), "the dtab before stays in force");
        assertTrue(router.admin("/admin/metrics.json")
            .contains("\"rt/http/dtab/reload_failures\":1"), router.admin("/admin/metrics.json"));
      }
    }
  }
}
