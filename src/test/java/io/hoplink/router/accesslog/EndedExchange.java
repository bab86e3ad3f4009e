package io.hoplink.router.accesslog;

import io.hoplink.router.forward.Exchange;
import io.hoplink.router.forward.ForwardFailure;
import io.hoplink.router.forward.UpstreamReply;
import io.hoplink.router.resilience.Deadline;
import io.hoplink.router.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import java.util.function.Consumer;

/** An exchange that has ended, as an access log sees it: what it was and what it sent. */
final class EndedExchange implements Exchange {
  final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
  HttpMethod method = HttpMethod.GET;
  HttpVersion version = HttpVersion.HTTP_1_1;
  String path = "/";
  String remote = "10.0.0.7";
  int status = 200;
  long length = -1;

  EndedExchange header(String name, String value) {
    headers.add(name, value);
    return this;
  }

  @Override
  public HttpMethod method() {
    return method;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public void setPath(String path) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String authority() {
    return headers.get(AUTHORITY);
  }

  @Override
  public HttpVersion version() {
    return version;
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
    return String.valueOf(headers.get("content-type")).startsWith("application/grpc");
  }

  @Override
  public SocketAddress remoteAddress() {
    return remote == null ? null : SocketAddress.inetSocketAddress(50000, remote);
  }

  @Override
  public Deadline takeDeadline() {
    return null;
  }

  @Override
  public boolean deadlineCoversResponse() {
    return false;
  }

  @Override
  public long declaredLength() {
    return 0;
  }

  @Override
  public void keepForRetries(long maxBytes) {
  }

  @Override
  public boolean replayable() {
    return false;
  }

  @Override
  public Future<UpstreamReply> send(Upstream upstream, String host, int port) {
    throw new UnsupportedOperationException("ended");
  }

  @Override
  public void abortAttempt(String reason) {
  }

  @Override
  public void fail(int status, String message) {
  }

  @Override
  public int fail(ForwardFailure failure) {
    return 0;
  }

  @Override
  public void deadlineExceeded(String message) {
  }

  @Override
  public void setResponseHeader(String name, String value) {
  }

  @Override
  public boolean ended() {
    return true;
  }

  @Override
  public void whenEnded(Consumer<Exchange> hook) {
    hook.accept(this);
  }

  @Override
  public String receivedPath() {
    return path;
  }

  @Override
  public int sentStatus() {
    return status;
  }

  @Override
  public long sentLength() {
    return length;
  }
}
