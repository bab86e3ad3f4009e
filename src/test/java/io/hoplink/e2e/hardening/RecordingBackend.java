package io.hoplink.e2e.hardening;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 backend on raw sockets that keeps every byte it was sent, so that a test can tell
 * what got through the router, however it was framed. It serves {@code /small} (two bytes),
 * {@code /big} ({@link #BIG_BYTES}, written as fast as the reader takes them), {@code /interim}
 * (a {@code 102} every 100 ms, never a final response) and {@code /late?ms=N} (a 200 after N ms),
 * with keep-alive; a request body is read by its {@code Content-Length} or chunked framing.
 */
final class RecordingBackend implements AutoCloseable {
  static final int BIG_BYTES = 10 * 1024 * 1024;
  private static final int MAX_RECORDED = 8 * 1024 * 1024;
  private static final byte[] BLOCK = new byte[64 * 1024];

  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "recording-backend");
    t.setDaemon(true);
    return t;
  });
  private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final AtomicInteger connections = new AtomicInteger();

  RecordingBackend() throws IOException {
    server = new ServerSocket(0, 2048, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  /** Requests seen for {@code path} (without its query). */
  int requests(String path) {
    AtomicInteger n = requests.get(path);
    return n == null ? 0 : n.get();
  }

  int connectionsAccepted() {
    return connections.get();
  }

  /** Every byte received so far, on every connection, in arrival order per read. */
  String recorded() {
    synchronized (recorded) {
      return recorded.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.incrementAndGet();
        threads.execute(() -> serve(socket));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setSoTimeout(120_000);
      // A fixed send buffer: with the kernel's autotuning, a thousand connections writing /big
      // to a router that reads none of it had megabytes each copied in before they blocked,
      // and the backend's thousand threads kept both cores busy, starving the probes beside them
      // on a slow machine. What the router is sent, and what it may hold, stay the same.
      socket.setSendBufferSize(64 * 1024);
      InputStream in = new RecordingInput(new BufferedInputStream(socket.getInputStream()));
      OutputStream out = socket.getOutputStream();
      while (true) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        String[] lines = head.split("\r\n");
        String[] start = lines[0].split(" ");
        String target = start.length > 1 ? start[1] : "";
        long length = 0;
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
          String line = lines[i].toLowerCase(Locale.ROOT);
          if (line.startsWith("content-length:")) {
            length = Long.parseLong(line.substring(15).trim());
          } else if (line.startsWith("transfer-encoding:") && line.contains("chunked")) {
            chunked = true;
          }
        }
        if (chunked) {
          skipChunked(in);
        } else {
          in.skipNBytes(length);
        }
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        if (!answer(path, target, out)) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the router closed or reset the connection: what it sent is recorded
    }
  }

  /** Answers one request; false when the connection is to be closed. */
  private boolean answer(String path, String target, OutputStream out) throws IOException {
    switch (path) {
      case "/big" -> {
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + BIG_BYTES + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        for (int sent = 0; sent < BIG_BYTES; sent += BLOCK.length) {
          out.write(BLOCK, 0, Math.min(BLOCK.length, BIG_BYTES - sent));
        }
        out.flush();
        return true;
      }
      case "/interim" -> {
        for (int i = 0; i < 50; i++) {
          out.write("HTTP/1.1 102 Processing\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          sleep(100);
        }
        return false;
      }
      case "/late" -> {
        sleep(Long.parseLong(target.substring(target.indexOf("ms=") + 3)));
        return ok(out);
      }
      default -> {
        return ok(out);
      }
    }
  }

  private static boolean ok(OutputStream out) throws IOException {
    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return true;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The head up to its blank line, or null at the end of the stream. */
  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      head.append((char) b);
      int n = head.length();
      if (n >= 4 && head.charAt(n - 4) == '\r' && head.charAt(n - 3) == '\n'
          && head.charAt(n - 2) == '\r' && head.charAt(n - 1) == '\n') {
        return head.substring(0, n - 4);
      }
      if (n > 64 * 1024) {
        throw new IOException("head too long");
      }
    }
    return null;
  }

  private static void skipChunked(InputStream in) throws IOException {
    while (true) {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0 && b != '\n') {
        line.append((char) b);
      }
      String size = line.toString().trim();
      int semi = size.indexOf(';');
      long n = Long.parseLong(semi >= 0 ? size.substring(0, semi) : size, 16);
      if (n == 0) {
        while (!readLine(in).isEmpty()) {
          // trailers
        }
        return;
      }
      in.skipNBytes(n);
      readLine(in);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        line.append((char) b);
      }
    }
    if (b < 0) {
      throw new SocketException("closed mid-line");
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }

  /** Copies what is read into the record, up to its cap. */
  private final class RecordingInput extends InputStream {
    private final InputStream in;

    RecordingInput(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        synchronized (recorded) {
          if (recorded.size() < MAX_RECORDED) {
            recorded.write(b);
          }
        }
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = in.read(buf, off, len);
      if (n > 0) {
        synchronized (recorded) {
          if (recorded.size() < MAX_RECORDED) {
            recorded.write(buf, off, Math.min(n, MAX_RECORDED - recorded.size()));
          }
        }
      }
      return n;
    }
  }
}
