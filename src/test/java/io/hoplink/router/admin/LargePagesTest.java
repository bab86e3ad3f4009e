package io.hoplink.router.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.RequestStats;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** metrics.json and the Prometheus page of a large tree go out in chunks as they are written. */
class LargePagesTest {
  private static final int CLIENTS = 300;
  private static AdminFixture admin;

  @BeforeAll
  static void start() throws Exception {
    FakeAdminState state = new FakeAdminState();
    Metrics rt = state.metrics.scope("rt", "outgoing");
    for (int i = 0; i < CLIENTS; i++) {
      RequestStats stats = new RequestStats(rt.scope("client", "#/io.l5d.fs/app-" + i));
      stats.started();
      stats.ended(200, 1_000_000L * (1 + i % 40));
    }
    admin = new AdminFixture(state);
  }

  @AfterAll
  static void stop() throws Exception {
    admin.close();
  }

  private static Optional<String> header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name);
  }

  @Test
  void aLargePageIsChunkedAndWhole() throws Exception {
    HttpResponse<String> json = admin.get("/admin/metrics.json");
    assertEquals(200, json.statusCode());
    assertTrue(json.body().length() > 4 * ChunkedReply.CHUNK, "large enough to be chunked");
    assertFalse(header(json, "content-length").isPresent(), json.headers().toString());
    assertEquals(Replies.JSON, header(json, "content-type").orElse(""));
    JsonObject metrics = new JsonObject(json.body());
    for (int i = 0; i < CLIENTS; i++) {
      assertEquals(1L, metrics.getLong("rt/outgoing/client/#/io.l5d.fs/app-" + i + "/requests"));
    }
    HttpResponse<String> prometheus = admin.get("/admin/metrics/prometheus");
    assertEquals(200, prometheus.statusCode());
    assertFalse(header(prometheus, "content-length").isPresent());
    assertTrue(prometheus.body().endsWith("\n"));
    for (int i = 0; i < CLIENTS; i++) {
      assertTrue(prometheus.body().contains("rt:client:requests{rt=\"outgoing\", "
          + "client=\"#/io.l5d.fs/app-" + i + "\"} 1\n"), "client " + i);
    }
  }

  @Test
  void aSmallAnswerKeepsItsLength() throws Exception {
    HttpResponse<String> json = admin.get("/admin/metrics.json?q=app-17/requests");
    assertEquals("{\"rt/outgoing/client/#/io.l5d.fs/app-17/requests\":1}", json.body());
    assertEquals(String.valueOf(json.body().length()), header(json, "content-length").orElse(""));
  }

  @Test
  void headGetsTheHeadOfAChunkedPageAndNoBody() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), admin.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("HEAD /admin/metrics/prometheus HTTP/1.1\r\nHost: admin\r\n\r\n"
          + "GET /admin/ping HTTP/1.1\r\nHost: admin\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String text = all.toString(StandardCharsets.US_ASCII);
      assertTrue(text.startsWith("HTTP/1.1 200 OK\r\n"), text);
      // The HEAD's answer has no body: the next bytes are the ping's answer.
      int second = text.indexOf("HTTP/1.1 200 OK\r\n", 1);
      assertTrue(second > 0, text);
      assertTrue(text.substring(0, second).endsWith("\r\n\r\n"), text);
      assertTrue(text.endsWith("pong"), text);
    }
  }
}
