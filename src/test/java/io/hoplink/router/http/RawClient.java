package io.hoplink.router.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Speaks HTTP/1.1 over a plain socket, byte for byte, so tests control every octet. */
final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawClient(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(10_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  RawClient send(String ascii) throws IOException {
    return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  RawClient send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** The client side's port, which names this connection in /proc/net/tcp. */
  int localPort() {
    return socket.getLocalPort();
  }

  /**
   * Whether the server has read everything this client sent: its socket's receive queue for
   * this connection is empty (on loopback, a write is in that queue by the time it returns).
   */
  boolean serverHasReadAll(int serverPort) {
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines;
      try {
        lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(table));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      for (String line : lines) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 4 && f[1].endsWith(String.format(":%04X", serverPort))
            && f[2].endsWith(String.format(":%04X", localPort()))) {
          return Integer.parseInt(f[4].substring(f[4].indexOf(':') + 1), 16) == 0;
        }
      }
    }
    throw new IllegalStateException("no socket for port " + serverPort + " <- " + localPort());
  }

  OutputStream output() {
    return out;
  }

  /** Reads one whole response, keeping its body. */
  RawResponse read() throws IOException {
    return read(false);
  }

  RawResponse read(boolean headRequest) throws IOException {
    RawResponse head = readHead();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    List<Map.Entry<String, String>> trailers = new ArrayList<>();
    readBody(head, headRequest, body, trailers);
    return head.withBody(body.toByteArray(), trailers);
  }

  RawResponse readHead() throws IOException {
    RawResponse head = readAnyHead();
    while (head.status() == 100) {
      head = readAnyHead();
    }
    return head;
  }

  /** Reads the next response head, an interim one ({@code 100 Continue}) included. */
  RawResponse readAnyHead() throws IOException {
    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    fields(headers);
    return new RawResponse(Integer.parseInt(parts[1]), statusLine, headers, new byte[0],
        List.of());
  }

  /** The data of the next chunk of a chunked body: empty for the last one (trailers unread). */
  byte[] readChunk() throws IOException {
    long size = Long.parseLong(line().split(";", 2)[0].trim(), 16);
    if (size == 0) {
      return new byte[0];
    }
    byte[] data = readBytes(Math.toIntExact(size));
    if (!line().isEmpty()) {
      throw new IOException("chunk not followed by CRLF");
    }
    return data;
  }

  /** The next {@code n} bytes of a body. */
  byte[] readBytes(int n) throws IOException {
    byte[] data = in.readNBytes(n);
    if (data.length < n) {
      throw new EOFException("closed after " + data.length + " of " + n + " bytes");
    }
    return data;
  }

  /** Reads the body framed as {@code head} says into {@code sink}; returns its length. */
  long readBody(RawResponse head, boolean headRequest, OutputStream sink,
      List<Map.Entry<String, String>> trailers) throws IOException {
    if (headRequest || head.status() == 204 || head.status() == 304) {
      return 0;
    }
    if (head.chunked()) {
      long total = 0;
      while (true) {
        String sizeLine = line();
        long size = Long.parseLong(sizeLine.split(";", 2)[0].trim(), 16);
        if (size == 0) {
          fields(trailers);
          return total;
        }
        copy(size, sink);
        total += size;
        if (!line().isEmpty()) {
          throw new IOException("chunk not followed by CRLF");
        }
      }
    }
    String length = head.header("content-length");
    if (length != null) {
      long size = Long.parseLong(length);
      copy(size, sink);
      return size;
    }
    return in.transferTo(sink); // delimited by the close
  }

  /** True if the server closes the connection (EOF or reset) before the read timeout. */
  boolean awaitClosed() throws IOException {
    byte[] buf = new byte[8192];
    try {
      while (in.read(buf) >= 0) {
        // discard
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset
    }
  }

  private void copy(long size, OutputStream sink) throws IOException {
    byte[] buf = new byte[65536];
    long left = size;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new IOException("EOF with " + left + " body bytes missing");
      }
      sink.write(buf, 0, n);
      left -= n;
    }
  }

  private void fields(List<Map.Entry<String, String>> into) throws IOException {
    for (String field = line(); !field.isEmpty(); field = line()) {
      int colon = field.indexOf(':');
      into.add(new AbstractMap.SimpleEntry<>(
          field.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          field.substring(colon + 1).trim()));
    }
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("EOF after: " + sb);
      }
      if (b == '\n') {
        int end = sb.length();
        return end > 0 && sb.charAt(end - 1) == '\r' ? sb.substring(0, end - 1) : sb.toString();
      }
      sb.append((char) b);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
