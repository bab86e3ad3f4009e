package io.hoplink.e2e.hardening;

import io.hoplink.router.h2.H2Frames;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ordinary traffic beside an attack, each request on a connection of its own: the admin
 * server's ping, a request through the HTTP/1.1 router and one through the h2 router, every
 * {@link #INTERVAL_MS}. A probe is lost when it gets no 200 within {@link #PATIENCE_MS}.
 */
final class Probes implements AutoCloseable {
  static final int PATIENCE_MS = 3000;
  private static final int INTERVAL_MS = 100;

  private final int adminPort;
  private final int httpPort;
  private final int h2Port;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private final List<String> lost = new ArrayList<>();
  private int sent;
  private long slowestNanos;
  private long lastLostNanos;

  Probes(int adminPort, int httpPort, int h2Port) {
    this.adminPort = adminPort;
    this.httpPort = httpPort;
    this.h2Port = h2Port;
    thread = new Thread(this::run, "probes");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (running.get()) {
      probe("admin", () -> http1(adminPort, "/admin/ping", "admin"));
      probe("http router", () -> http1(httpPort, "/small", "probe"));
      probe("h2 router", this::h2);
      try {
        Thread.sleep(INTERVAL_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private interface Probe {
    int status() throws IOException;
  }

  private void probe(String what, Probe probe) {
    long start = System.nanoTime();
    String failure;
    try {
      int status = probe.status();
      failure = status == 200 ? null : "status " + status;
    } catch (IOException | RuntimeException | AssertionError e) {
      failure = e.toString();
    }
    long took = System.nanoTime() - start;
    if (failure == null && took > PATIENCE_MS * 1_000_000L) {
      failure = "answered after " + took / 1_000_000 + " ms";
    }
    synchronized (this) {
      sent++;
      slowestNanos = Math.max(slowestNanos, took);
      if (failure != null) {
        lost.add(what + ": " + failure);
        lastLostNanos = System.nanoTime();
      }
    }
  }

  private static int http1(int port, String path, String host) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), PATIENCE_MS);
      socket.setSoTimeout(PATIENCE_MS);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      if (!response.startsWith("HTTP/1.1 ")) {
        throw new IOException("no response: '" + response + "'");
      }
      return Integer.parseInt(response.substring(9, 12));
    }
  }

  /** Through the h2 router: the per-request dtab names the probe service (no address). */
  private int h2() throws IOException {
    try (H2Frames h2 = H2Frames.connect(h2Port)) {
      h2.handshake();
      h2.write(H2Frames.frame(H2Frames.HEADERS, H2Frames.END_HEADERS | H2Frames.END_STREAM, 1,
          h2.requestBlock("GET", "/small", "l5d-dtab", "/svc/127.0.0.1=>/svc/probe")));
      Http2Headers head = h2.responseHeaders(1);
      return Integer.parseInt(head.status().toString());
    }
  }

  /** Requests sent so far. */
  synchronized int sent() {
    return sent;
  }

  synchronized List<String> lost() {
    return List.copyOf(lost);
  }

  synchronized long slowestMillis() {
    return slowestNanos / 1_000_000;
  }

  /** When the last probe was lost (System.nanoTime), 0 if none was. */
  synchronized long lastLostNanos() {
    return lastLostNanos;
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.interrupt();
    thread.join(10_000);
  }
}
