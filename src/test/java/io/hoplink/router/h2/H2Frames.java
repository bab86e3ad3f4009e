package io.hoplink.router.h2;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A raw HTTP/2 client connection over a plain socket, for protocol tests: frames are written
 * byte by byte as given (nothing is checked or fixed up), and read back with a bounded wait.
 * Request header blocks are HPACK literals without indexing and without Huffman, so a block can
 * be cut anywhere; response blocks are decoded with Netty's HPACK decoder.
 */
public final class H2Frames implements AutoCloseable {
  public static final int DATA = 0x0;
  public static final int HEADERS = 0x1;
  public static final int RST_STREAM = 0x3;
  public static final int SETTINGS = 0x4;
  public static final int PING = 0x6;
  public static final int GOAWAY = 0x7;
  public static final int CONTINUATION = 0x9;
  public static final int END_STREAM = 0x1;
  public static final int ACK = 0x1;
  public static final int END_HEADERS = 0x4;
  public static final int PADDED = 0x8;
  public static final int PRIORITY = 0x20;
  public static final int SETTINGS_HEADER_TABLE_SIZE = 0x1;
  public static final int SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
  public static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
  public static final int SETTINGS_MAX_FRAME_SIZE = 0x5;
  public static final int SETTINGS_MAX_HEADER_LIST_SIZE = 0x6;
  public static final int PROTOCOL_ERROR = 0x1;
  public static final int REFUSED_STREAM = 0x7;
  public static final int CANCEL = 0x8;
  public static final int ENHANCE_YOUR_CALM = 0xb;
  /** How long one read may wait: the failure bound of every expectation. */
  public static final int READ_TIMEOUT_MS = 10_000;

  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** One frame as read: its 9-byte header fields and payload. */
  public record Frame(int type, int flags, int streamId, byte[] payload) {
    public boolean has(int flag) {
      return (flags & flag) == flag;
    }

    /** The header block fragment of a HEADERS frame, without padding and priority fields. */
    byte[] headerBlock() {
      int from = has(PADDED) ? 1 : 0;
      int padding = has(PADDED) ? payload[0] & 0xff : 0;
      from += has(PRIORITY) ? 5 : 0;
      return Arrays.copyOfRange(payload, from, payload.length - padding);
    }

    /** The error code of a RST_STREAM or GOAWAY frame. */
    public long errorCode() {
      return uint32(payload, type == GOAWAY ? 4 : 0);
    }

    /** The parameters of a SETTINGS frame, by identifier. */
    Map<Integer, Long> settings() {
      Map<Integer, Long> out = new LinkedHashMap<>();
      for (int i = 0; i + 6 <= payload.length; i += 6) {
        out.put(((payload[i] & 0xff) << 8) | (payload[i + 1] & 0xff), uint32(payload, i + 2));
      }
      return out;
    }

    @Override
    public String toString() {
      return "Frame[type=" + type + " flags=" + flags + " stream=" + streamId
          + " length=" + payload.length
          + (type == GOAWAY || type == RST_STREAM ? " error=" + errorCode() : "")
          + (type == GOAWAY ? " debug=" + new String(payload, 8, payload.length - 8,
              StandardCharsets.UTF_8) : "") + "]";
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final DefaultHttp2HeadersDecoder hpack = new DefaultHttp2HeadersDecoder(false);
  private final List<Frame> seen = new ArrayList<>();
  private boolean tableSizeUpdatePending;

  private H2Frames(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Connects to 127.0.0.1:port and sends the client preface and an empty SETTINGS frame. */
  public static H2Frames connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
    socket.setSoTimeout(READ_TIMEOUT_MS);
    socket.setTcpNoDelay(true);
    H2Frames connection = new H2Frames(socket);
    connection.out.write(PREFACE);
    connection.write(frame(SETTINGS, 0, 0, new byte[0]));
    return connection;
  }

  /**
   * Connects like {@link #connect(int)}, announcing SETTINGS_INITIAL_WINDOW_SIZE
   * {@code windowBytes}: with 0, the server may send no DATA until the client opens its windows.
   */
  public static H2Frames connectWithWindow(int port, int windowBytes) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
    socket.setSoTimeout(READ_TIMEOUT_MS);
    H2Frames connection = new H2Frames(socket);
    connection.out.write(PREFACE);
    ByteArrayOutputStream setting = new ByteArrayOutputStream();
    setting.write(0);
    setting.write(SETTINGS_INITIAL_WINDOW_SIZE);
    setting.writeBytes(int32(windowBytes));
    connection.write(frame(SETTINGS, 0, 0, setting.toByteArray()));
    return connection;
  }

  /** Reads the server's SETTINGS, acknowledges them (so they apply) and returns them. */
  public Map<Integer, Long> handshake() throws IOException {
    Frame settings = readUntil("the server's SETTINGS", f -> f.type() == SETTINGS && !f.has(ACK));
    write(frame(SETTINGS, ACK, 0, new byte[0]));
    // A changed table size must be acknowledged in the next header block (RFC 7541 4.2).
    tableSizeUpdatePending = settings.settings().containsKey(SETTINGS_HEADER_TABLE_SIZE);
    return settings.settings();
  }

  /** The bytes of one frame. */
  public static byte[] frame(int type, int flags, int streamId, byte[] payload) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(9 + payload.length);
    bytes.write(payload.length >>> 16);
    bytes.write(payload.length >>> 8);
    bytes.write(payload.length);
    bytes.write(type);
    bytes.write(flags);
    bytes.writeBytes(int32(streamId));
    bytes.writeBytes(payload);
    return bytes.toByteArray();
  }

  public static byte[] rstStream(int streamId, int errorCode) {
    return frame(RST_STREAM, 0, streamId, int32(errorCode));
  }

  /** A request header block: the pseudo-headers, then {@code extra} as name, value pairs. */
  public byte[] requestBlock(String method, String path, String... extra) {
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    if (tableSizeUpdatePending) {
      block.write(0x20); // dynamic table size update to 0: this client never indexes
      tableSizeUpdatePending = false;
    }
    literal(block, ":method", method);
    literal(block, ":scheme", "http");
    literal(block, ":path", path);
    literal(block, ":authority", "127.0.0.1");
    for (int i = 0; i < extra.length; i += 2) {
      literal(block, extra[i], extra[i + 1]);
    }
    return block.toByteArray();
  }

  /** A CONNECT request's header block: {@code :method} and {@code :authority} only. */
  public byte[] connectBlock(String authority) {
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    literal(block, ":method", "CONNECT");
    literal(block, ":authority", authority);
    return block.toByteArray();
  }

  /**
   * Opens {@code count} streams at once (1, 3, 5, ...), each a request without a body, in one
   * write.
   */
  public void openStreams(int count, String method, String path) throws IOException {
    openStreams(1, count, method, path);
  }

  /** As above, the streams numbered from {@code firstStream} (odd) on. */
  public void openStreams(int firstStream, int count, String method, String path)
      throws IOException {
    ByteArrayOutputStream burst = new ByteArrayOutputStream();
    for (int i = 0; i < count; i++) {
      burst.writeBytes(frame(HEADERS, END_HEADERS | END_STREAM, firstStream + 2 * i,
          requestBlock(method, path)));
    }
    write(burst.toByteArray());
  }

  /** Writes these bytes (any number of frames) in one go. */
  public void write(byte[]... frames) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (byte[] f : frames) {
      bytes.writeBytes(f);
    }
    out.write(bytes.toByteArray());
    out.flush();
  }

  /** The next frame; null once the server closed the connection (FIN or reset). */
  public Frame read() throws IOException {
    try {
      byte[] head = in.readNBytes(9);
      if (head.length < 9) {
        return null;
      }
      int length = ((head[0] & 0xff) << 16) | ((head[1] & 0xff) << 8) | (head[2] & 0xff);
      byte[] payload = in.readNBytes(length);
      if (payload.length < length) {
        return null;
      }
      Frame frame = new Frame(head[3] & 0xff, head[4] & 0xff,
          (int) (uint32(head, 5) & 0x7fff_ffffL), payload);
      seen.add(frame);
      return frame;
    } catch (SocketTimeoutException e) {
      throw new AssertionError("nothing read within " + READ_TIMEOUT_MS + " ms; frames so far: "
          + seen, e);
    } catch (SocketException e) {
      return null; // reset by the server: closed
    }
  }

  /** Reads until a frame matches; fails on close or when a read waits too long. */
  public Frame readUntil(String what, Predicate<Frame> wanted) throws IOException {
    for (Frame f = read(); f != null; f = read()) {
      if (wanted.test(f)) {
        return f;
      }
    }
    throw new AssertionError("closed before " + what + "; frames so far: " + seen);
  }

  /** Reads to the end of the connection, returning what came; fails if it stays open. */
  public List<Frame> readToClose() throws IOException {
    List<Frame> rest = new ArrayList<>();
    for (Frame f = read(); f != null; f = read()) {
      rest.add(f);
    }
    return rest;
  }

  /** The response head (or trailers) on a stream: its HEADERS frame, HPACK-decoded. */
  public Http2Headers responseHeaders(int streamId) throws IOException {
    Frame headers = readUntil("HEADERS on stream " + streamId,
        f -> f.streamId() == streamId && (f.type() == HEADERS || f.type() == RST_STREAM));
    if (headers.type() == RST_STREAM) {
      throw new AssertionError("stream " + streamId + " reset: " + headers.errorCode());
    }
    try {
      return hpack.decodeHeaders(streamId, Unpooled.wrappedBuffer(headers.headerBlock()));
    } catch (Http2Exception e) {
      throw new AssertionError("undecodable response headers " + headers, e);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static void literal(ByteArrayOutputStream block, String name, String value) {
    block.write(0x00); // literal header field without indexing, new name
    string(block, name);
    string(block, value);
  }

  private static void string(ByteArrayOutputStream block, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
    // HPACK integer with a 7-bit prefix, H (Huffman) bit clear.
    int n = bytes.length;
    if (n < 127) {
      block.write(n);
    } else {
      block.write(127);
      for (n -= 127; n >= 128; n >>>= 7) {
        block.write((n & 0x7f) | 0x80);
      }
      block.write(n);
    }
    block.writeBytes(bytes);
  }

  private static byte[] int32(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  private static long uint32(byte[] b, int at) {
    return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xffL) << 16) | ((b[at + 2] & 0xffL) << 8)
        | (b[at + 3] & 0xffL);
  }
}
