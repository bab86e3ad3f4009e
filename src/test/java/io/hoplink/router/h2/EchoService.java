package io.hoplink.router.h2;

import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Hand-written gRPC method descriptors of a test service whose messages are raw bytes. */
final class EchoService {
  static final String SERVICE = "test.Echo";
  static final int MAX_MESSAGE = 64 * 1024 * 1024;

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

  /** Echoes the request; an empty request gets the backend's name. */
  static final MethodDescriptor<byte[], byte[]> UNARY = method("Unary", MethodType.UNARY);
  /** Answers the decimal total of the bytes it received. */
  static final MethodDescriptor<byte[], byte[]> CLIENT_STREAM =
      method("ClientStream", MethodType.CLIENT_STREAMING);
  /** Request {@code "count,size"}: sends count messages of size bytes, as fast as allowed. */
  static final MethodDescriptor<byte[], byte[]> SERVER_STREAM =
      method("ServerStream", MethodType.SERVER_STREAMING);
  /** Echoes every message. */
  static final MethodDescriptor<byte[], byte[]> BIDI = method("Bidi", MethodType.BIDI_STREAMING);
  /** Never answers. */
  static final MethodDescriptor<byte[], byte[]> HANG = method("Hang", MethodType.UNARY);
  /** Fails with NOT_FOUND "no such thing" before sending headers (a trailers-only response). */
  static final MethodDescriptor<byte[], byte[]> FAIL = method("Fail", MethodType.UNARY);

  private EchoService() {}

  private static MethodDescriptor<byte[], byte[]> method(String name, MethodType type) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
