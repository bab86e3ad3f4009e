package io.hoplink.router.h2;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.EquivalentAddressGroup;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.NameResolver;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The gRPC test service and clients, for tests outside this package (router glue, e2e). */
public final class H2TestKit {
  private H2TestKit() {}

  /** A grpc-java backend of the test service. */
  public interface Backend extends AutoCloseable {
    String name();

    int port();

    /** Calls it has started. */
    int calls();

    @Override
    void close() throws InterruptedException;
  }

  public static Backend backend(String name) throws IOException {
    GrpcBackend backend = new GrpcBackend(name);
    return new Backend() {
      @Override
      public String name() {
        return backend.name;
      }

      @Override
      public int port() {
        return backend.port();
      }

      @Override
      public int calls() {
        return backend.calls.get();
      }

      @Override
      public void close() throws InterruptedException {
        backend.close();
      }
    };
  }

  /** A plaintext channel to 127.0.0.1:port. */
  public static ManagedChannel channel(int port) {
    return H2Fixture.channel(port);
  }

  /**
   * A channel that knows all these ports, with gRPC's default policy (pick_first): what a client
   * does with a name that resolves to several endpoints.
   */
  public static ManagedChannel pickFirstChannel(List<Integer> ports) {
    List<EquivalentAddressGroup> groups = ports.stream()
        .map(p -> new EquivalentAddressGroup(new InetSocketAddress("127.0.0.1", p))).toList();
    NameResolver.Factory fixed = new NameResolver.Factory() {
      @Override
      public NameResolver newNameResolver(URI target, NameResolver.Args args) {
        return new NameResolver() {
          @Override
          public String getServiceAuthority() {
            return "backends";
          }

          @Override
          public void start(Listener2 listener) {
            listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
          }

          @Override
          public void shutdown() { }
        };
      }

      @Override
      public String getDefaultScheme() {
        return "fixed";
      }
    };
    @SuppressWarnings("deprecation")
    NettyChannelBuilder builder = NettyChannelBuilder.forTarget("fixed:///backends")
        .nameResolverFactory(fixed);
    return builder.defaultLoadBalancingPolicy("pick_first").usePlaintext().build();
  }

  /** A unary call of the test service's Unary method. */
  public static CompletableFuture<byte[]> unary(Channel channel, byte[] request) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    ClientCalls.asyncUnaryCall(channel.newCall(EchoService.UNARY, CallOptions.DEFAULT), request,
        H2ForwardingTest.observer(result));
    return result;
  }

  /** Calls the Fail method (NOT_FOUND "no such thing"); throws its StatusRuntimeException. */
  public static byte[] fail(Channel channel) {
    return ClientCalls.blockingUnaryCall(channel, EchoService.FAIL, CallOptions.DEFAULT,
        new byte[0]);
  }

  /** A unary method of bytes named {@code service/method}. */
  public static MethodDescriptor<byte[], byte[]> method(String fullName) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(fullName)
        .setRequestMarshaller(EchoService.BYTES)
        .setResponseMarshaller(EchoService.BYTES)
        .build();
  }
}
