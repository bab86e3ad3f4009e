package io.hoplink.router.telemetry.zipkin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import zipkin2.Span;
import zipkin2.codec.SpanBytesEncoder;

/**
 * Zipkin's HTTP collector API: each batch is one {@code POST /api/v2/spans} of a JSON v2 array,
 * gzipped when asked; any 2xx answer means the collector took it.
 */
final class HttpSpanSender implements SpanSender {
  static final String PATH = "/api/v2/spans";

  private final String host;
  private final int port;
  private final String hostHeader;
  private final boolean gzip;
  private final long timeoutMs;
  private final HttpClient client;

  HttpSpanSender(Vertx vertx, String host, int port, String hostHeader, boolean gzip,
      int connectTimeoutMs, long timeoutMs) {
    this.host = host;
    this.port = port;
    this.hostHeader = hostHeader;
    this.gzip = gzip;
    this.timeoutMs = timeoutMs;
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout(connectTimeoutMs).setKeepAlive(true), new PoolOptions()
        .setHttp1MaxSize(1));
  }

  @Override
  public Future<Void> send(List<Span> spans) {
    byte[] json = SpanBytesEncoder.JSON_V2.encodeList(spans);
    RequestOptions request = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost(host)
        .setPort(port)
        .setURI(PATH)
        .setTimeout(timeoutMs)
        .putHeader(HttpHeaders.HOST, hostHeader)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    if (gzip) {
      request.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
    }
    Buffer body = Buffer.buffer(gzip ? gzip(json) : json);
    return client.request(request)
        .compose(out -> out.send(body))
        .compose(response -> response.body().compose(text -> response.statusCode() / 100 == 2
            ? Future.<Void>succeededFuture()
            : Future.<Void>failedFuture("the collector answered " + response.statusCode())));
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not from memory
    }
    return out.toByteArray();
  }

  @Override
  public String collector() {
    return host + ":" + port;
  }

  @Override
  public void close() {
    client.close();
  }
}
