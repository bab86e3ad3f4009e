package io.hoplink.router.h2;

import static io.hoplink.router.h2.EchoService.text;
import static io.hoplink.router.h2.EchoService.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A slow reader on either side slows the writer on the other: the router passes flow control
 * through instead of buffering. 64 messages of 256 KiB (16 MiB) are offered; while the reader
 * takes one, the writer gets no further than the windows on the way (gRPC's 1 MiB, the router's
 * 64 KiB per hop, gRPC's 32 KiB ready threshold): at most 16 messages (4 MiB) is asserted.
 */
class H2FlowControlTest {
  private static final int SIZE = 256 * 1024;
  private static final int COUNT = 64;
  private static final int BOUND = 16;
  private GrpcBackend backend;
  private H2Fixture router;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    backend = new GrpcBackend("b1");
    router = H2Fixture.forwardingTo(exchange -> backend.port());
    channel = router.channel();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    router.close();
    backend.close();
  }

  /**
   * The count once it has not moved for a second: a writer that is held back stays put, one that
   * is not would have sent all 16 MiB over loopback by then.
   */
  private static int settled(IntSupplier count) {
    int[] last = {count.getAsInt()};
    long[] since = {System.nanoTime()};
    H2Fixture.await("the writer to stop", () -> {
      int now = count.getAsInt();
      if (now != last[0]) {
        last[0] = now;
        since[0] = System.nanoTime();
      }
      return System.nanoTime() - since[0] > TimeUnit.SECONDS.toNanos(1);
    });
    return last[0];
  }

  @Test
  void aSlowClientSlowsTheBackend() {
    AtomicInteger received = new AtomicInteger();
    CompletableFuture<Status> closed = new CompletableFuture<>();
    ClientCall<byte[], byte[]> call = channel.newCall(EchoService.SERVER_STREAM, CallOptions.DEFAULT);
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(byte[] message) {
        received.incrementAndGet();
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, new Metadata());
    call.request(1); // then reads nothing until told
    call.sendMessage(utf8(COUNT + "," + SIZE));
    call.halfClose();

    H2Fixture.await("the backend has to wait", backend.streamWaited::get);
    int sentWhileBlocked = settled(backend.streamSent::get);
    assertTrue(sentWhileBlocked <= BOUND, "the backend sent " + sentWhileBlocked
        + " messages of 256 KiB while the client had read " + received.get());

    call.request(COUNT);
    assertEquals(Status.Code.OK, closed.orTimeout(30, TimeUnit.SECONDS).join().getCode());
    assertEquals(COUNT, received.get());
  }

  @Test
  void aSlowBackendSlowsTheClient() {
    backend.slowReads.set(true);
    AtomicInteger sent = new AtomicInteger();
    AtomicBoolean waited = new AtomicBoolean();
    CompletableFuture<byte[]> reply = new CompletableFuture<>();
    ClientCall<byte[], byte[]> call = channel.newCall(EchoService.CLIENT_STREAM, CallOptions.DEFAULT);
    byte[] message = new byte[SIZE];
    Runnable pump = () -> {
      synchronized (sent) {
        while (call.isReady() && sent.get() < COUNT) {
          call.sendMessage(message);
          sent.incrementAndGet();
        }
        if (sent.get() == COUNT) {
          sent.incrementAndGet(); // once
          call.halfClose();
        } else if (sent.get() < COUNT) {
          waited.set(true);
        }
      }
    };
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(byte[] value) {
        reply.complete(value);
      }

      @Override
      public void onReady() {
        pump.run();
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        if (!status.isOk()) {
          reply.completeExceptionally(status.asRuntimeException());
        }
      }
    }, new Metadata());
    call.request(1);
    pump.run();

    H2Fixture.await("the client has to wait", waited::get);
    int sentWhileBlocked = Math.min(settled(sent::get), COUNT);
    assertTrue(sentWhileBlocked <= BOUND, "the client sent " + sentWhileBlocked
        + " messages of 256 KiB while the backend had read " + backend.received.get() + " bytes");

    backend.releaseReads();
    assertEquals(Long.toString((long) COUNT * SIZE),
        text(reply.orTimeout(30, TimeUnit.SECONDS).join()));
  }

  /**
   * Twenty clients that stop reading hold their streams, all on the router's one h2c connection
   * to the backend; another client's stream on that connection must still flow: one stream's
   * slowness stays its own.
   */
  @Test
  void slowClientsDoNotStallOthersOnTheSameUpstreamConnection() throws Exception {
    int slow = 20;
    for (int i = 0; i < slow; i++) {
      ClientCall<byte[], byte[]> call =
          channel.newCall(EchoService.SERVER_STREAM, CallOptions.DEFAULT);
      call.start(new ClientCall.Listener<>() { }, new Metadata());
      call.request(1); // and never more
      call.sendMessage(utf8(COUNT + "," + SIZE));
      call.halfClose();
    }
    H2Fixture.await("every slow stream to hold the backend back",
        () -> backend.streamsWaiting.get() == slow);
    ManagedChannel other = router.channel();
    try {
      AtomicInteger received = new AtomicInteger();
      CompletableFuture<Status> closed = new CompletableFuture<>();
      ClientCall<byte[], byte[]> call =
          other.newCall(EchoService.SERVER_STREAM, CallOptions.DEFAULT);
      call.start(new ClientCall.Listener<>() {
        @Override
        public void onMessage(byte[] message) {
          received.incrementAndGet();
          call.request(1);
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
          closed.complete(status);
        }
      }, new Metadata());
      call.request(1);
      call.sendMessage(utf8(8 + "," + SIZE));
      call.halfClose();
      assertEquals(Status.Code.OK, closed.orTimeout(20, TimeUnit.SECONDS).join().getCode(),
          "received " + received.get() + " of 8 messages");
      assertEquals(8, received.get());
    } finally {
      other.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
