package io.hoplink.router.telemetry.zipkin;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/**
 * A Scribe collector for tests, on 127.0.0.1 and an ephemeral port, written from the Thrift
 * spec independently of the sender: it reads framed {@code Log} calls in the strict binary
 * protocol, keeps each entry's category and message, decodes each message (base64 of a Zipkin v1
 * Thrift span) with zipkin2's own decoder, and answers OK, TRY_LATER, or not at all.
 */
public final class ScribeReceiver implements AutoCloseable {
  /** How it answers each call. */
  public enum Answer { OK, TRY_LATER, NEVER }

  public final List<String> categories = new CopyOnWriteArrayList<>();
  public final List<String> messages = new CopyOnWriteArrayList<>();
  public final List<Span> spans = new CopyOnWriteArrayList<>();
  public volatile Answer answer = Answer.OK;
  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  public ScribeReceiver() throws IOException {
    server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  public int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        sockets.add(socket);
        threads.execute(() -> serve(socket));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      while (true) {
        int length = in.readInt();
        if (length <= 0 || length > 16 << 20) {
          throw new IOException("frame of " + length + " bytes");
        }
        byte[] frame = in.readNBytes(length);
        if (frame.length != length) {
          throw new EOFException();
        }
        int seq = readCall(ByteBuffer.wrap(frame));
        if (answer != Answer.NEVER) {
          out.write(reply(seq, answer == Answer.OK ? 0 : 1));
          out.flush();
        }
      }
    } catch (IOException e) {
      // the sender went away
    }
  }

  /** Reads a {@code Log} call, keeps its entries, and returns its sequence id. */
  private int readCall(ByteBuffer in) throws IOException {
    if (in.getInt() != 0x80010001) {
      throw new IOException("not a strict Thrift CALL");
    }
    if (!"Log".equals(string(in))) {
      throw new IOException("not Log");
    }
    int seq = in.getInt();
    byte type;
    while ((type = in.get()) != 0) {
      short id = in.getShort();
      if (id != 1 || type != 15 || in.get() != 12) {
        throw new IOException("expected field 1, a list of structs");
      }
      int count = in.getInt();
      for (int i = 0; i < count; i++) {
        readEntry(in);
      }
    }
    return seq;
  }

  private void readEntry(ByteBuffer in) throws IOException {
    String category = null;
    String message = null;
    byte type;
    while ((type = in.get()) != 0) {
      short id = in.getShort();
      if (type != 11) {
        throw new IOException("LogEntry field " + id + " is not a string");
      }
      if (id == 1) {
        category = string(in);
      } else if (id == 2) {
        message = string(in);
      } else {
        string(in);
      }
    }
    categories.add(category);
    messages.add(message);
    byte[] thrift = Base64.getMimeDecoder().decode(message);
    spans.add(SpanBytesDecoder.THRIFT.decodeOne(thrift));
  }

  private static String string(ByteBuffer in) {
    byte[] bytes = new byte[in.getInt()];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static byte[] reply(int seq, int code) {
    ByteBuffer body = ByteBuffer.allocate(4 + 4 + 3 + 4 + 3 + 4 + 1);
    body.putInt(0x80010002).putInt(3).put("Log".getBytes(StandardCharsets.US_ASCII)).putInt(seq);
    body.put((byte) 8).putShort((short) 0).putInt(code).put((byte) 0);
    ByteBuffer frame = ByteBuffer.allocate(4 + body.position());
    frame.putInt(body.position()).put(body.array(), 0, body.position());
    return frame.array();
  }

  /** Drops every open connection (a collector that restarts). */
  public void dropConnections() throws IOException {
    for (Socket socket : new ArrayList<>(sockets)) {
      socket.close();
    }
  }

  @Override
  public void close() throws Exception {
    server.close();
    dropConnections();
    threads.shutdownNow();
    threads.awaitTermination(5, TimeUnit.SECONDS);
  }
}
