package io.hoplink.router.h2;

import static io.hoplink.router.h2.EchoService.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class H2CancellationTest {
  private GrpcBackend backend;
  private H2Fixture router;
  private ManagedChannel channel;
  private volatile int target;

  @BeforeEach
  void start() throws Exception {
    backend = new GrpcBackend("b1");
    target = backend.port();
    router = H2Fixture.forwardingTo(exchange -> target);
    channel = router.channel();
    // Connected and warm, so that short deadlines measure the call, not class loading.
    ClientCalls.blockingUnaryCall(channel, EchoService.UNARY, CallOptions.DEFAULT, new byte[0]);
    backend.calls.set(0);
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    router.close();
    backend.close();
  }

  /** Starts an endless server stream and returns once its first message arrived. */
  private ClientCall<byte[], byte[]> endlessStream(CompletableFuture<Status> closed) {
    ClientCall<byte[], byte[]> call = channel.newCall(EchoService.SERVER_STREAM, CallOptions.DEFAULT);
    CompletableFuture<Void> first = new CompletableFuture<>();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(byte[] message) {
        first.complete(null);
        call.request(1);
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        first.complete(null);
        closed.complete(status);
      }
    }, new Metadata());
    call.request(1);
    call.sendMessage(utf8("-1,1024"));
    call.halfClose();
    first.orTimeout(20, TimeUnit.SECONDS).join();
    return call;
  }

  @Test
  void aClientCancelResetsTheUpstreamStreamAtOnce() {
    CompletableFuture<Status> closed = new CompletableFuture<>();
    ClientCall<byte[], byte[]> call = endlessStream(closed);

    call.cancel("the client gave up", null);

    H2Fixture.await("the backend saw the cancel", () -> backend.cancels.get() == 1);
    H2Fixture.await("the stream ended", () -> router.frontend.openStreams() == 0);
    assertEquals(0, backend.active.get());
    assertEquals(Status.Code.CANCELLED, closed.join().getCode());
  }

  @Test
  void aGrpcDeadlineCancelsTheUpstreamStream() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () ->
        ClientCalls.blockingUnaryCall(channel, EchoService.HANG,
            CallOptions.DEFAULT.withDeadlineAfter(300, TimeUnit.MILLISECONDS), new byte[0]));

    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
    H2Fixture.await("the backend saw the cancel", () -> backend.cancels.get() == 1);
    H2Fixture.await("the stream ended", () -> router.frontend.openStreams() == 0);
  }

  @Test
  void anExpiredL5dDeadlineCancelsUpstreamAndAnswersDeadlineExceeded() {
    Metadata context = new Metadata();
    long now = System.currentTimeMillis() * 1_000_000L;
    context.put(Metadata.Key.of("l5d-ctx-deadline", Metadata.ASCII_STRING_MARSHALLER),
        now + " " + (now + TimeUnit.MILLISECONDS.toNanos(300)));

    io.grpc.Channel withContext = io.grpc.ClientInterceptors.intercept(channel,
        MetadataUtils.newAttachHeadersInterceptor(context));

    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () ->
        ClientCalls.blockingUnaryCall(withContext, EchoService.HANG,
            CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), new byte[0]));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode(), e.toString());
    assertEquals("deadline exceeded", e.getStatus().getDescription());
    H2Fixture.await("the backend saw the cancel", () -> backend.cancels.get() == 1);
    H2Fixture.await("counted", () -> router.counter("server/requests") == 2);
    assertEquals(1, router.counter("server/failures"));
  }

  @Test
  void aBackendThatDiesMidStreamGivesUnavailableNotAHang() {
    try (TcpRelay relay = new TcpRelay(backend.port())) {
      target = relay.port();
      Iterator<byte[]> replies = ClientCalls.blockingServerStreamingCall(channel,
          EchoService.SERVER_STREAM, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS),
          utf8("-1,1024"));
      replies.next();

      relay.cut();

      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> {
        while (replies.hasNext()) {
          replies.next();
        }
      });
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
      H2Fixture.await("the stream ended", () -> router.frontend.openStreams() == 0);
    }
  }

  @Test
  void anUpstreamResetReachesTheClientAsAReset() {
    Vertx vertx = Vertx.vertx();
    AtomicInteger resets = new AtomicInteger();
    HttpServer resetting = vertx.createHttpServer(new HttpServerOptions())
        .requestHandler(request -> {
          request.response().putHeader("content-type", "application/grpc").writeHead();
          request.response().reset(8).onComplete(ar -> resets.incrementAndGet());
        });
    resetting.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    try {
      target = resetting.actualPort();

      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () ->
          ClientCalls.blockingUnaryCall(channel, EchoService.UNARY,
              CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), new byte[0]));

      assertEquals(Status.Code.CANCELLED, e.getStatus().getCode(), e.toString());
      assertTrue(e.getStatus().getDescription().contains("RST_STREAM"), e.toString());
      H2Fixture.await("the stream ended", () -> router.frontend.openStreams() == 0);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }
}
