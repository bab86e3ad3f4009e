// Fixed HTTP/2 backends for h2-bench.sh, on the test class path (Vert.x, grpc-java):
//   java -cp CLASSPATH src/test/bench/H2BenchBackend.java H2C_PORT GRPC_PORT
// H2C_PORT: Vert.x, h2c (prior knowledge or Upgrade), every request gets "200 ok".
// GRPC_PORT: grpc-java, test.Echo/Unary echoes its request (raw bytes, no protobuf).
// Prints "ready" once both listen; runs until killed.

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

public final class H2BenchBackend {
  static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  static MethodDescriptor<byte[], byte[]> unary() {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("test.Echo/Unary")
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: java H2BenchBackend.java H2C_PORT GRPC_PORT");
      System.exit(2);
    }
    Vertx vertx = Vertx.vertx();
    vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(true))
        .requestHandler(req -> req.response().putHeader("content-type", "text/plain").end("ok"))
        .listen(Integer.parseInt(args[0]), "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get();
    NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])))
        .addService(ServerServiceDefinition.builder("test.Echo")
            .addMethod(unary(), ServerCalls.asyncUnaryCall((request, out) -> {
              out.onNext(request);
              out.onCompleted();
            }))
            .build())
        .build()
        .start();
    System.out.println("ready");
    Thread.currentThread().join();
  }
}
