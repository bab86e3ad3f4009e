package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.hoplink.router.h2.H2TestKit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries, requeues, timeouts and failure accrual of an h2 router, with grpc-java both sides. */
class H2RetryTest {
  private static final String SERVICE = "rt/grpc/service/svc/test.Echo/";
  private static final String CLIENT = "rt/grpc/client/#/io.l5d.fs/test.Echo/";
  @TempDir
  java.nio.file.Path disco;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private H2RouterFixture router;
  private ManagedChannel channel;

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  private ScriptedGrpcBackend backend(String name) throws Exception {
    ScriptedGrpcBackend backend = new ScriptedGrpcBackend(name);
    closing.add(backend);
    return backend;
  }

  private void route(String extra, Integer... ports) throws Exception {
    H2RouterFixture.endpoints(disco, "test.Echo", List.of(ports));
    router = new H2RouterFixture(disco, extra);
    closing.add(router);
    channel = H2TestKit.channel(router.port());
  }

  private String call(int requestBytes) {
    byte[] answer = ClientCalls.blockingUnaryCall(channel, H2TestKit.method("test.Echo/Unary"),
        CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), new byte[requestBytes]);
    return new String(answer, StandardCharsets.UTF_8);
  }

  private Status.Code failedCall(String method, int requestBytes) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () ->
        ClientCalls.blockingUnaryCall(channel, H2TestKit.method("test.Echo/" + method),
            CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), new byte[requestBytes]));
    return e.getStatus().getCode();
  }

  private void awaitServiceRequests(long n) {
    H2RouterFixture.await(n + " service requests", () -> router.counter(SERVICE + "requests") == n);
  }

  @Test
  void unavailableOnceIsRetriedUnderGrpcDefault() throws Exception {
    ScriptedGrpcBackend b = backend("b").failNext(1, Status.UNAVAILABLE, 0);
    route("  service: {responseClassifier: {kind: io.l5d.h2.grpc.default}}", b.port());

    assertEquals("b:100", call(100), "the client sees the retry's answer");

    awaitServiceRequests(1);
    assertEquals(2, b.calls.get());
    assertEquals(1, router.counter(SERVICE + "retries/total"));
    assertEquals(1, router.counter(SERVICE + "success"));
    assertEquals(1, router.counter(CLIENT + "failures"));
    assertEquals(1, router.counter(CLIENT + "success"));
  }

  @Test
  void unavailableInTheTrailersAfterAMessageIsRetriedAndTheMessageNeverRelayed() throws Exception {
    ScriptedGrpcBackend b = backend("b").failNext(1, Status.UNAVAILABLE, 64);
    route("  service: {responseClassifier: {kind: io.l5d.h2.grpc.default}}", b.port());

    assertEquals("b:10", call(10), "the held first response is dropped, not relayed");

    awaitServiceRequests(1);
    assertEquals(2, b.calls.get());
    assertEquals(1, router.counter(SERVICE + "retries/total"));
  }

  @Test
  void neverRetryableRelaysTheFailure() throws Exception {
    ScriptedGrpcBackend b = backend("b").failNext(1, Status.UNAVAILABLE, 0);
    route("  service: {responseClassifier: {kind: io.l5d.h2.grpc.neverRetryable}}", b.port());

    assertEquals(Status.Code.UNAVAILABLE, failedCall("Unary", 10));

    awaitServiceRequests(1);
    assertEquals(1, b.calls.get());
    assertEquals(0, router.counter(SERVICE + "retries/total"));
    assertEquals(1, router.counter(SERVICE + "failures"));
    assertEquals(1, router.counter(CLIENT + "failures"));
  }

  @Test
  void aRequestOverRequestBytesIsNeverRetried() throws Exception {
    ScriptedGrpcBackend b = backend("b").failNext(1, Status.UNAVAILABLE, 0);
    route("""
          service:
            responseClassifier: {kind: io.l5d.h2.grpc.default}
            retryBufferSize: {requestBytes: 1024}
        """, b.port());

    assertEquals(Status.Code.UNAVAILABLE, failedCall("Unary", 4096));

    awaitServiceRequests(1);
    assertEquals(1, b.calls.get());
    assertEquals(1, router.counter(SERVICE + "retries/request_stream_too_long"));
    assertEquals("b:1000", call(1000), "a request within requestBytes goes through");
  }

  @Test
  void aResponseOverResponseBytesStreamsOnAndIsNotRetried() throws Exception {
    ScriptedGrpcBackend b = backend("b").failNext(1, Status.UNAVAILABLE, 4096);
    route("""
          service:
            responseClassifier: {kind: io.l5d.h2.grpc.default}
            retryBufferSize: {responseBytes: 1024}
        """, b.port());

    assertEquals(Status.Code.UNAVAILABLE, failedCall("Unary", 10));

    awaitServiceRequests(1);
    assertEquals(1, b.calls.get());
    assertEquals(1, router.counter(SERVICE + "retries/response_stream_too_long"));
    assertEquals(1, router.counter(SERVICE + "failures"), "judged by its trailers at the end");
  }

  @Test
  void anEmptyBudgetRelaysTheRetryableFailure() throws Exception {
    ScriptedGrpcBackend b = backend("b").failNext(1, Status.UNAVAILABLE, 0);
    route("""
          service:
            responseClassifier: {kind: io.l5d.h2.grpc.default}
            retries: {budget: {minRetriesPerSec: 0, percentCanRetry: 0.0}}
        """, b.port());

    assertEquals(Status.Code.UNAVAILABLE, failedCall("Unary", 10));

    awaitServiceRequests(1);
    assertEquals(1, router.counter(SERVICE + "retries/budget_exhausted"));
  }

  @Test
  void underTheDefaultClassifierAGrpcErrorIsASuccessAsInLinkerd() throws Exception {
    ScriptedGrpcBackend b = backend("b").failNext(1, Status.UNAVAILABLE, 0);
    route("", b.port());

    assertEquals(Status.Code.UNAVAILABLE, failedCall("Unary", 10));

    awaitServiceRequests(1);
    assertEquals(1, b.calls.get(), "io.l5d.h2.nonRetryable5XX retries nothing");
    assertEquals(1, router.counter(SERVICE + "success"), "HTTP 200: a success for it");
  }

  @Test
  void connectFailuresAreRequeuedToTheOtherEndpoint() throws Exception {
    ScriptedGrpcBackend b = backend("b");
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    route("  service: {responseClassifier: {kind: io.l5d.h2.grpc.neverRetryable}}",
        b.port(), closed);

    for (int i = 0; i < 20; i++) {
      assertEquals("b:1", call(1));
    }

    awaitServiceRequests(20);
    assertEquals(20, router.counter(SERVICE + "success"));
    assertTrue(router.counter(CLIENT + "retries/requeues") > 0, "the closed port was tried");
  }

  @Test
  void totalTimeoutMsEndsAHangingCallWithDeadlineExceeded() throws Exception {
    ScriptedGrpcBackend b = backend("b");
    route("  service: {totalTimeoutMs: 300}", b.port());

    assertEquals(Status.Code.DEADLINE_EXCEEDED, failedCall("Hang", 1));

    awaitServiceRequests(1);
    assertEquals(1, router.counter(SERVICE + "failures"));
    assertEquals(1, router.counter(SERVICE + "status/503"));
  }

  @Test
  void requestAttemptTimeoutMsEndsAHangingAttempt() throws Exception {
    ScriptedGrpcBackend b = backend("b");
    route("  client: {requestAttemptTimeoutMs: 300}", b.port());

    assertEquals(Status.Code.DEADLINE_EXCEEDED, failedCall("Hang", 1));

    awaitServiceRequests(1);
    assertEquals(1, router.counter(CLIENT + "failures"));
  }

  @Test
  void failureAccrualRemovesAGrpcBackendThatKeepsFailing() throws Exception {
    ScriptedGrpcBackend bad = backend("bad").failNext(Integer.MAX_VALUE, Status.INTERNAL, 0);
    ScriptedGrpcBackend good = backend("good");
    route("""
          client:
            failureAccrual:
              kind: io.l5d.consecutiveFailures
              failures: 3
              backoff: {kind: constant, ms: 600000}
          service: {responseClassifier: {kind: io.l5d.h2.grpc.neverRetryable}}
        """, bad.port(), good.port());

    int failed = 0;
    for (int i = 0; i < 60; i++) {
      try {
        assertEquals("good:1", call(1));
      } catch (StatusRuntimeException e) {
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        failed++;
      }
    }

    awaitServiceRequests(60);
    assertEquals(3, bad.calls.get(), "removed after 3 failures in a row, not probed for 10 min");
    assertEquals(3, failed);
    assertEquals(57, good.calls.get());
    assertEquals(1, router.counter(CLIENT + "failure_accrual/removals"));
  }
}
