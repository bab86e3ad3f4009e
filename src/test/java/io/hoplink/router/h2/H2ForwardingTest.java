package io.hoplink.router.h2;

import static io.hoplink.router.h2.EchoService.text;
import static io.hoplink.router.h2.EchoService.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class H2ForwardingTest {
  private static final int FOUR_MIB = 4 * 1024 * 1024;
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
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    router.close();
    backend.close();
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  @Test
  void unaryCallsGoThroughAndAreCountedAsSuccesses() {
    byte[] answer = ClientCalls.blockingUnaryCall(channel, EchoService.UNARY, CallOptions.DEFAULT,
        new byte[0]);
    byte[] large = random(FOUR_MIB, 1);
    byte[] echoed = ClientCalls.blockingUnaryCall(channel, EchoService.UNARY, CallOptions.DEFAULT,
        large);

    assertEquals("b1", text(answer));
    assertArrayEquals(large, echoed);
    H2Fixture.await("both counted", () -> router.counter("server/requests") == 2);
    assertEquals(2, router.counter("server/success"));
    assertEquals(0, router.counter("server/failures"));
    assertEquals(0, router.frontend.openStreams());
  }

  @Test
  void clientStreamingRelaysEveryLargeMessage() throws Exception {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    StreamObserver<byte[]> requests = ClientCalls.asyncClientStreamingCall(
        channel.newCall(EchoService.CLIENT_STREAM, CallOptions.DEFAULT), observer(result));
    for (int i = 0; i < 4; i++) {
      requests.onNext(random(FOUR_MIB, i));
    }
    requests.onCompleted();

    assertEquals(Long.toString(4L * FOUR_MIB), text(result.get(30, TimeUnit.SECONDS)));
  }

  @Test
  void serverStreamingRelaysEveryLargeMessage() {
    Iterator<byte[]> replies = ClientCalls.blockingServerStreamingCall(channel,
        EchoService.SERVER_STREAM, CallOptions.DEFAULT, utf8("5," + FOUR_MIB));
    int count = 0;
    while (replies.hasNext()) {
      assertEquals(FOUR_MIB, replies.next().length);
      count++;
    }

    assertEquals(5, count);
  }

  @Test
  void bidiStreamingEchoesLargeMessagesInOrder() throws Exception {
    List<byte[]> received = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<byte[]> requests = ClientCalls.asyncBidiStreamingCall(
        channel.newCall(EchoService.BIDI, CallOptions.DEFAULT), new StreamObserver<>() {
          @Override
          public void onNext(byte[] value) {
            received.add(value);
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            done.complete(null);
          }
        });
    List<byte[]> sent = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sent.add(random(FOUR_MIB, 10 + i));
      requests.onNext(sent.get(i));
    }
    requests.onCompleted();
    done.get(30, TimeUnit.SECONDS);

    assertEquals(3, received.size());
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(sent.get(i), received.get(i));
    }
  }

  @Test
  void aTrailersOnlyErrorIsRelayedWithStatusAndMessage() {
    StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(
        StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(channel,
            EchoService.FAIL, CallOptions.DEFAULT, new byte[0]));

    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    assertEquals("no such thing", e.getStatus().getDescription());
    H2Fixture.await("counted", () -> router.counter("server/requests") == 1);
    assertEquals(1, router.counter("server/failures"), "grpc-status 5 is a failure");
    assertEquals(1, router.counter("server/status/200"));
  }

  @Test
  void anUnreachableBackendIsUnavailableWithTheRoutersMessage() throws Exception {
    backend.close();

    StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(
        StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(channel,
            EchoService.UNARY, CallOptions.DEFAULT, new byte[0]));

    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("no connection to 127.0.0.1:"),
        e.getStatus().getDescription());
    assertTrue(e.getTrailers().get(io.grpc.Metadata.Key.of("l5d-err",
        io.grpc.Metadata.ASCII_STRING_MARSHALLER)) != null);
  }

  static StreamObserver<byte[]> observer(CompletableFuture<byte[]> result) {
    return new StreamObserver<>() {
      @Override
      public void onNext(byte[] value) {
        result.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        result.complete(null);
      }
    };
  }
}
