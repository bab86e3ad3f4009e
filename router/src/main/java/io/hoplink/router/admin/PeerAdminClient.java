package io.hoplink.router.admin;

import io.hoplink.config.ClientTlsConfig;
import io.hoplink.config.ServerTlsConfig;
import io.hoplink.router.tls.TlsOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * {@link PeerFetch} over a Vert.x HTTP client: {@code GET} {@link LocalGraph#PATH} at the peer's
 * IP on this router's own admin port, no redirect followed, connect and answer within the
 * limit's timeout (else the request is reset), an answer over {@code maxBytes} dropped as it
 * arrives. With {@code admin.tls}, over TLS: the peer's certificate must chain to
 * {@code caCertPath} (its name is not checked: a peer is addressed by pod IP) and this router's
 * certificate is presented; without {@code caCertPath} no peer is asked.
 */
final class PeerAdminClient implements PeerFetch {
  private static final java.util.regex.Pattern NATIVE_PREFIX =
      java.util.regex.Pattern.compile("^\\w+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: ");
  private final Vertx vertx;
  private final int port;
  private final PeerLimits limits;
  private final HttpClientAgent client;
  /** Why no peer is asked, or null. */
  private final String refusal;

  PeerAdminClient(Vertx vertx, int port, PeerLimits limits, Optional<ServerTlsConfig> tls) {
    this.vertx = vertx;
    this.port = port;
    this.limits = limits;
    HttpClientOptions options = new HttpClientOptions()
        .setConnectTimeout((int) limits.timeout().toMillis())
        .setIdleTimeout(30)
        .setKeepAlive(true)
        .setMaxRedirects(0);
    String why = null;
    if (port == 0) {
      why = "not asked: this admin port is picked at start (port 0), so the peers' is not known";
    } else if (tls.isPresent() && tls.get().caCertPath().isEmpty()) {
      why = "not asked: admin.tls has no caCertPath to check the peer's certificate against";
    } else if (tls.isPresent()) {
      ServerTlsConfig own = tls.get();
      TlsOptions.client(options, new ClientTlsConfig(true, false, Optional.empty(),
          List.of(own.caCertPath().get()), Optional.empty(),
          Optional.of(new ClientTlsConfig.ClientAuth(own.certPath(), own.keyPath(),
              own.intermediateCertsPath())), own.protocols()), false);
      options.setVerifyHost(false);
    }
    this.refusal = why;
    this.client = vertx.createHttpClient(options,
        new PoolOptions().setHttp1MaxSize(1).setMaxWaitQueueSize(limits.concurrency()));
  }

  @Override
  public Future<Object> fetch(String host) {
    if (refusal != null) {
      return Future.failedFuture(refusal);
    }
    Promise<Object> answer = Promise.promise();
    HttpClientRequest[] sent = new HttpClientRequest[1];
    long timer = vertx.setTimer(limits.timeout().toMillis(), id -> {
      if (answer.tryFail("no answer within " + limits.timeout().toMillis() + " ms")
          && sent[0] != null) {
        sent[0].reset();
      }
    });
    answer.future().onComplete(done -> vertx.cancelTimer(timer));
    client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port)
            .setURI(LocalGraph.PATH).setFollowRedirects(false)
            .setConnectTimeout(limits.timeout().toMillis()))
        .onFailure(e -> answer.tryFail("unreachable: " + why(e)))
        .onSuccess(request -> {
          sent[0] = request;
          if (answer.future().isComplete()) {
            request.reset();
            return;
          }
          request.send().onComplete(r -> {
            if (r.failed()) {
              answer.tryFail("unreachable: " + why(r.cause()));
            } else {
              read(request, r.result(), answer);
            }
          });
        });
    return answer.future();
  }

  private void read(HttpClientRequest request, HttpClientResponse response,
      Promise<Object> answer) {
    // Set first: a reset below would otherwise be logged as an unhandled error.
    response.exceptionHandler(e -> answer.tryFail("broken answer: " + why(e)));
    if (response.statusCode() != 200) {
      String location = response.getHeader("Location");
      answer.tryFail("answered " + response.statusCode() + (location == null ? ""
          : " (a redirect, not followed)"));
      request.reset();
      return;
    }
    String length = response.getHeader("Content-Length");
    if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
        && Long.parseLong(length) > limits.maxBytes()) {
      answer.tryFail("dropped: an answer of " + length + " bytes is over " + limits.maxBytes());
      request.reset();
      return;
    }
    Buffer body = Buffer.buffer();
    response.handler(chunk -> {
      if (answer.future().isComplete()) {
        return;
      }
      if (body.length() + chunk.length() > limits.maxBytes()) {
        answer.tryFail("dropped: the answer is over " + limits.maxBytes() + " bytes");
        request.reset();
        return;
      }
      body.appendBuffer(chunk);
    });
    response.endHandler(v -> {
      if (!answer.future().isComplete()) {
        // Decoded on a worker, and the graph's reading of it follows there: up to a MiB per
        // peer must not hold an event loop that also carries the pods' requests.
        vertx.executeBlocking(() -> decode(body, answer), false);
      }
    });
  }

  private static Void decode(Buffer body, Promise<Object> answer) {
    try {
      Object json = Json.decodeValue(body);
      answer.tryComplete(json instanceof JsonObject o ? o.getMap()
          : json instanceof JsonArray a ? a.getList() : json);
    } catch (DecodeException e) {
      answer.tryFail("not JSON: " + e.getMessage());
    }
    return null;
  }

  private static String why(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        // Netty's native transport: "finishConnect(..) failed with error(-111): Connection refused"
        return NATIVE_PREFIX.matcher(t.getMessage()).replaceFirst("");
      }
    }
    return error.getClass().getSimpleName();
  }

  @Override
  public void close() {
    client.close();
  }
}
