package io.hoplink.e2e.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hoplink.e2e.MemoryCgroup;
import io.hoplink.router.h2.H2Frames;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hardening suite: each scenario attacks one router process (run with the DaemonSet's JVM
 * flags) as a hostile client or a broken peer would, while {@link Probes} send ordinary
 * requests on other connections, and asserts that none of them was lost or waited more than
 * {@link Probes#PATIENCE_MS}, that nothing forbidden reached the backend (which records the raw
 * bytes it got), that no thread is left busy, and that memory stayed under the DaemonSet's
 * ceilings. Each scenario adds a row to {@code target/hardening.md}, the README's table.
 */
class HardeningIT {
  private static final List<String> ROWS = new ArrayList<>();
  @TempDir
  static Path dir;
  private static RecordingBackend attackBackend;
  private static RecordingBackend probeBackend;
  private static Vertx h2cVertx;
  private static int h2c;
  private static Attacked attacked;
  private static int http;
  private static int h2;
  private static int admin;

  @BeforeAll
  static void start() throws Exception {
    attackBackend = new RecordingBackend();
    probeBackend = new RecordingBackend();
    h2cVertx = Vertx.vertx();
    // One chunk for all writes (each write sends a slice of it): a new 64 KiB array per write made
    // the zero-window flood's 1000 requests allocate and copy 2 GiB in this JVM before the
    // backend's first flush, which took it past 5 s on a slow machine.
    Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
    HttpServer h2cBackend = h2cVertx.createHttpServer(new HttpServerOptions().setInitialSettings(
        new Http2Settings().setMaxConcurrentStreams(2000))).requestHandler(request -> {
          request.response().setChunked(true);
          for (int i = 0; i < 16; i++) {
            request.response().write(chunk);
          }
          request.response().end();
        });
    int h2cPort = h2cBackend.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS).actualPort();
    Path disco = Files.createDirectories(dir.resolve("disco"));
    Files.writeString(disco.resolve("h2c"), "127.0.0.1 " + h2cPort + "\n");
    Files.writeString(disco.resolve("attack"), "127.0.0.1 " + attackBackend.port() + "\n");
    Files.writeString(disco.resolve("127.0.0.1"), "127.0.0.1 " + attackBackend.port() + "\n");
    Files.writeString(disco.resolve("probe"), "127.0.0.1 " + probeBackend.port() + "\n");
    attacked = Attacked.start(dir, """
        admin: {ip: 127.0.0.1, port: 0}
        namers:
        - kind: io.l5d.fs
          rootDir: %s
        routers:
        - protocol: http
          label: out
          dtab: /svc => /#/io.l5d.fs;
          servers: [{ip: 127.0.0.1, port: 0}]
        - protocol: h2
          label: h2out
          dtab: /svc => /#/io.l5d.fs;
          client: {protocol: http}
          servers:
          - ip: 127.0.0.1
            port: 0
            serverSession: {idleTimeMs: 1000}
        - protocol: h2
          label: h2c
          dtab: /svc => /#/io.l5d.fs/h2c;
          servers: [{ip: 127.0.0.1, port: 0}]
        """.formatted(disco));
    http = attacked.router().port("out");
    h2 = attacked.router().port("h2out");
    h2c = attacked.router().port("h2c");
    admin = attacked.router().adminPort();
    // slowhttptest names the service by its Host header, 127.0.0.1:<port>
    Files.writeString(disco.resolve("127.0.0.1:" + http), "127.0.0.1 " + attackBackend.port());
  }

  @AfterAll
  static void stop() throws IOException {
    MemoryCgroup.Usage cgroup = attacked == null ? null : attacked.stop();
    if (attackBackend != null) {
      attackBackend.close();
      probeBackend.close();
    }
    if (h2cVertx != null) {
      h2cVertx.close();
    }
    StringBuilder table = new StringBuilder("""
        | scenario | what was sent | probes lost | recovered after | memory peak |
        |---|---|---|---|---|
        """);
    ROWS.forEach(row -> table.append(row).append('\n'));
    if (cgroup != null) {
      table.append("\nThe router ran in a memory cgroup limited as daemonset/l5d.yaml's"
          + " limits.memory: ").append(cgroup).append(".\n");
    }
    Files.writeString(Path.of("target", "hardening.md"), table);
    System.out.print(table);
    if (cgroup != null) {
      assertEquals(0, cgroup.oomKills(), "the kernel OOM-killed in the router's cgroup: " + cgroup);
    }
  }

  /** What an attack sent, for the table. */
  private interface Attack {
    String run() throws Exception;
  }

  /**
   * Runs {@code attack} with probes beside it, then waits until the probes have gone two
   * seconds without a loss, and checks what every scenario must hold.
   */
  private static void scenario(String name, Attack attack) throws Exception {
    int logFrom = attacked.router().log().length();
    attacked.watch();
    String sent;
    long ended;
    List<String> lost;
    long slowest;
    long lastLost;
    int probesSent;
    try (Probes probes = new Probes(admin, http, h2)) {
      sent = attack.run();
      ended = System.nanoTime();
      long deadline = ended + TimeUnit.SECONDS.toNanos(30);
      int seen = probes.sent();
      while (probes.sent() < seen + 30 || System.nanoTime() - Math.max(ended,
          probes.lastLostNanos()) < TimeUnit.SECONDS.toNanos(2)) {
        if (System.nanoTime() > deadline) {
          break;
        }
        Thread.sleep(50);
      }
      lost = probes.lost();
      slowest = probes.slowestMillis();
      lastLost = probes.lastLostNanos();
      probesSent = probes.sent();
    }
    attacked.stopWatching();
    long recoveryMs = lastLost > ended ? (lastLost - ended) / 1_000_000 : 0;
    ROWS.add("| " + name + " | " + sent + " | " + lost.size() + " of " + probesSent + " | "
        + (lost.isEmpty() ? "nothing to recover" : recoveryMs + " ms") + " | RSS "
        + (attacked.rssPeak() >> 20) + " MiB, direct " + (attacked.directPeak() >> 20)
        + " MiB, heap " + (attacked.heapPeak() >> 20) + " MiB |");
    assertTrue(lost.isEmpty(), name + ": " + lost.size() + " probes lost (slowest answer "
        + slowest + " ms), the first: " + lost.subList(0, Math.min(5, lost.size())));
    assertTrue(slowest < Probes.PATIENCE_MS, name + ": a probe waited " + slowest + " ms");
    assertEquals(0, attacked.metricsFailures(), name + ": metrics.json went unanswered");
    assertTrue(attacked.rssPeak() < attacked.memoryLimit(),
        name + ": RSS peaked at " + (attacked.rssPeak() >> 20) + " MiB");
    assertEquals(0, attacked.cgroupUsage().oomKills(),
        name + ": OOM kill in the router's cgroup: " + attacked.cgroupUsage());
    assertTrue(attacked.directPeak() < attacked.directCeiling(),
        name + ": direct memory peaked at " + (attacked.directPeak() >> 20) + " MiB");
    assertNoThreadBusy(name);
    assertEquals(List.of(), attacked.stackTraceLinesAfter(logFrom),
        name + ": stack traces logged for what a peer did");
  }

  /** Over two seconds after the attack, the process uses less than a third of one core. */
  private static void assertNoThreadBusy(String name) throws Exception {
    long before = attacked.cpuMillis();
    Thread.sleep(2000);
    long used = attacked.cpuMillis() - before;
    assertTrue(used < 700, name + ": the router used " + used + " ms of CPU in the 2 s after"
        + " the attack; threads:\n" + attacked.router().admin("/admin/threads"));
  }

  @Test
  void slowReaders() throws Exception {
    scenario("slow readers (slowhttptest -X)", () -> {
      int before = attackBackend.requests("/big");
      Process slow = new ProcessBuilder("slowhttptest", "-X", "-c", "1000", "-r", "200",
          "-w", "512", "-y", "1024", "-n", "5", "-z", "32", "-k", "3", "-l", "20", "-p", "3",
          "-u", "http://127.0.0.1:" + http + "/big")
          .redirectErrorStream(true).redirectOutput(dir.resolve("slowhttptest.log").toFile())
          .start();
      assertTrue(slow.waitFor(60, TimeUnit.SECONDS), "slowhttptest did not end");
      String log = Files.readString(dir.resolve("slowhttptest.log"));
      assertTrue(log.contains("connected:"), "slowhttptest did not run:\n" + log);
      int requests = attackBackend.requests("/big") - before;
      assertTrue(requests >= 300, "only " + requests + " slow reads reached the backend:\n" + log);
      return "1000 connections reading 10 MiB responses 32 bytes every 5 s, for 20 s ("
          + requests + " reached the backend)";
    });
  }

  @Test
  void zeroWindowFlood() throws Exception {
    scenario("h2 zero-window flood", () -> {
      try (H2Frames client = H2Frames.connectWithWindow(h2, 0)) {
        client.handshake();
        client.openStreams(1000, "GET", "/big");
        Thread.sleep(5000);
      }
      return "1000 streams of 10 MiB responses on one connection with window 0,"
          + " dropped after 5 s";
    });
  }

  @Test
  void slowH2ClientsOnASharedUpstreamConnection() throws Exception {
    scenario("slow h2 clients sharing an h2c upstream connection", () -> {
      try (H2Frames slow = H2Frames.connectWithWindow(h2c, 0)) {
        slow.handshake();
        slow.openStreams(20, "GET", "/big");
        for (int i = 0; i < 20; i++) {
          long start = System.nanoTime();
          assertEquals(1 << 20, readWholeResponse(h2c, "/big"));
          long tookMs = (System.nanoTime() - start) / 1_000_000;
          assertTrue(tookMs < Probes.PATIENCE_MS, "a 1 MiB response took " + tookMs + " ms");
        }
      }
      return "20 streams of 1 MiB responses from a client with window 0, and meanwhile 20 other"
          + " clients' 1 MiB responses from the same upstream (each whole within 3 s)";
    });
  }

  @Test
  void zeroWindowFloodOverH2c() throws Exception {
    scenario("h2 zero-window flood, h2c upstream", () -> {
      int reset = 0;
      try (H2Frames client = H2Frames.connectWithWindow(h2c, 0)) {
        client.handshake();
        client.openStreams(1000, "GET", "/big");
        // The attack lasts 5 s, longer if no stream was reset by then (a slow machine), up to 15.
        long begun = System.nanoTime();
        long held = begun + TimeUnit.SECONDS.toNanos(5);
        long patience = begun + TimeUnit.SECONDS.toNanos(15);
        for (H2Frames.Frame f = client.read(); f != null; f = client.read()) {
          if (f.type() == H2Frames.RST_STREAM || f.type() == H2Frames.GOAWAY) {
            reset++;
          }
          long now = System.nanoTime();
          if (now > patience || now > held && reset > 0) {
            break;
          }
        }
      }
      assertTrue(reset > 0, "no stream was reset past the limit of paused streams");
      return "1000 streams of 1 MiB responses on one connection with window 0, through an h2c"
          + " upstream (streams past 256 paused are reset)";
    });
  }

  /** Opens a connection with room for a whole response, and returns how many body bytes came. */
  private static int readWholeResponse(int port, String path) throws IOException {
    try (H2Frames client = H2Frames.connectWithWindow(port, 16 << 20)) {
      client.handshake();
      client.write(H2Frames.frame(0x8, 0, 0, ByteBuffer.allocate(4).putInt(16 << 20).array()),
          H2Frames.frame(H2Frames.HEADERS, H2Frames.END_HEADERS | H2Frames.END_STREAM, 1,
              client.requestBlock("GET", path)));
      int bytes = 0;
      while (true) {
        H2Frames.Frame f = client.readUntil("the response", x -> x.streamId() == 1);
        if (f.type() == H2Frames.DATA) {
          bytes += f.payload().length;
        }
        if (f.type() == H2Frames.RST_STREAM) {
          throw new AssertionError("response reset: " + f);
        }
        if (f.has(H2Frames.END_STREAM)) {
          return bytes;
        }
      }
    }
  }

  @Test
  void requestSmuggling() throws Exception {
    String smuggled = "GET /smuggled HTTP/1.1\r\nHost: attack\r\n\r\n";
    List<String> attempts = List.of(
        "POST /a HTTP/1.1\r\nHost: attack\r\nTransfer-Encoding: identity\r\nContent-Length: "
            + smuggled.length() + "\r\n\r\n" + smuggled,
        "POST /a HTTP/1.1\r\nHost: attack\r\nTransfer-Encoding: xchunked\r\n\r\n" + smuggled,
        "POST /a HTTP/1.1\r\nHost: attack\r\nTransfer-Encoding:\r\n\r\n" + smuggled,
        "POST /a HTTP/1.1\r\nHost: attack\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"
            + smuggled,
        "CONNECT attack:80 HTTP/1.1\r\nHost: attack\r\n\r\n" + smuggled,
        "GET /a HTTP/1.1\r\nHost: attack\r\nHost: probe\r\n\r\n" + smuggled,
        "GET * HTTP/1.1\r\nHost: attack\r\n\r\n" + smuggled,
        "GET http://user:pw@attack/a HTTP/1.1\r\nHost: attack\r\n\r\n" + smuggled,
        "GET /a\u0001b HTTP/1.1\r\nHost: attack\r\n\r\n" + smuggled,
        "GET /a%00 HTTP/1.1\r\nHost: attack\u0000\r\n\r\n" + smuggled,
        "POST /a HTTP/1.1\r\nHost: attack\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3\r\nabc\r\nzz\r\n" + smuggled + "\r\n0\r\n\r\n");
    scenario("request smuggling on HTTP/1.1", () -> {
      for (int port : new int[] {http, h2}) {
        for (String attempt : attempts) {
          String response = exchange(port, attempt);
          int status = Integer.parseInt(response.substring(9, 12));
          assertTrue(status == 400 || status == 405 || status == 501,
              "port " + port + " answered " + response.lines().findFirst().orElse("")
              + " to:\n" + attempt);
          assertEquals(1, response.split("HTTP/1.1 ", -1).length - 1,
              "more than one response to:\n" + attempt + "\n" + response);
        }
      }
      assertFalse(attackBackend.recorded().contains("/smuggled"),
          "a smuggled request reached the backend");
      return attempts.size() + " heads with a second request behind them (TE identity,"
          + " xchunked and empty, two lengths, CONNECT, two Hosts, GET *, userinfo,"
          + " control bytes, a malformed chunk), to both routers' HTTP/1.1 ports";
    });
  }

  @Test
  void perRequestDtabsCannotReachTheRoutersOwnPorts() throws Exception {
    scenario("SSRF through a per-request dtab", () -> {
      int sent = 0;
      for (String header : List.of("l5d-dtab", "l5d-ctx-dtab")) {
        for (String target : List.of("/$/inet/127.0.0.1/" + admin,
            "/$/inet/127.0.0.1/" + http, "/$/inet/127.0.0.1/" + attackBackend.port())) {
          String response = exchange(http, "POST /admin/shutdown HTTP/1.1\r\nHost: attack\r\n"
              + header + ": /svc=>" + target + "\r\nContent-Length: 0\r\nConnection: close"
              + "\r\n\r\n");
          assertEquals("403", response.substring(9, 12), header + " to " + target);
          try (H2Frames client = H2Frames.connect(h2)) {
            client.handshake();
            client.write(H2Frames.frame(H2Frames.HEADERS,
                H2Frames.END_HEADERS | H2Frames.END_STREAM, 1, client.requestBlock(
                    "POST", "/admin/shutdown", header, "/svc=>" + target)));
            assertEquals("403", client.responseHeaders(1).status().toString(),
                "h2, " + header + " to " + target);
          }
          sent += 2;
        }
      }
      assertEquals(0, attackBackend.requests("/admin/shutdown"));
      assertTrue(attacked.router().process().isAlive(), "the router was shut down");
      return sent + " requests whose l5d-dtab or l5d-ctx-dtab names the admin port, the"
          + " router's own port or a backend's address";
    });
  }

  @Test
  void interimResponsesDoNotPoisonThePool() throws Exception {
    scenario("1xx responses from upstream", () -> {
      String response = exchange(http, "GET /interim HTTP/1.1\r\nHost: attack\r\n"
          + "Connection: close\r\n\r\n");
      assertEquals("502", response.substring(9, 12), response);
      for (int i = 0; i < 50; i++) {
        String next = exchange(http, "GET /small HTTP/1.1\r\nHost: attack\r\n"
            + "Connection: close\r\n\r\n");
        assertTrue(next.startsWith("HTTP/1.1 200 ") && next.endsWith("ok"), next);
      }
      return "an upstream answering 102 every 100 ms, then 50 requests to the same upstream";
    });
  }

  @Test
  void badHttp2HeadsAreRefusedInOneLine() throws Exception {
    scenario("bad HTTP/2 heads", () -> {
      try (H2Frames client = H2Frames.connect(h2)) {
        client.handshake();
        for (int i = 0; i < 500; i++) {
          int stream = 1 + 2 * i;
          byte[] block = i % 2 == 0
              ? client.requestBlock("GET", "/a", "x-foo", "a\r\nx-inj: 1")
              : client.requestBlock("GET", "/a\u0000b");
          client.write(H2Frames.frame(H2Frames.HEADERS,
              H2Frames.END_HEADERS | H2Frames.END_STREAM, stream, block));
          assertEquals("400", client.responseHeaders(stream).status().toString());
        }
      }
      try (H2Frames client = H2Frames.connect(h2)) {
        client.handshake();
        client.write(H2Frames.frame(H2Frames.HEADERS,
            H2Frames.END_HEADERS | H2Frames.END_STREAM, 1, client.connectBlock("attack:80")));
        assertEquals("405", client.responseHeaders(1).status().toString());
      }
      assertFalse(attackBackend.recorded().contains("x-inj"), "an injected header got through");
      return "500 h2 requests with CR/LF in a header value or NUL in the path, and a CONNECT";
    });
  }

  @Test
  void theStreamLimitHoldsBeforeSettingsAreAcknowledged() throws Exception {
    scenario("streams past MAX_CONCURRENT_STREAMS, SETTINGS never acknowledged", () -> {
      int before = attackBackend.requests("/late");
      int refused = 0;
      try (H2Frames client = H2Frames.connect(h2)) {
        client.openStreams(1500, "GET", "/late?ms=1000");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int ended = 0;
        while (ended < 1500 && System.nanoTime() < deadline) {
          H2Frames.Frame frame = client.read();
          if (frame == null) {
            break;
          }
          if (frame.type() == H2Frames.RST_STREAM) {
            ended++;
            if (frame.errorCode() == H2Frames.REFUSED_STREAM) {
              refused++;
            }
          } else if (frame.has(H2Frames.END_STREAM)) {
            ended++;
          }
        }
      }
      int reached = attackBackend.requests("/late") - before;
      // Past the limit, streams are refused, and a client that keeps on is cut off (the reset
      // flood protection): either way no more than the limit reach the backend.
      assertTrue(refused > 0, "no stream refused");
      assertTrue(reached <= 1000, reached + " requests reached the backend");
      return "1500 streams at once from a client that never acknowledges SETTINGS ("
          + refused + " refused before the connection was closed, " + reached + " served)";
    });
  }

  @Test
  void anIdleTimeoutNeverCutsAStreamThatIsStillOpen() throws Exception {
    scenario("a response later than the idle timeout", () -> {
      try (H2Frames client = H2Frames.connect(h2)) {
        client.handshake();
        client.write(H2Frames.frame(H2Frames.HEADERS,
            H2Frames.END_HEADERS | H2Frames.END_STREAM, 1,
            client.requestBlock("GET", "/late?ms=2500")));
        assertEquals("200", client.responseHeaders(1).status().toString());
      }
      return "an h2 stream answered after 2.5 s on a server with idleTimeMs 1000";
    });
  }

  /** Sends {@code request} raw and reads until the router closes the connection. */
  private static String exchange(int port, String request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) > 0; ) {
          out.write(buf, 0, n);
        }
      } catch (SocketTimeoutException e) {
        fail("the connection stayed open after: " + out.toString(StandardCharsets.ISO_8859_1));
      }
      String response = out.toString(StandardCharsets.ISO_8859_1);
      if (response.length() < 12) {
        fail("no response to:\n" + request);
      }
      return response;
    }
  }
}
