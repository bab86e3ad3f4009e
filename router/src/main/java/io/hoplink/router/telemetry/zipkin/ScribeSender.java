package io.hoplink.router.telemetry.zipkin;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import zipkin2.Span;
import zipkin2.codec.SpanBytesEncoder;

/**
 * Scribe over TCP, as Linkerd's Finagle tracer sends: one {@code Log} call per batch, a
 * {@code LogEntry} per span with category {@code zipkin} and as message the span's Zipkin v1
 * Thrift encoding in base64 with a trailing newline. One connection, kept open and made again
 * after a failure; a call not answered within the timeout fails and closes it.
 */
final class ScribeSender implements SpanSender {
  static final String CATEGORY = "zipkin";

  private final Vertx vertx;
  private final String host;
  private final int port;
  private final long timeoutMs;
  private final NetClient client;
  private NetSocket socket;
  private Promise<Buffer> reply;
  private int seq;
  private boolean closed;

  ScribeSender(Vertx vertx, String host, int port, int connectTimeoutMs, long timeoutMs) {
    this.vertx = vertx;
    this.host = host;
    this.port = port;
    this.timeoutMs = timeoutMs;
    this.client = vertx.createNetClient(new NetClientOptions()
        .setConnectTimeout(connectTimeoutMs).setTcpNoDelay(true));
  }

  /** The messages of {@code spans}: base64 of each span's v1 Thrift bytes, then a newline. */
  static List<String> messages(List<Span> spans) {
    List<String> out = new ArrayList<>(spans.size());
    Base64.Encoder base64 = Base64.getEncoder();
    for (Span span : spans) {
      out.add(base64.encodeToString(SpanBytesEncoder.THRIFT.encode(span)) + "\n");
    }
    return out;
  }

  @Override
  public Future<Void> send(List<Span> spans) {
    if (closed) {
      return Future.failedFuture("the sender is closed");
    }
    int id = ++seq;
    Buffer call = ScribeCodec.log(id, CATEGORY, messages(spans));
    Promise<Buffer> answer = Promise.promise();
    long timer = vertx.setTimer(timeoutMs, t -> {
      if (answer.tryFail("no answer within " + timeoutMs + " ms")) {
        dropConnection();
      }
    });
    connection().compose(s -> {
      reply = answer;
      return s.write(call);
    }).onFailure(answer::tryFail);
    return answer.future().andThen(ar -> vertx.cancelTimer(timer)).compose(body -> {
      int code = ScribeCodec.resultCode(body, id);
      return code == ScribeCodec.OK ? Future.<Void>succeededFuture()
          : Future.<Void>failedFuture(code == ScribeCodec.TRY_LATER ? "the collector said TRY_LATER"
              : "the collector answered result code " + code);
    }).onFailure(e -> dropConnection());
  }

  private Future<NetSocket> connection() {
    if (socket != null) {
      return Future.succeededFuture(socket);
    }
    return client.connect(port, host).map(s -> {
      socket = s;
      s.handler(new ReplyFrames(s).parser);
      s.closeHandler(v -> fail(s, "the collector closed the connection"));
      s.exceptionHandler(e -> fail(s, e.getMessage()));
      return s;
    });
  }

  /** Reads length-prefixed reply frames and completes the call waiting for each. */
  private final class ReplyFrames implements Handler<Buffer> {
    final RecordParser parser = RecordParser.newFixed(4, this);
    private final NetSocket socket;
    private boolean inBody;

    ReplyFrames(NetSocket socket) {
      this.socket = socket;
    }

    @Override
    public void handle(Buffer part) {
      if (!inBody) {
        int length = part.getInt(0);
        if (length <= 0 || length > ScribeCodec.MAX_REPLY_BYTES) {
          fail(socket, "a reply frame of " + length + " bytes");
          return;
        }
        inBody = true;
        parser.fixedSizeMode(length);
        return;
      }
      inBody = false;
      parser.fixedSizeMode(4);
      Promise<Buffer> waiting = reply;
      reply = null;
      if (waiting != null) {
        waiting.tryComplete(part);
      }
    }
  }

  private void fail(NetSocket s, String why) {
    if (socket == s) {
      socket = null;
      s.close();
      Promise<Buffer> waiting = reply;
      reply = null;
      if (waiting != null) {
        waiting.tryFail(why);
      }
    }
  }

  private void dropConnection() {
    if (socket != null) {
      fail(socket, "dropped");
    }
  }

  @Override
  public String collector() {
    return host + ":" + port;
  }

  @Override
  public void close() {
    closed = true;
    dropConnection();
    client.close();
  }
}
