package io.hoplink.router;

import io.hoplink.router.forward.Exchange;
import io.hoplink.router.forward.ForwardFailure;
import io.hoplink.router.forward.ForwardResult;
import io.hoplink.router.forward.UpstreamReply;
import io.hoplink.router.resilience.Deadline;
import io.hoplink.router.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * An exchange without sockets: each {@link #send} is recorded as a {@link Sent} that the test
 * answers by hand, and the exchange's end (status, or a reset) is recorded once.
 */
final class FakeExchange implements Exchange {
  /** One attempt the loop sent: where, and the means to answer it. */
  static final class Sent {
    final String host;
    final int port;
    final MultiMap headers;
    final Promise<UpstreamReply> head = Promise.promise();
    String abortedFor;

    Sent(String host, int port, MultiMap headers) {
      this.host = host;
      this.port = port;
      this.headers = MultiMap.caseInsensitiveMultiMap().addAll(headers);
    }

    void answer(FakeReply reply) {
      head.tryComplete(reply);
    }

    void fail(ForwardFailure failure) {
      head.tryFail(failure);
    }
  }

  final List<Sent> sent = new ArrayList<>();
  final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
  final MultiMap responseHeaders = MultiMap.caseInsensitiveMultiMap();
  private final HttpMethod method;
  private final long declaredLength;
  private final Deadline deadline;
  private boolean replayable = true;
  private final List<java.util.function.Consumer<Exchange>> endHooks =
      new java.util.ArrayList<>();
  /** The status the client got (-1: a reset); null while the exchange is open. */
  Integer answered;
  String message;
  int ends;

  FakeExchange(HttpMethod method, long declaredLength, Deadline deadline) {
    this.method = method;
    this.declaredLength = declaredLength;
    this.deadline = deadline;
  }

  Sent last() {
    return sent.get(sent.size() - 1);
  }

  void bodyOutgrewTheRetryBuffer() {
    replayable = false;
  }

  @Override
  public HttpMethod method() {
    return method;
  }

  @Override
  public String path() {
    return "/";
  }

  @Override
  public void setPath(String path) {
  }

  @Override
  public String authority() {
    return "svc";
  }

  @Override
  public HttpVersion version() {
    return HttpVersion.HTTP_2;
  }

  @Override
  public MultiMap headers() {
    return headers;
  }

  @Override
  public String localDtab() {
    return "";
  }

  @Override
  public boolean grpc() {
    return false;
  }

  @Override
  public SocketAddress remoteAddress() {
    return SocketAddress.inetSocketAddress(1, "127.0.0.1");
  }

  @Override
  public Deadline takeDeadline() {
    return deadline;
  }

  @Override
  public boolean deadlineCoversResponse() {
    return true;
  }

  @Override
  public long declaredLength() {
    return declaredLength;
  }

  @Override
  public void keepForRetries(long maxBytes) {
  }

  @Override
  public boolean replayable() {
    return replayable;
  }

  @Override
  public Future<UpstreamReply> send(Upstream upstream, String host, int port) {
    Sent attempt = new Sent(host, port, headers);
    sent.add(attempt);
    return attempt.head.future();
  }

  @Override
  public void abortAttempt(String reason) {
    Sent attempt = last();
    attempt.abortedFor = reason;
    attempt.fail(new ForwardFailure.Broken(attempt.host + ":" + attempt.port, reason, null, true));
  }

  @Override
  public void fail(int status, String message) {
    end(status, message);
  }

  @Override
  public int fail(ForwardFailure failure) {
    end(502, failure.getMessage());
    return 502;
  }

  @Override
  public void deadlineExceeded(String message) {
    end(503, message);
  }

  @Override
  public void setResponseHeader(String name, String value) {
    responseHeaders.set(name, value);
  }

  @Override
  public boolean ended() {
    return answered != null;
  }

  @Override
  public void whenEnded(java.util.function.Consumer<Exchange> hook) {
    if (answered != null) {
      hook.accept(this);
    } else {
      endHooks.add(hook);
    }
  }

  @Override
  public String receivedPath() {
    return "/";
  }

  @Override
  public int sentStatus() {
    return answered == null ? 0 : answered;
  }

  @Override
  public long sentLength() {
    return -1;
  }

  /** The relayed response reached the client in full. */
  void relayed(int status) {
    end(status, null);
  }

  private void end(int status, String why) {
    ends++;
    if (answered != null) {
      return;
    }
    answered = status;
    message = why;
    endHooks.forEach(hook -> hook.accept(this));
    // As a real exchange does: ending aborts the attempt in flight, which fails its future.
    if (!sent.isEmpty()) {
      Sent attempt = last();
      attempt.fail(new ForwardFailure.Broken(attempt.host + ":" + attempt.port,
          "the exchange ended before the response did", null, false));
    }
  }

  /** A held upstream response whose body and end the test controls. */
  static final class FakeReply implements UpstreamReply {
    final int status;
    final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    final MultiMap trailers = MultiMap.caseInsensitiveMultiMap();
    final Promise<ForwardResult> relay = Promise.promise();
    Buffered buffered = Buffered.ENDED;
    boolean discarded;
    boolean relayStarted;

    FakeReply(int status) {
      this.status = status;
    }

    @Override
    public int status() {
      return status;
    }

    @Override
    public MultiMap headers() {
      return headers;
    }

    @Override
    public MultiMap trailers() {
      return trailers;
    }

    @Override
    public Future<Buffered> bufferToEnd(long maxBytes, long timeoutMs) {
      return Future.succeededFuture(buffered);
    }

    @Override
    public ForwardFailure failure() {
      return null;
    }

    @Override
    public Future<ForwardResult> relay() {
      relayStarted = true;
      return relay.future();
    }

    /** The response reached its end at the client. */
    void finish(FakeExchange exchange) {
      exchange.relayed(status);
      relay.tryComplete(new ForwardResult(status, trailers));
    }

    @Override
    public void discard() {
      discarded = true;
    }
  }
}
