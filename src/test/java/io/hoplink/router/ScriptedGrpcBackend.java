package io.hoplink.router;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.hoplink.router.h2.H2TestKit;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A grpc-java backend of {@code test.Echo/Unary} that fails its first calls as told, then
 * answers {@code <name>:<request bytes>}; {@code test.Echo/Hang} never answers.
 */
final class ScriptedGrpcBackend implements AutoCloseable {
  final String name;
  final AtomicInteger calls = new AtomicInteger();
  /** Calls still to fail. */
  final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile Status failure = Status.UNAVAILABLE;
  /** Bytes of a message sent before the failure (0: none, a trailers-only answer). */
  private volatile int messageBeforeFailure;
  private final Server server;

  ScriptedGrpcBackend(String name) throws IOException {
    this.name = name;
    ServerServiceDefinition service = ServerServiceDefinition.builder("test.Echo")
        .addMethod(H2TestKit.method("test.Echo/Unary"), ServerCalls.asyncUnaryCall((req, out) -> {
          calls.incrementAndGet();
          if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            if (messageBeforeFailure > 0) {
              out.onNext(new byte[messageBeforeFailure]);
            }
            out.onError(failure.asRuntimeException());
            return;
          }
          out.onNext((name + ":" + req.length).getBytes(StandardCharsets.UTF_8));
          out.onCompleted();
        }))
        .addMethod(H2TestKit.method("test.Echo/Hang"), ServerCalls.asyncUnaryCall((req, out) ->
            calls.incrementAndGet()))
        .build();
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .maxInboundMessageSize(16 * 1024 * 1024)
        .addService(service)
        .build()
        .start();
  }

  /** Fails the next {@code count} calls with {@code status}, after a message of {@code bytes}. */
  ScriptedGrpcBackend failNext(int count, Status status, int bytes) {
    failure = status;
    messageBeforeFailure = bytes;
    failuresLeft.set(count);
    return this;
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
