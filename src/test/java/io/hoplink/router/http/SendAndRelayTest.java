package io.hoplink.router.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.router.forward.Exchange;
import io.hoplink.router.forward.ForwardFailure;
import io.hoplink.router.forward.UpstreamReply;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Exchange#send}: the response head first, then relay or discard and send again. */
class SendAndRelayTest {
  private ProxyFixture proxy;
  private final List<Object> outcomes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    proxy = new ProxyFixture().start(ProxyFixture.defaults());
  }

  @AfterEach
  void stop() {
    proxy.close();
  }

  /** The first answer is a 500, the next ones 200 with the request body's length. */
  private void failFirst() {
    AtomicInteger n = new AtomicInteger();
    proxy.backend.responder = (req, seen) -> {
      if (n.getAndIncrement() == 0) {
        req.response().setStatusCode(500).end("boom");
      } else {
        req.response().end("got " + seen.bodyBytes());
      }
    };
  }

  /** Sends; a 500 is discarded and sent once more if the exchange is replayable. */
  private void sendRetryingOnce(Exchange exchange) {
    int port = proxy.backend.port();
    // As the http router keeps bodies: a fixed length up to the limit, never a chunked one.
    long declared = exchange.declaredLength();
    exchange.keepForRetries(declared >= 0 && declared <= 5 * 1024 ? declared : 0);
    Future.succeededFuture()
        .compose(v -> exchange.send(proxy.upstream, "127.0.0.1", port)
            .compose(first -> {
              outcomes.add(first.status());
              if (first.status() != 500) {
                return first.relay();
              }
              first.discard();
              return exchange.send(proxy.upstream, "127.0.0.1", port).compose(UpstreamReply::relay);
            }))
        .onFailure(t -> {
          outcomes.add(t);
          exchange.fail(502, t.getMessage());
        });
  }

  @Test
  void aBufferedBodyIsSentAgainAfterADiscardedResponse() throws Exception {
    failFirst();
    proxy.onDispatch = this::sendRetryingOnce;
    RawResponse response = proxy.exchange(
        "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
    assertEquals(200, response.status());
    assertEquals("got 5", response.bodyText());
    assertEquals(2, proxy.backend.seen.size());
    assertEquals(5, proxy.backend.seen.get(0).bodyBytes());
    assertEquals(5, proxy.backend.seen.get(1).bodyBytes());
    assertEquals(List.of(500), outcomes);
    ProxyFixture.poll("counted once", () -> proxy.counter("requests") == 1);
    assertEquals(1, proxy.counter("status/200"));
  }

  @Test
  void aChunkedBodyIsStreamedAndCannotBeSentAgain() throws Exception {
    failFirst();
    proxy.onDispatch = this::sendRetryingOnce;
    RawResponse response = proxy.exchange("POST /x HTTP/1.1\r\nHost: a\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    assertEquals(502, response.status());
    assertTrue(response.header("l5d-err").contains("cannot+be+sent+again"), response.header("l5d-err"));
    assertEquals(1, proxy.backend.seen.size(), "the body went upstream once");
    assertInstanceOf(IllegalStateException.class, outcomes.get(1));
  }

  @Test
  void aBodyLongerThanTheLimitIsStreamedUnbuffered() throws Exception {
    List<Boolean> replayable = new CopyOnWriteArrayList<>();
    proxy.onDispatch = exchange -> {
      exchange.keepForRetries(4);
      exchange.forward(proxy.upstream, "127.0.0.1", proxy.backend.port()).onComplete(ar -> {
        replayable.add(ar.succeeded());
        replayable.add(exchange.replayable());
      });
    };
    RawResponse response = proxy.exchange(
        "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
    assertEquals(200, response.status());
    ProxyFixture.poll("relayed", () -> replayable.size() == 2);
    assertEquals(List.of(true, false), replayable);
    assertEquals(5, proxy.backend.seen.get(0).bodyBytes());
  }

  @Test
  void aBodilessRequestIsReplayableWithoutBuffering() throws Exception {
    failFirst();
    proxy.onDispatch = this::sendRetryingOnce;
    RawResponse response = proxy.exchange("GET /x HTTP/1.1\r\nHost: a\r\n\r\n");
    assertEquals(200, response.status());
    assertEquals("got 0", response.bodyText());
    assertEquals(2, proxy.backend.seen.size());
  }

  @Test
  void abortAttemptFailsTheSendAndLeavesTheExchangeOpen() throws Exception {
    List<Map.Entry<HttpServerRequest, Context>> held = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    proxy.backend.handler = req -> {
      if (calls.getAndIncrement() == 0) {
        held.add(Map.entry(req, Vertx.currentContext())); // never answered
      } else {
        req.response().end("second");
      }
    };
    int port = proxy.backend.port();
    proxy.onDispatch = exchange -> {
      exchange.send(proxy.upstream, "127.0.0.1", port).onComplete(first -> {
        outcomes.add(first.failed() ? first.cause() : first.result());
        assertFalse(exchange.ended());
        exchange.send(proxy.upstream, "127.0.0.1", port).compose(UpstreamReply::relay);
      });
      Vertx.currentContext().owner().setTimer(50, id -> exchange.abortAttempt("too slow"));
    };
    RawResponse response = proxy.exchange("GET /x HTTP/1.1\r\nHost: a\r\n\r\n");
    assertEquals(200, response.status());
    assertEquals("second", response.bodyText());
    ForwardFailure aborted = assertInstanceOf(ForwardFailure.Broken.class, outcomes.get(0));
    assertTrue(aborted.getMessage().contains("too slow"));
    assertFalse(aborted.notSent());
  }
}
