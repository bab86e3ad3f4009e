package io.hoplink.e2e;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The gRPC service of the multi-node test's h2 pods, hand-written (messages are UTF-8 text):
 * {@code hoplink.greeter}, which the gRPC routers name {@code /svc/hoplink.greeter} and their
 * dtab's {@code io.buoyant.http.domainToPathPfx} turns into {@code /srv/greeter/hoplink}: the
 * Kubernetes Service {@code greeter} (residual {@code /hoplink}). Each answer carries what the
 * pod saw as {@code key=value} lines: pod, node, peer address, {@code via} and
 * {@code l5d-dst-client}.
 */
final class Greeter {
  static final String SERVICE = "hoplink.greeter";

  static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  /** Answers what the pod saw. */
  static final MethodDescriptor<String, String> HELLO = method("Hello", MethodType.UNARY);
  /** Request {@code n}: n messages, each what the pod saw plus {@code seq=<i>}. */
  static final MethodDescriptor<String, String> COUNT = method("Count", MethodType.SERVER_STREAMING);
  /** Fails with NOT_FOUND {@code no greeter named <request> on <pod>} (trailers only). */
  static final MethodDescriptor<String, String> MISSING = method("Missing", MethodType.UNARY);

  private static final Context.Key<String> SEEN = Context.key("seen");
  private static final Metadata.Key<String> VIA =
      Metadata.Key.of("via", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> DST_CLIENT =
      Metadata.Key.of("l5d-dst-client", Metadata.ASCII_STRING_MARSHALLER);

  private Greeter() {}

  private static MethodDescriptor<String, String> method(String name, MethodType type) {
    return MethodDescriptor.<String, String>newBuilder().setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
        .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();
  }

  /** The service as pod {@code pod} on node {@code node} serves it. */
  static ServerServiceDefinition service(String pod, String node) {
    ServerServiceDefinition methods = ServerServiceDefinition.builder(SERVICE)
        .addMethod(HELLO, ServerCalls.asyncUnaryCall((request, out) -> {
          out.onNext(SEEN.get());
          out.onCompleted();
        }))
        .addMethod(COUNT, ServerCalls.asyncServerStreamingCall((request, out) -> {
          int n = Integer.parseInt(request.trim());
          for (int i = 0; i < n; i++) {
            out.onNext(SEEN.get() + "seq=" + i + "\n");
          }
          out.onCompleted();
        }))
        .addMethod(MISSING, ServerCalls.asyncUnaryCall((request, out) -> out.onError(
            Status.NOT_FOUND.withDescription("no greeter named " + request + " on " + pod)
                .asRuntimeException())))
        .build();
    return ServerInterceptors.intercept(methods, new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
          ServerCallHandler<Q, A> next) {
        SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        String seen = "pod=" + pod + "\nnode=" + node
            + "\npeer=" + ((InetSocketAddress) peer).getAddress().getHostAddress()
            + "\nvia=" + all(headers, VIA) + "\nl5d-dst-client=" + all(headers, DST_CLIENT) + "\n";
        return Contexts.interceptCall(Context.current().withValue(SEEN, seen), call, headers, next);
      }
    });
  }

  private static String all(Metadata headers, Metadata.Key<String> key) {
    Iterable<String> values = headers.getAll(key);
    return values == null ? "" : String.join(", ", values);
  }
}
