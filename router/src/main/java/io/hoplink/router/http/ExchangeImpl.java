package io.hoplink.router.http;

import static java.util.Objects.requireNonNull;

import io.hoplink.config.ServerConfig;
import io.hoplink.router.hop.HopHeaders;
import io.hoplink.router.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;

/** One request on the frontend, from its head until it ends exactly once. */
final class ExchangeImpl implements ProxyExchange {
  private enum Phase { WAITING, RELAYING, ERRORING, DONE }

  private final HttpFrontendImpl frontend;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
  private final MultiMap responseHeaders = MultiMap.caseInsensitiveMultiMap();
  private final String localDtab;
  private final long contentLength;
  private final int viaHops;
  private final long startNanos;
  private String uri;
  private Phase phase = Phase.WAITING;
  private UpstreamCall call;
  private Buffer body;
  private Promise<Boolean> buffering;
  private boolean bodyStreamed;

  ExchangeImpl(HttpFrontendImpl frontend, HttpServerRequest request, long startNanos) {
    this.frontend = frontend;
    this.request = request;
    this.response = request.response();
    this.startNanos = startNanos;
    this.uri = request.uri();
    request.pause(); // the body waits for forward()
    headers.addAll(request.headers());
    contentLength = declaredLength(headers);
    localDtab = HopHeaders.takeLocalDtab(headers, frontend.config().clearContext());
    HopHeaders.stripHopByHop(headers);
    viaHops = HopHeaders.viaHops(headers);
    HopHeaders.appendVia(headers, request.version());
    if (!headers.contains(HopHeaders.REQUEST_ID)) {
      headers.set(HopHeaders.REQUEST_ID, frontend.newRequestId());
    }
    ServerConfig config = frontend.config();
    if (config.addForwardedHeader()) {
      ProxyHeaders.appendForwarded(headers, request.remoteAddress(), request.localAddress());
    }
    if (config.timestampHeader() != null) {
      headers.set(config.timestampHeader(), Long.toString(frontend.wallMillis()));
    }
    response.closeHandler(v -> clientGone());
  }

  private static long declaredLength(MultiMap headers) {
    if (headers.contains(HttpHeaders.TRANSFER_ENCODING)) {
      return -1; // only "chunked" gets this far
    }
    String length = headers.get(HttpHeaders.CONTENT_LENGTH);
    return length == null ? 0 : Long.parseLong(length.trim());
  }

  int viaHops() {
    return viaHops;
  }

  HttpServerRequest request() {
    return request;
  }

  HttpServerResponse response() {
    return response;
  }

  MultiMap responseHeaders() {
    return responseHeaders;
  }

  @Override
  public HttpMethod method() {
    return request.method();
  }

  @Override
  public String uri() {
    return uri;
  }

  @Override
  public void setUri(String uri) {
    this.uri = requireNonNull(uri, "uri");
  }

  @Override
  public HttpVersion version() {
    return request.version();
  }

  @Override
  public MultiMap headers() {
    return headers;
  }

  @Override
  public String host() {
    return headers.get(HttpHeaders.HOST);
  }

  @Override
  public String localDtab() {
    return localDtab;
  }

  @Override
  public long contentLength() {
    return contentLength;
  }

  @Override
  public SocketAddress remoteAddress() {
    return request.remoteAddress();
  }

  @Override
  public Future<UpstreamResult> forward(String host, int port) {
    return forward(frontend.upstream(), host, port);
  }

  @Override
  public Future<UpstreamResult> forward(Upstream clients, String host, int port) {
    return send(clients, host, port).compose(UpstreamResponse::relay);
  }

  @Override
  public Future<UpstreamResponse> send(Upstream clients, String host, int port) {
    requireNonNull(clients, "clients");
    requireNonNull(host, "host");
    if (phase != Phase.WAITING) {
      return Future.failedFuture(new IllegalStateException("the exchange has ended"));
    }
    if (call != null || buffering != null && !buffering.future().isComplete()) {
      return Future.failedFuture(new IllegalStateException("already forwarded"));
    }
    if (bodyStreamed) {
      return Future.failedFuture(new IllegalStateException(
          "the request body was streamed to an earlier attempt; it cannot be sent again"));
    }
    call = new UpstreamCall(this, host, port);
    return call.start(clients);
  }

  @Override
  public Future<Boolean> bufferBody(long maxBytes) {
    if (buffering != null) {
      return buffering.future();
    }
    boolean expectsContinue = headers.contains(HttpHeaders.EXPECT);
    if (contentLength <= 0 || contentLength > maxBytes || expectsContinue || call != null
        || bodyStreamed || phase != Phase.WAITING) {
      return Future.succeededFuture(replayable());
    }
    Promise<Boolean> promise = Promise.promise();
    buffering = promise;
    Buffer collected = Buffer.buffer((int) contentLength);
    request.handler(collected::appendBuffer);
    request.exceptionHandler(t -> promise.tryFail(t));
    request.endHandler(v -> {
      body = collected;
      promise.tryComplete(true);
    });
    request.resume();
    return promise.future();
  }

  @Override
  public boolean replayable() {
    return contentLength == 0 || body != null;
  }

  @Override
  public void abortAttempt(String reason) {
    if (call != null && phase == Phase.WAITING) {
      call.abort(requireNonNull(reason, "reason"));
    }
  }

  @Override
  public void fail(int status, String message) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status: " + status + " (expected: 400 to 599)");
    }
    if (phase == Phase.DONE || phase == Phase.ERRORING) {
      return;
    }
    if (phase == Phase.RELAYING || response.headWritten()) {
      resetClient();
      return;
    }
    phase = Phase.ERRORING;
    abortCall("the router answered " + status);
    response.setStatusCode(status)
        .putHeader(HopHeaders.ERR, RouterError.headerValue(message))
        .putHeader(HttpHeaders.CONTENT_TYPE, RouterError.CONTENT_TYPE);
    ProxyHeaders.overwrite(response.headers(), responseHeaders);
    if (contentLength != 0 && !request.isEnded()) {
      response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE); // the body stays unread
    } else {
      request.resume(); // let the end of a bodiless request through
    }
    response.end(RouterError.body(message)).onComplete(ar -> finish(ar.succeeded() ? status : -1));
  }

  @Override
  public void setResponseHeader(String name, String value) {
    responseHeaders.set(requireNonNull(name, "name"), requireNonNull(value, "value"));
  }

  @Override
  public boolean ended() {
    return phase == Phase.DONE || phase == Phase.ERRORING;
  }

  /** The upstream response is about to be relayed; false if the exchange already ended. */
  boolean startRelay() {
    if (phase != Phase.WAITING) {
      return false;
    }
    phase = Phase.RELAYING;
    return true;
  }

  boolean relaying() {
    return phase == Phase.RELAYING;
  }

  /** The buffered request body, or null. */
  Buffer bufferedBody() {
    return body;
  }

  /** An attempt streams the client's body: no other attempt can send it. */
  void bodyStreamed() {
    bodyStreamed = true;
  }

  /** The attempt ended before relaying (failed, aborted or discarded): another may be sent. */
  void attemptEnded(UpstreamCall ended) {
    if (call == ended) {
      call = null;
    }
  }

  /** Ends the exchange by closing the client connection (HTTP/1.1 has no stream reset). */
  void resetClient() {
    if (phase == Phase.DONE) {
      return;
    }
    abortCall("the client connection was reset");
    finish(-1);
    request.connection().close();
  }

  void finish(int status) {
    if (phase == Phase.DONE) {
      return;
    }
    phase = Phase.DONE;
    frontend.requestEnded(status, startNanos);
  }

  private void clientGone() {
    if (buffering != null) {
      buffering.tryFail("the client went away");
    }
    if (phase == Phase.DONE) {
      return;
    }
    abortCall("the client went away");
    finish(-1);
  }

  private void abortCall(String reason) {
    if (call != null) {
      call.abort(reason);
    }
  }
}
