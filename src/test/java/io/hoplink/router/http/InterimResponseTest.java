package io.hoplink.router.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An upstream that sends {@code 102 Processing} before its answer: the router cannot relay it
 * (Vert.x would take it for the final response), so the attempt fails fast with 502 and its
 * connection is closed, never pooled to answer another client's request with a stale response.
 */
class InterimResponseTest {
  private ProxyFixture proxy;
  private ServerSocket backend;
  private Thread acceptor;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    backend = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::serve, "raw-backend");
    acceptor.setDaemon(true);
    acceptor.start();
    proxy = new ProxyFixture().start(ProxyFixture.defaults());
    proxy.onDispatch = exchange -> exchange.forward(proxy.upstream, "127.0.0.1",
        backend.getLocalPort()).onFailure(t -> exchange.fail(502, t.getMessage()));
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    backend.close();
  }

  /** Each request on a connection: the first ever gets 102 then "first", later ones "later". */
  private void serve() {
    while (!backend.isClosed()) {
      try {
        Socket socket = backend.accept();
        Thread connection = new Thread(() -> answer(socket), "raw-backend-conn");
        connection.setDaemon(true);
        connection.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void answer(Socket socket) {
    try (socket; InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream()) {
      while (readHead(in)) {
        if (requests.getAndIncrement() == 0) {
          out.write(ascii("HTTP/1.1 102 Processing\r\n\r\n"));
          out.flush();
          Thread.sleep(100);
          out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst"));
        } else {
          out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nlater"));
        }
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // the router closed the connection: what the test wants of it
    }
  }

  /** Reads one bodiless request head; false at the end of the connection. */
  private static boolean readHead(InputStream in) throws IOException {
    int matched = 0;
    for (int b = in.read(); b >= 0; b = in.read()) {
      matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        return true;
      }
    }
    return false;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void anInterimResponseFailsTheAttemptAndItsConnectionAnswersNoOneElse() throws Exception {
    RawResponse first = proxy.exchange("GET /a HTTP/1.1\r\nHost: a\r\n\r\n");
    assertEquals(502, first.status());
    assertTrue(first.header("l5d-err").contains("102"), first.header("l5d-err"));
    for (int i = 0; i < 5; i++) {
      RawResponse later = proxy.exchange("GET /b HTTP/1.1\r\nHost: a\r\n\r\n");
      assertEquals(200, later.status());
      assertEquals("later", later.bodyText(), "another client got the first one's answer");
    }
  }
}
