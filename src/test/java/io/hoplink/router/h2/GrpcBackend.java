package io.hoplink.router.h2;

import static io.hoplink.router.h2.EchoService.text;
import static io.hoplink.router.h2.EchoService.utf8;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** A grpc-java server of {@link EchoService} on 127.0.0.1:0 that records what it saw. */
final class GrpcBackend implements AutoCloseable {
  final String name;
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger active = new AtomicInteger();
  final AtomicInteger cancels = new AtomicInteger();
  /** Server-stream messages sent by the latest ServerStream call, and whether it had to wait. */
  final AtomicInteger streamSent = new AtomicInteger();
  final AtomicBoolean streamWaited = new AtomicBoolean();
  final AtomicInteger streamsWaiting = new AtomicInteger();
  /** Bytes ClientStream and Bidi calls received. */
  final AtomicLong received = new AtomicLong();
  /** With slow reads, ClientStream asks for one message until {@link #releaseReads}. */
  final AtomicBoolean slowReads = new AtomicBoolean();
  private final AtomicReference<ServerCallStreamObserver<byte[]>> slowCall = new AtomicReference<>();
  private final Server server;

  GrpcBackend(String name) throws IOException {
    this.name = name;
    this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .maxInboundMessageSize(EchoService.MAX_MESSAGE)
        .addService(service())
        .build()
        .start();
  }

  int port() {
    return server.getPort();
  }

  /** Lets a slow ClientStream call read everything from now on. */
  void releaseReads() {
    slowReads.set(false);
    ServerCallStreamObserver<byte[]> call = slowCall.get();
    if (call != null) {
      call.request(Integer.MAX_VALUE);
    }
  }

  private ServerServiceDefinition service() {
    return ServerServiceDefinition.builder(EchoService.SERVICE)
        .addMethod(EchoService.UNARY, ServerCalls.asyncUnaryCall((request, out) -> {
          track(out);
          out.onNext(request.length == 0 ? utf8(name) : request);
          finish(out);
        }))
        .addMethod(EchoService.HANG, ServerCalls.asyncUnaryCall((request, out) -> track(out)))
        .addMethod(EchoService.FAIL, ServerCalls.asyncUnaryCall((request, out) -> {
          track(out);
          active.decrementAndGet();
          out.onError(Status.NOT_FOUND.withDescription("no such thing").asRuntimeException());
        }))
        .addMethod(EchoService.SERVER_STREAM, ServerCalls.asyncServerStreamingCall(
            (request, out) -> serverStream(request, (ServerCallStreamObserver<byte[]>) out)))
        .addMethod(EchoService.CLIENT_STREAM, ServerCalls.asyncClientStreamingCall(
            out -> clientStream((ServerCallStreamObserver<byte[]>) out)))
        .addMethod(EchoService.BIDI, ServerCalls.asyncBidiStreamingCall(this::bidi))
        .build();
  }

  private StreamObserver<byte[]> bidi(StreamObserver<byte[]> out) {
    track(out);
    return new StreamObserver<byte[]>() {
      @Override
      public void onNext(byte[] value) {
        received.addAndGet(value.length);
        out.onNext(value);
      }

      @Override
      public void onError(Throwable t) { }

      @Override
      public void onCompleted() {
        finish(out);
      }
    };
  }

  private void track(StreamObserver<byte[]> out) {
    calls.incrementAndGet();
    active.incrementAndGet();
    ((ServerCallStreamObserver<byte[]>) out).setOnCancelHandler(() -> {
      cancels.incrementAndGet();
      active.decrementAndGet();
    });
  }

  private void finish(StreamObserver<byte[]> out) {
    active.decrementAndGet();
    out.onCompleted();
  }

  /**
   * Streams {@code count} messages as the client reads them. {@link #streamSent} and
   * {@link #streamWaited} follow the latest call; {@link #streamsWaiting} counts the calls that
   * had to wait for their client.
   */
  private void serverStream(byte[] request, ServerCallStreamObserver<byte[]> out) {
    track(out);
    String[] parts = text(request).split(",");
    long count = Long.parseLong(parts[0]); // -1: forever
    byte[] message = new byte[Integer.parseInt(parts[1])];
    streamSent.set(0);
    streamWaited.set(false);
    AtomicBoolean done = new AtomicBoolean();
    AtomicBoolean waited = new AtomicBoolean();
    AtomicInteger sent = new AtomicInteger();
    Runnable pump = () -> {
      while (!done.get() && !out.isCancelled() && out.isReady()
          && (count < 0 || sent.get() < count)) {
        out.onNext(message);
        sent.incrementAndGet();
        streamSent.incrementAndGet();
      }
      if (count >= 0 && sent.get() >= count && done.compareAndSet(false, true)) {
        finish(out);
      } else if (!out.isReady()) {
        streamWaited.set(true);
        if (waited.compareAndSet(false, true)) {
          streamsWaiting.incrementAndGet();
        }
      }
    };
    out.setOnReadyHandler(pump);
    pump.run();
  }

  private StreamObserver<byte[]> clientStream(ServerCallStreamObserver<byte[]> out) {
    track(out);
    if (slowReads.get()) {
      out.disableAutoRequest();
      slowCall.set(out);
      out.request(1);
    }
    AtomicLong total = new AtomicLong();
    return new StreamObserver<>() {
      @Override
      public void onNext(byte[] value) {
        total.addAndGet(value.length);
        received.addAndGet(value.length);
      }

      @Override
      public void onError(Throwable t) { }

      @Override
      public void onCompleted() {
        out.onNext(utf8(Long.toString(total.get())));
        finish(out);
      }
    };
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
